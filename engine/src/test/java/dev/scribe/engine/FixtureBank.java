package dev.scribe.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bank on the {@link CommandFixture}: the real business logic and journal on the test's thread, the balances
 * read from the accounts' state. A restart closes the fixture and launches another on the same journal.
 */
final class FixtureBank implements BankUnderTest
{
    private final Path dir;
    private final Set<String> opened = new TreeSet<>();
    private CommandFixture fixture;

    FixtureBank(final Path dir)
    {
        this.dir = dir;
        fixture = CommandFixture.launch(Bank.context(dir));
    }

    @Override
    public Outcome send(final Object command, final SendOptions options)
    {
        final Outcome outcome = fixture.when(command, options).outcome();
        if (outcome.accepted() && command instanceof Bank.Open open)
        {
            opened.add(open.account());
        }
        return outcome;
    }

    @Override
    public Map<String, Long> balances()
    {
        final Map<String, Long> balances = new TreeMap<>();
        for (final String account : opened)
        {
            balances.put(account, fixture.aggregate(Bank.Account.class, account).balance);
        }
        return balances;
    }

    @Override
    public void restart()
    {
        fixture.close();
        fixture = CommandFixture.launch(Bank.context(dir));
    }

    @Override
    public void close()
    {
        final List<Throwable> unexpected = fixture.errors().stream().filter(error -> !Bank.failError(error)).toList();
        if (!unexpected.isEmpty())
        {
            throw new AssertionError("the business logic reported errors: " + unexpected);
        }
        fixture.close();
    }
}
