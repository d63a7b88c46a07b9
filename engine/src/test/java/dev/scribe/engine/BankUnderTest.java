package dev.scribe.engine;

import java.util.Map;

/**
 * The bank as the behaviour suites drive it: the naive {@link ModelBank}, the command fixture ({@link FixtureBank})
 * or the real engine ({@link EngineBank}).
 * The same commands must give the same outcomes from both.
 */
interface BankUnderTest extends AutoCloseable
{
    /**
     * Send one command and wait for its outcome.
     */
    Outcome send(Object command, SendOptions options);

    /**
     * The balance of every open account, reflecting every outcome returned so far.
     */
    Map<String, Long> balances();

    /**
     * Stop and start again on the same state; the engine relaunches on its journal.
     */
    void restart();

    @Override
    void close();
}
