package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;

import java.util.function.Function;

/**
 * A given/then fixture for a projection: events given to aggregates are journaled through the real business logic
 * (as {@link CommandFixture#given} does), read back from the journal and decoded as at a replay, upcasters
 * included, and handed to the projection with the positions and versions it would see in an engine; then the test
 * queries the projection. On the test's own thread: no ring, no projection thread, no lock.
 *
 * <pre>{@code
 * try (ProjectionFixture<BalancesView> balances =
 *     ProjectionFixture.launch(Bank.context(dir, new BalancesView()), new BalancesView()))
 * {
 *     balances.given("acc-1", new Opened(), new Deposited(100, "branch"))
 *         .given("acc-2", new Opened());
 *     balances.when(new Transfer("acc-1", "acc-2", 30)).thenAccepted();
 *     assertEquals(70, balances.projection().balance("acc-1"));
 *     assertEquals(30, balances.projection().balance("acc-2"));
 * }
 * }</pre>
 *
 * (The examples module's bank; {@code FixtureExampleTest} runs this example.) The context's own projections are
 * not run.
 *
 * @param <P> the projection's type.
 */
public final class ProjectionFixture<P extends Projection> implements AutoCloseable
{
    private final CommandFixture commands;
    private final P projection;
    private final JournalTailer tailer;
    private final RecordEvents events = new RecordEvents();

    private ProjectionFixture(final CommandFixture commands, final P projection)
    {
        this.commands = commands;
        this.projection = projection;
        this.tailer = commands.journal().tailer(Journal.NULL_POSITION);
    }

    /**
     * Start a fixture on an engine context that is set up but not launched, and a projection that has seen nothing.
     *
     * @param context    the application's registrations.
     * @param projection the projection under test; not registered in the context.
     * @param <P>        its type.
     * @return the fixture.
     */
    public static <P extends Projection> ProjectionFixture<P> launch(final EngineContext context, final P projection)
    {
        final CommandFixture commands = CommandFixture.launch(context);
        try
        {
            return new ProjectionFixture<>(commands, projection);
        }
        catch (final RuntimeException ex)
        {
            commands.close();
            throw ex;
        }
    }

    /**
     * Journal events of an aggregate, as if an earlier command had emitted them, and hand them to the projection.
     *
     * @param aggregateId the aggregate.
     * @param events      events its aggregate type applies.
     * @return this fixture.
     */
    public ProjectionFixture<P> given(final String aggregateId, final Object... events)
    {
        commands.given(aggregateId, events);
        deliver();
        return this;
    }

    /**
     * Decide a command and hand the events it emitted, if any, to the projection.
     *
     * @param command a registered command.
     * @return what happened, to assert on.
     */
    public CommandFixture.Result when(final Object command)
    {
        final CommandFixture.Result result = commands.when(command);
        deliver();
        return result;
    }

    /**
     * Ask the projection something.
     *
     * @param query reads the projection.
     * @param <R>   what it answers.
     * @return the answer.
     */
    public <R> R query(final Function<P, R> query)
    {
        return query.apply(projection);
    }

    /**
     * The projection under test.
     *
     * @return it.
     */
    public P projection()
    {
        return projection;
    }

    /**
     * The command fixture underneath, for its clock, aggregates and errors.
     *
     * @return it.
     */
    public CommandFixture commands()
    {
        return commands;
    }

    @Override
    public void close()
    {
        try
        {
            tailer.close();
        }
        finally
        {
            commands.close();
        }
    }

    private void deliver()
    {
        int read;
        do
        {
            read = tailer.poll(this::onRecord, 64);
        }
        while (read > 0);
    }

    private void onRecord(final long position, final RecordView record)
    {
        events.forEach(position, record, commands.registry().codecs(), projection);
    }
}
