package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process truncating a journal is killed with SIGKILL at a random moment, or halted at a random step of the
 * truncation and killed there; the next open finds the journal as it was or truncated, complete, and appends carry
 * on.
 */
class JournalTruncationCrashTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final int[] RECORDS_PER_CYCLE = {30_000, 25_000, 1, 40_000};
    private static final int[] SKIPS = {0, 1, 0, 3};
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0x7E5CA1L, 20_261_124L, 11L})
    void killedTruncationLeavesTheOldJournalOrTheTruncatedOne(final long seed) throws Exception
    {
        System.out.println("JournalTruncationCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path journalDir = dir.resolve("journal");
        final Path droppedTo = dir.resolve("dropped");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (Journal journal = Journal.open(context(journalDir)))
        {
            TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
        }
        for (int round = 0; round < ROUNDS; round++)
        {
            final List<JournalEntry> before = TestJournals.readAll(journalDir);
            final long from = before.get(random.nextInt(before.size())).position();
            final List<JournalEntry> kept = before.stream().filter(entry -> entry.position() < from).toList();
            final JournalTruncation.Step[] steps = JournalTruncation.Step.values();
            final String halt = random.nextBoolean() ? steps[random.nextInt(steps.length)].name() : "-";
            final int killAfterSteps = random.nextInt(before.size() / 4096 + steps.length);
            System.out.println("round " + round + ": from index " + kept.size() + ", halt at " + halt +
                ", else kill after " + killAfterSteps + " steps");

            try (ChildJvm child = ChildJvm.start(TruncatingChild.class, logs.resolve("child-" + round + ".err"),
                journalDir.toString(), Long.toString(from), droppedTo.toString(), halt))
            {
                child.awaitLine("TRUNCATING"::equals, DEADLINE);
                final int[] stepsSeen = {0};
                child.awaitLine(line -> "HALTED".equals(line) || line.startsWith("FINISHED") ||
                    line.startsWith("STEP") && ++stepsSeen[0] > killAfterSteps && "-".equals(halt), DEADLINE);
                child.kill(DEADLINE);
            }

            final List<JournalEntry> after = recover(journalDir, random.nextInt(3));
            final boolean truncated = after.size() == kept.size();
            System.out.println("round " + round + ": found the journal " + (truncated ? "truncated" : "as it was"));
            TestJournals.assertSameRecords(truncated ? kept : before, after);
            if (truncated)
            {
                final long cycleStart = cycleStart(journalDir, before.get(kept.size()).position());
                TestJournals.assertSameRecords(
                    before.stream().filter(entry -> entry.position() >= cycleStart).toList(),
                    TestJournals.readAll(droppedTo));
            }
            assertEquals(List.of("journal", "logs"), TestJournals.siblings(journalDir).stream()
                .filter(name -> !name.equals("dropped")).toList());
            assertFalse(Files.exists(journalDir.resolve(TruncationRecovery.COMPLETE_FILE)));
            appendCarriesOn(journalDir, after);
            if (Files.exists(droppedTo))
            {
                TestJournals.delete(droppedTo);
            }
        }
    }

    /** Open the journal after the crash, one way or another; each resolves what the truncation left. */
    private List<JournalEntry> recover(final Path journalDir, final int how)
    {
        if (0 == how)
        {
            try (Journal journal = Journal.open(context(journalDir)))
            {
                return TestJournals.readAll(journal);
            }
        }
        if (1 == how)
        {
            return TestJournals.readAll(journalDir);
        }
        Journal.truncate(context(journalDir), Long.MAX_VALUE, null);
        return TestJournals.readAll(journalDir);
    }

    private void appendCarriesOn(final Path journalDir, final List<JournalEntry> records)
    {
        try (Journal journal = Journal.open(context(journalDir)))
        {
            final long position = journal.append(TestRecords.record(new RecordWriter(), 1_000_000, 1));
            assertTrue(records.isEmpty() || position > records.get(records.size() - 1).position());
            assertEquals(position, journal.lastPosition());
        }
    }

    private static long cycleStart(final Path journalDir, final long position) throws IOException
    {
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            return journal.queue().rollCycle().toIndex(journal.cycleOf(position), 0);
        }
    }

    private JournalContext context(final Path journalDir)
    {
        return TestJournals.secondly(journalDir, clock);
    }
}
