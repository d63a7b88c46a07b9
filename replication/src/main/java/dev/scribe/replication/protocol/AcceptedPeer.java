package dev.scribe.replication.protocol;

/**
 * A client the server authenticated and welcomed: what it stated and what it was granted.
 *
 * @param hello   what the client stated.
 * @param welcome what the server sent back.
 */
public record AcceptedPeer(Hello hello, Welcome welcome)
{
}
