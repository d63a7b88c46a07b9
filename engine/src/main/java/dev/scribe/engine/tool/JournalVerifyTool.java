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
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * {@code CLASS} names an {@link EngineSetup} on the class path, as for {@link ReplayTool}. The journal is opened
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
    private long records;
    private long events;
    private long bad;
    private long firstBad = Journal.NULL_POSITION;

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
     * Verify a journal with an application's setup given as an object.
     *
     * @param setup      the application's setup; its context is made for the journal's parent directory and used
     *                   only for its registrations.
     * @param journalDir the journal directory.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int run(final EngineSetup setup, final Path journalDir)
    {
        if (!Files.isDirectory(journalDir))
        {
            err.println("journal directory " + journalDir + " does not exist");
            return ToolExit.USAGE;
        }
        final JournalInspection inspection = Journal.inspect(journalDir);
        if (!inspection.healthy())
        {
            inspection.problems().forEach(problem -> out.println("BAD " + problem));
            out.println("journal " + inspection.directory() + " cannot be trusted: " + inspection.problems().size() +
                " problems; nothing in it was read");
            return ToolExit.FAILED;
        }
        final EventCheck eventCheck;
        try
        {
            final Path parent = journalDir.toAbsolutePath().normalize().getParent();
            eventCheck = EventCheck.of(setup.context(null == parent ? journalDir : parent));
        }
        catch (final RuntimeException ex)
        {
            err.println("journal verify: the setup's context is wrong: " + ex.getMessage());
            return ToolExit.USAGE;
        }
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir).readOnly(true)))
        {
            verify(journal, eventCheck);
        }
        catch (final RuntimeException ex)
        {
            err.println("cannot read journal " + journalDir + ": " + ex.getMessage());
            return ToolExit.USAGE;
        }
        out.println("records=" + records + " ok=" + (records - bad) + " bad=" + bad + " events=" + events +
            " firstBad=" + (Journal.NULL_POSITION == firstBad ? "none" : Long.toString(firstBad)));
        return 0 == bad ? ToolExit.OK : ToolExit.FAILED;
    }

    private void verify(final Journal journal, final EventCheck eventCheck)
    {
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            while (true)
            {
                try
                {
                    if (0 == tailer.poll((position, record) -> check(eventCheck, position, record), BATCH))
                    {
                        return;
                    }
                }
                catch (final CorruptRecordException ex)
                {
                    records++;
                    bad(ex.position(), ex.getMessage());
                }
            }
        }
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
                out.println("BAD position " + position + " event " + i + " (type id " + record.eventTypeId(i) +
                    ", version " + record.eventVersion(i) + "): " + problem);
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
            out.println("BAD " + message);
        }
    }
}
