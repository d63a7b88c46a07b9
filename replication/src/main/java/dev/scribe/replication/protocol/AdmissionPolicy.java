package dev.scribe.replication.protocol;

/**
 * Decides whether a server accepts an authenticated client, and where its stream starts. Called by
 * {@link ServerHandshake} only after the client has proved it holds the shared secret, on the handshake's thread;
 * if handshakes run on several threads, so does the policy.
 */
@FunctionalInterface
public interface AdmissionPolicy
{
    /**
     * Decide on a client.
     *
     * @param hello what the authenticated client stated.
     * @return a Welcome or a Reject; never null.
     */
    Decision decide(Hello hello);
}
