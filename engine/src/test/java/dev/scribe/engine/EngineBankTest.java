package dev.scribe.engine;

import java.nio.file.Path;

/**
 * The bank behaviour suite against the real engine, restarted on its journal where the suite restarts.
 */
class EngineBankTest extends BankBehaviourTest
{
    @Override
    BankUnderTest open(final Path dir)
    {
        return new EngineBank(dir);
    }
}
