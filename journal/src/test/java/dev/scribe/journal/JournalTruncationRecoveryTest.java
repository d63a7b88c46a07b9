package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A truncation stopped between any two of its file operations, as a crash would stop it, leaves the journal as it was
 * or truncated, whichever way it is opened next; while one runs, nothing else opens the journal.
 */
class JournalTruncationRecoveryTest
{
    /** More than one batch of copied records, so the truncation can be stopped halfway through copying. */
    private static final int[] RECORDS_PER_CYCLE = {2500, 1700, 300};
    private static final int[] SKIPS = {0, 0, 2};
    private static final int CUT = 3000;

    /** Stops a truncation like a crash: nothing after the step runs, no clean-up; only the locks go. */
    static final class Crash extends Error
    {
        private static final long serialVersionUID = 1L;
    }

    /** What opens the journal after the crash. */
    enum Reopen
    {
        OPEN, OPEN_READ_ONLY, TRUNCATE
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    static Stream<Arguments> stepsAndReopens()
    {
        return Arrays.stream(JournalTruncation.Step.values())
            .flatMap(step -> Arrays.stream(Reopen.values()).map(reopen -> Arguments.of(step, reopen)));
    }

    @ParameterizedTest(name = "stopped at {0}, then {1}")
    @MethodSource("stepsAndReopens")
    void aTruncationStoppedAtAnyStepLeavesTheOldJournalOrTheTruncatedOne(
        final JournalTruncation.Step stop, final Reopen reopen) throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final Path droppedTo = dir.resolve("dropped");
        final List<JournalEntry> original = build(journalDir);
        final long from = original.get(CUT).position();
        assertThrows(Crash.class, () -> JournalTruncation.truncate(context(journalDir), from, droppedTo, step ->
        {
            if (step == stop)
            {
                throw new Crash();
            }
        }));

        final boolean committed = stop.compareTo(JournalTruncation.Step.COMMITTED) >= 0;
        final List<JournalEntry> expected = committed ? original.subList(0, CUT) : original;
        switch (reopen)
        {
            case OPEN -> Journal.open(context(journalDir)).close();
            case OPEN_READ_ONLY -> TestJournals.assertSameRecords(expected, TestJournals.readAll(journalDir));
            case TRUNCATE -> assertEquals(expected.get(expected.size() - 1).position(),
                Journal.truncate(context(journalDir), Long.MAX_VALUE, null).lastKept());
            default -> throw new AssertionError(reopen);
        }
        assertFalse(Files.exists(journalDir.resolve(TruncationRecovery.COMPLETE_FILE)));
        assertEquals(List.of("dropped", "journal"), TestJournals.siblings(journalDir));
        if (committed)
        {
            // the dropped records are forced to storage before the commit
            TestJournals.assertSameRecords(original.subList(RECORDS_PER_CYCLE[0], original.size()),
                TestJournals.readAll(droppedTo));
        }
        check(journalDir, expected);
    }

    @Test
    void nothingElseOpensTheJournalWhileATruncationRunsNorCreatesItWhileItIsSetAside() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final List<JournalEntry> original = build(journalDir);
        final List<JournalTruncation.Step> refusedAt = new ArrayList<>();
        final Truncation truncation = JournalTruncation.truncate(context(journalDir), original.get(CUT).position(),
            null, step ->
            {
                if (step != JournalTruncation.Step.COPYING && step != JournalTruncation.Step.DONE)
                {
                    final JournalException writer =
                        assertThrows(JournalException.class, () -> Journal.open(context(journalDir)));
                    assertTrue(writer.getMessage().contains("already open for writing") ||
                        writer.getMessage().contains("being truncated"), step + ": " + writer.getMessage());
                    assertThrows(JournalException.class, () -> Journal.openReadOnly(journalDir));
                    assertThrows(JournalException.class,
                        () -> Journal.truncate(context(journalDir), original.get(1).position(), null));
                    assertEquals(step != JournalTruncation.Step.SET_ASIDE, Files.isDirectory(journalDir), step.name());
                    refusedAt.add(step);
                }
            });
        assertEquals(List.of(JournalTruncation.Step.COPIED, JournalTruncation.Step.SYNCED,
            JournalTruncation.Step.COMMITTED, JournalTruncation.Step.SET_ASIDE, JournalTruncation.Step.SWAPPED,
            JournalTruncation.Step.OLD_DELETED), refusedAt);
        assertEquals(original.get(CUT - 1).position(), truncation.lastKept());
        check(journalDir, original.subList(0, CUT));
    }

    @Test
    void aLeftoverThatNoTruncationLeavesIsReportedNotGuessedAt() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        build(journalDir);
        Files.move(journalDir, TruncationRecovery.setAside(journalDir));
        final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(context(journalDir)));
        assertTrue(ex.getMessage().contains("move the directories back by hand"), ex.getMessage());
        assertFalse(Files.exists(journalDir));
    }

    private List<JournalEntry> build(final Path journalDir)
    {
        try (Journal journal = Journal.open(context(journalDir)))
        {
            TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
            return TestJournals.readAll(journal);
        }
    }

    private JournalContext context(final Path journalDir)
    {
        return TestJournals.secondly(journalDir, clock);
    }

    /** The journal holds the expected records, and appends go on after them. */
    private void check(final Path journalDir, final List<JournalEntry> expected)
    {
        try (Journal journal = Journal.open(context(journalDir)))
        {
            TestJournals.assertSameRecords(expected, journal);
            final long position = journal.append(TestRecords.record(new RecordWriter(), 99_999, 1));
            assertTrue(position > expected.get(expected.size() - 1).position());
        }
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            assertEquals(expected.size() + 1, journal.replay(Journal.NULL_POSITION, (position, record) -> { }));
        }
    }
}
