package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projection fixture hands a projection what an engine hands it: the same events, aggregate ids and versions,
 * one position per record, in order.
 */
class ProjectionFixtureTest
{
    @TempDir
    Path dir;

    /** Notes every event: position, aggregate, version, event. */
    static final class Recording implements Projection
    {
        final List<Object[]> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            seen.add(new Object[] {position, aggregateId, version, event});
        }
    }

    private static final List<Object> COMMANDS = List.of(
        new Bank.Open("a"), new Bank.Open("b"), new Bank.Deposit("a", 100), new Bank.Transfer("a", "b", 30),
        new Bank.Withdraw("b", 50), new Bank.Withdraw("a", 10), new Bank.Transfer("b", "a", 5));

    @Test
    void aProjectionSeesWhatAnEngineWouldShowIt()
    {
        final Recording live = new Recording();
        try (Engine engine = Engine.launch(Bank.context(dir.resolve("engine")).projection(live)))
        {
            for (final Object command : COMMANDS)
            {
                engine.send(command).join();
            }
            final long last = engine.lastPosition();
            Deadlines.await(() -> !live.seen.isEmpty() &&
                (long)live.seen.get(live.seen.size() - 1)[0] == last, "the live projection to see position " + last);
        }
        final Recording fixtureSeen = new Recording();
        try (ProjectionFixture<Recording> fixture = ProjectionFixture.launch(Bank.context(dir.resolve("fixture")),
            fixtureSeen))
        {
            for (final Object command : COMMANDS)
            {
                fixture.when(command);
            }
            assertEquals(describe(live.seen), describe(fixture.projection().seen));
            assertEquals(samePositions(live.seen), samePositions(fixtureSeen.seen),
                "events grouped into records alike");
            assertTrue(fixture.commands().errors().isEmpty(), fixture.commands().errors().toString());
        }
    }

    @Test
    void givenEventsReachTheProjectionWithTheirAggregatesVersions()
    {
        final Recording seen = new Recording();
        try (ProjectionFixture<Recording> fixture = ProjectionFixture.launch(Bank.context(dir), seen))
        {
            fixture.given("a", new Bank.Opened("a"), new Bank.Deposited(7))
                .given("b", new Bank.Opened("b"));
            fixture.when(new Bank.Deposit("a", 3)).thenAccepted();
            assertEquals(List.of("a v1 " + new Bank.Opened("a"), "a v2 " + new Bank.Deposited(7),
                "b v1 " + new Bank.Opened("b"), "a v3 " + new Bank.Deposited(3)), describe(seen.seen));
        }
    }

    private static List<String> describe(final List<Object[]> seen)
    {
        final List<String> out = new ArrayList<>();
        for (final Object[] event : seen)
        {
            out.add(event[1] + " v" + event[2] + " " + event[3]);
        }
        return out;
    }

    /** For each event, whether it shares its record (position) with the one before. */
    private static List<Boolean> samePositions(final List<Object[]> seen)
    {
        final List<Boolean> out = new ArrayList<>();
        for (int i = 1; i < seen.size(); i++)
        {
            out.add(seen.get(i)[0].equals(seen.get(i - 1)[0]));
        }
        return out;
    }
}
