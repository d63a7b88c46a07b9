package dev.scribe.engine;

import java.nio.file.Path;

/**
 * The bank behaviour suite on the {@link CommandFixture}: the same rules as on the model and the engine, decided by
 * the real business logic with no ring and no threads, relaunched on its journal where the suite restarts.
 */
class FixtureBankTest extends BankBehaviourTest
{
    @Override
    BankUnderTest open(final Path dir)
    {
        return new FixtureBank(dir);
    }
}
