package dev.scribe.engine;

import java.nio.file.Path;

/**
 * The bank behaviour suite against the reference model.
 */
class ModelBankTest extends BankBehaviourTest
{
    @Override
    BankUnderTest open(final Path dir)
    {
        return new ModelBank();
    }
}
