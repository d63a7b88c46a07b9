package dev.scribe.engine.tool;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.EngineSetup;
import dev.scribe.engine.EventCheck;
import dev.scribe.journal.CorruptRecordException;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalInspection;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.JournalTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.Progress;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolDirectories;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line tool that verifies a journal the way a launch will read it: the journal's health check and every
 * record's checks, as {@code journal verify} does, and then every event decoded with the application's codecs (its
 * type id registered, its version readable, its payload whole) and applied by a registered aggregate. A journal that
 * passes replays at launch; each failure is printed with its journal position, event index and type id.
 *
 * <pre>
 *   journal verify --setup CLASS JOURNAL_DIR
 * </pre>
 *
 * {@code JOURNAL_DIR} is a journal directory, or an engine directory whose journal is read. {@code CLASS} names an
 * {@link EngineSetup} on the class path, as for {@link ReplayTool}; {@link #verify} does the same work for a setup
 * given as an object and returns what it found. The journal is opened
 * read-only, so this can run beside the engine. Exit codes ({@link ToolExit}) as {@link JournalTool}'s: 0 fine, 1 the
 * journal is damaged, holds a corrupt record or an event the application cannot replay, 2 wrong usage or the journal
 * could not be read.
 */
public final class JournalVerifyTool implements Tool
{
    private static final ToolUsage USAGE = new ToolUsage("journal verify: ",
        "usage: journal verify --setup CLASS JOURNAL_DIR");
    private static final ToolArgs.Parser ARGS = ToolArgs.parser().positional("a journal directory").option("--setup");
    private static final int BATCH = 4096;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * What the verification found.
     *
     * @param directory the journal directory read.
     * @param healthy   whether the journal passed its health check; if not, nothing in it was read.
     * @param records   the records read, good and bad.
     * @param bad       the records that failed a check or hold an event that would not replay.
     * @param events    the events read.
     * @param firstBad  the position of the first bad record, {@link Journal#NULL_POSITION} if none.
     * @param problems  each problem found: a file's, a record's or an event's, with its position.
     */
    public record Verification(Path directory, boolean healthy, long records, long bad, long events, long firstBad,
        List<String> problems)
    {
        /**
         * Whether everything checked is fine.
         *
         * @return true if healthy and no record is bad.
         */
        public boolean ok()
        {
            return healthy && 0 == bad;
        }
    }

    /**
     * A tool printing to the given streams.
     *
     * @param out for results.
     * @param err for errors.
     */
    public JournalVerifyTool(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Run from the command line.
     *
     * @param args {@code --setup CLASS JOURNAL_DIR}.
     */
    public static void main(final String[] args)
    {
        ToolLauncher.exit(JournalVerifyTool::new, args);
    }

    /**
     * Verify with the setup named by {@code --setup CLASS}.
     *
     * @param args {@code --setup CLASS JOURNAL_DIR}.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        final ToolArgs parsed;
        try
        {
            parsed = ARGS.parse(args);
            if (parsed.help())
            {
                return USAGE.help(out);
            }
            parsed.required("--setup");
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        final EngineSetup setup = SetupClass.load(parsed.value("--setup"), err, "journal verify: ");
        return null == setup ? ToolExit.USAGE : run(setup, Path.of(parsed.positional(0)));
    }

    /**
     * Verify a journal with an application's setup given as an object, printing what was found.
     *
     * @param setup      the application's setup; its context is made for the journal's parent directory and used
     *                   only for its registrations.
     * @param journalDir the journal directory, or an engine directory.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int run(final EngineSetup setup, final Path journalDir)
    {
        try
        {
            final Verification verification = verify(setup, journalDir, Progress.NONE);
            print(out, verification);
            return verification.ok() ? ToolExit.OK : ToolExit.FAILED;
        }
        catch (final ToolException ex)
        {
            err.println(ex.getMessage());
            return ex.exitCode();
        }
    }

    /**
     * Verify a journal with an application's setup given as an object.
     *
     * @param setup    the application's setup; its context is made for the journal's parent directory and used
     *                 only for its registrations.
     * @param dir      the journal directory, or an engine directory whose journal is read.
     * @param progress told of the records checked.
     * @return what was found.
     * @throws ToolException if the directory is no journal, the setup's context is wrong or the journal cannot be
     *                       read ({@link ToolExit#USAGE}).
     */
    public static Verification verify(final EngineSetup setup, final Path dir, final Progress progress)
    {
        final Path journalDir = ToolDirectories.journal(dir);
        final JournalInspection inspection = Journal.inspect(journalDir);
        if (!inspection.healthy())
        {
            final List<String> problems = new ArrayList<>();
            inspection.problems().forEach(problem -> problems.add(problem.toString()));
            return new Verification(inspection.directory(), false, 0, 0, 0, Journal.NULL_POSITION,
                List.copyOf(problems));
        }
        final EventCheck eventCheck;
        try
        {
            final Path parent = journalDir.toAbsolutePath().normalize().getParent();
            eventCheck = EventCheck.of(setup.context(null == parent ? journalDir : parent));
        }
        catch (final RuntimeException ex)
        {
            throw new ToolException(ToolExit.USAGE, "journal verify: the setup's context is wrong: " +
                ex.getMessage());
        }
        final Counts counts = new Counts();
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir).readOnly(true)))
        {
            counts.verify(journal, eventCheck, progress, inspection.records());
        }
        catch (final RuntimeException ex)
        {
            throw new ToolException(ToolExit.USAGE, "cannot read journal " + journalDir + ": " + ex.getMessage());
        }
        return new Verification(journalDir, true, counts.records, counts.bad, counts.events, counts.firstBad,
            List.copyOf(counts.problems));
    }

    /**
     * Print what the verification found, as text: each problem on a line of its own starting {@code BAD}, then the
     * counts.
     *
     * @param out          where to print.
     * @param verification what was found.
     */
    public static void print(final PrintStream out, final Verification verification)
    {
        verification.problems().forEach(problem -> out.println("BAD " + problem));
        if (!verification.healthy())
        {
            out.println("journal " + verification.directory() + " cannot be trusted: " +
                verification.problems().size() + " problems; nothing in it was read");
            return;
        }
        out.println("records=" + verification.records() + " ok=" + (verification.records() - verification.bad()) +
            " bad=" + verification.bad() + " events=" + verification.events() + " firstBad=" +
            PositionFormat.position(verification.firstBad()));
    }

    /** The counts of one verification. */
    private static final class Counts
    {
        private final List<String> problems = new ArrayList<>();
        private long records;
        private long events;
        private long bad;
        private long firstBad = Journal.NULL_POSITION;

        void verify(final Journal journal, final EventCheck eventCheck, final Progress progress, final long total)
        {
            try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
            {
                while (true)
                {
                    try
                    {
                        if (0 == tailer.poll((position, record) -> check(eventCheck, position, record), BATCH))
                        {
                            break;
                        }
                    }
                    catch (final CorruptRecordException ex)
                    {
                        records++;
                        bad(ex.position(), ex.getMessage());
                    }
                    progress.progress(records, total);
                }
            }
            progress.progress(records, records);
        }

        private void check(final EventCheck eventCheck, final long position, final RecordView record)
        {
            records++;
            boolean good = true;
            for (int i = 0; i < record.eventCount(); i++)
            {
                events++;
                final String problem = eventCheck.problem(record, i);
                if (null != problem)
                {
                    problems.add("position " + PositionFormat.position(position) + " event " + i + " (type id " +
                        record.eventTypeId(i) + ", version " + record.eventVersion(i) + "): " + problem);
                    good = false;
                }
            }
            if (!good)
            {
                bad(position, null);
            }
        }

        private void bad(final long position, final String message)
        {
            bad++;
            firstBad = Journal.NULL_POSITION == firstBad ? position : firstBad;
            if (null != message)
            {
                problems.add(message);
            }
        }
    }
}
