package dev.scribe.examples.bank;

import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineSetup;

import java.nio.file.Path;

/**
 * The bank's registrations for tools that rebuild its state, such as
 * {@code bin/demo replay} or {@code scribe replay --setup dev.scribe.examples.bank.BankSetup DIR}.
 */
public final class BankSetup implements EngineSetup
{
    /**
     * A setup; tools make it by name.
     */
    public BankSetup()
    {
    }

    @Override
    public EngineContext context(final Path directory)
    {
        return Bank.context(directory, new BalancesView());
    }
}
