package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line tool for a journal directory, opened read-only so it can run beside a live writer.
 *
 * <pre>
 *   dump   DIR [--from POSITION] [--to POSITION] [--limit N] [--key-file FILE]   records as text
 *   verify DIR [--key-file FILE]     check every file and record (CRC32C, structure), and its MAC given the key
 *   stat   DIR [--key-file FILE]                             records, positions, bytes, cycle files
 * </pre>
 *
 * Every command first runs the journal's health check ({@link Journal#inspect}): a directory that is not a healthy
 * journal (foreign files, a cycle file whose header cannot be read or that is shorter than its content, a missing
 * cycle) is not read at all; each problem is printed with its file.
 *
 * A keyed journal (see {@link JournalContext#macKey}) is read without its key too, its records' MACs unchecked
 * (verify says so); with {@code --key-file} (the key as hex text) every MAC is checked, and a record whose MAC does
 * not match is reported as corrupt at its position.
 *
 * Exit codes ({@link ToolExit}): 0 fine, 1 the journal is damaged or not a journal, or a corrupt record was found,
 * 2 wrong usage or the journal could not be read. {@code --help} prints the usage.
 */
public final class JournalTool implements Tool
{
    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;
    private static final int HEX_BYTES = 32;
    private static final String KEY_FILE = "--key-file";
    private static final Map<String, ToolArgs.Parser> COMMANDS = Map.of(
        "dump", ToolArgs.parser().positional("a journal directory")
            .option("--from").option("--to").option("--limit").option(KEY_FILE),
        "verify", ToolArgs.parser().positional("a journal directory").option(KEY_FILE),
        "stat", ToolArgs.parser().positional("a journal directory").option(KEY_FILE));
    private static final ToolUsage USAGE = new ToolUsage("",
        "usage: journal dump DIR [--from POSITION] [--to POSITION] [--limit N] [--key-file FILE]",
        "       journal verify DIR [--key-file FILE]",
        "       journal stat DIR [--key-file FILE]");

    private final PrintStream out;
    private final PrintStream err;
    private long lastProgressNs = System.nanoTime();

    /**
     * A tool printing to the given streams.
     *
     * @param out for results.
     * @param err for progress and errors.
     */
    public JournalTool(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Run from the command line.
     *
     * @param args the command and its arguments.
     */
    public static void main(final String[] args)
    {
        ToolLauncher.exit(JournalTool::new, args);
    }

    /**
     * Run a command.
     *
     * @param args the command and its arguments.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        if (0 == args.length)
        {
            return USAGE.wrong(err, "expected a command and a journal directory");
        }
        final ToolArgs.Parser command = COMMANDS.get(args[0]);
        if (null == command)
        {
            return ToolArgs.isHelp(args[0]) ? USAGE.help(out) : USAGE.wrong(err, "unknown command '" + args[0] + "'");
        }
        try
        {
            final ToolArgs parsed = command.parse(Arrays.copyOfRange(args, 1, args.length));
            return parsed.help() ? USAGE.help(out) : run(args[0], parsed, parsed.longValue("--from",
                Journal.NULL_POSITION), parsed.longValue("--to", Long.MAX_VALUE), parsed.longValue("--limit",
                Long.MAX_VALUE));
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
    }

    private int run(final String command, final ToolArgs args, final long from, final long to, final long limit)
    {
        final Path dir = Path.of(args.positional(0));
        if (!Files.isDirectory(dir))
        {
            err.println("journal directory " + dir + " does not exist");
            return ToolExit.USAGE;
        }
        final JournalContext context = new JournalContext().directory(dir).readOnly(true);
        if (args.has(KEY_FILE))
        {
            try
            {
                context.macKey(RecordMac.readKeyFile(Path.of(args.value(KEY_FILE))));
            }
            catch (final IllegalArgumentException ex)
            {
                return USAGE.wrong(err, ex.getMessage());
            }
            catch (final IOException ex)
            {
                err.println("cannot read the key file: " + ex);
                return ToolExit.USAGE;
            }
        }
        final JournalInspection inspection = Journal.inspect(dir);
        if (!inspection.healthy())
        {
            return unhealthy(inspection, "verify".equals(command) ? out : err);
        }
        try (Journal journal = Journal.open(context))
        {
            switch (command)
            {
                case "dump":
                    return dump(journal, from, to, limit);
                case "verify":
                    return verify(journal);
                default:
                    return stat(journal);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            err.println("cannot read journal " + dir + ": " + ex);
            return ToolExit.USAGE;
        }
        catch (final InternalError fault)
        {
            // a mapped read that faulted where the journal could not say which file: damaged while being read
            err.println(MappedFault.of(dir.toAbsolutePath().normalize(), fault).getMessage());
            return ToolExit.FAILED;
        }
    }

    /**
     * A journal that fails its health check is not read at all: each problem, with its file, and the exit code.
     */
    private int unhealthy(final JournalInspection inspection, final PrintStream to)
    {
        for (final JournalInspection.Problem problem : inspection.problems())
        {
            to.println("BAD " + problem);
        }
        to.println("journal " + inspection.directory() + " cannot be trusted: " + inspection.problems().size() +
            " problem" + (inspection.problems().size() == 1 ? "" : "s") + "; nothing in it was read");
        return ToolExit.FAILED;
    }

    private int dump(final Journal journal, final long from, final long last, final long max)
    {
        final long[] count = {0};
        try (JournalTailer tailer = journal.tailer(from))
        {
            while (count[0] < max && tailer.position() <= last)
            {
                final int read = tailer.poll((position, record) ->
                {
                    if (position <= last && count[0] < max)
                    {
                        print(journal, position, record);
                        count[0]++;
                    }
                }, 1);
                if (0 == read)
                {
                    break;
                }
            }
        }
        catch (final CorruptRecordException ex)
        {
            err.println(ex.getMessage());
            return ToolExit.FAILED;
        }
        err.println(count[0] + " records");
        return ToolExit.OK;
    }

    private void print(final Journal journal, final long position, final RecordView record)
    {
        out.printf(Locale.ROOT, "position=%d cycle=%d seq=%d epoch=%d time=%s correlation=%d causation=%d " +
            "key=\"%s\" crc32c=0x%08x length=%d%n", position, journal.cycleOf(position), journal.sequenceOf(position),
            record.epoch(), timestamp(record.timestampNs()), record.correlationId(), record.causationId(),
            record.idempotencyKey(), record.crc32c(), record.length());
        for (int i = 0; i < record.aggregateCount(); i++)
        {
            out.printf(Locale.ROOT, "  aggregate[%d] id=\"%s\" version=%d%n", i, record.aggregateId(i),
                record.aggregateVersion(i));
        }
        for (int i = 0; i < record.eventCount(); i++)
        {
            out.printf(Locale.ROOT, "  event[%d] aggregate=%d type=%d version=%d bytes=%d %s%n", i,
                record.eventAggregateIndex(i), record.eventTypeId(i), record.eventVersion(i),
                record.payloadLength(i), hex(record, record.payloadOffset(i), record.payloadLength(i)));
        }
    }

    private static String timestamp(final long timestampNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(timestampNs, 1_000_000_000L),
            Math.floorMod(timestampNs, 1_000_000_000L)).toString();
    }

    private static String hex(final RecordView record, final int offset, final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(length, HEX_BYTES); i++)
        {
            text.append(String.format(Locale.ROOT, "%02x", record.buffer().getByte(offset + i)));
        }
        return length > HEX_BYTES ? text.append("...").toString() : text.toString();
    }

    private int verify(final Journal journal)
    {
        if (journal.sealedWithoutKey())
        {
            out.println("this journal has record MACs; without --key-file only CRCs and structure are checked");
        }
        final long[] counts = new long[2];
        long firstBad = Journal.NULL_POSITION;
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            while (true)
            {
                try
                {
                    if (0 == tailer.poll((position, record) -> counts[0]++, 4096))
                    {
                        break;
                    }
                }
                catch (final CorruptRecordException ex)
                {
                    counts[1]++;
                    firstBad = Journal.NULL_POSITION == firstBad ? ex.position() : firstBad;
                    out.println("BAD " + ex.getMessage());
                }
                progress("verified", counts[0] + counts[1]);
            }
        }
        out.println("records=" + (counts[0] + counts[1]) + " ok=" + counts[0] + " bad=" + counts[1] +
            " firstBad=" + (Journal.NULL_POSITION == firstBad ? "none" : Long.toString(firstBad)));
        return 0 == counts[1] ? ToolExit.OK : ToolExit.FAILED;
    }

    private int stat(final Journal journal)
    {
        final long[] totals = new long[3];
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            while (0 != tailer.poll((position, record) ->
            {
                totals[0]++;
                totals[1] += record.length();
                totals[2] += record.eventCount();
            }, 4096))
            {
                progress("read", totals[0]);
            }
        }
        final long first = journal.firstPosition();
        final long last = journal.lastPosition();
        out.println("directory=" + journal.context().directory());
        out.println("format=" + journal.formatVersion() + (journal.formatVersion() == 1 ? " (one record a document)" :
            " (batch documents)"));
        out.println("records=" + totals[0] + " events=" + totals[2] + " recordBytes=" + totals[1]);
        out.println("firstPosition=" + describe(journal, first) + " lastPosition=" + describe(journal, last));
        final File[] files = journal.context().directory().toFile().listFiles((d, name) -> name.endsWith(".cq4"));
        final File[] cycles = null == files ? new File[0] : files;
        Arrays.sort(cycles);
        long fileBytes = 0;
        for (final File file : cycles)
        {
            fileBytes += file.length();
            out.println("cycleFile=" + file.getName() + " bytes=" + file.length());
        }
        out.println("cycleFiles=" + cycles.length + " fileBytes=" + fileBytes);
        return ToolExit.OK;
    }

    private static String describe(final Journal journal, final long position)
    {
        return Journal.NULL_POSITION == position ? "none" :
            position + " (cycle " + journal.cycleOf(position) + " seq " + journal.sequenceOf(position) + ")";
    }

    private void progress(final String what, final long count)
    {
        final long now = System.nanoTime();
        if (now - lastProgressNs >= PROGRESS_INTERVAL_NS)
        {
            lastProgressNs = now;
            err.println(what + " " + count + " records...");
        }
    }
}
