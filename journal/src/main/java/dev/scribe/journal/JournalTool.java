package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line tool for a journal directory, opened read-only so it can run beside a live writer.
 *
 * <pre>
 *   dump   DIR [--from POSITION] [--to POSITION] [--limit N] [--key-file FILE]   records as text
 *   verify DIR [--key-file FILE]     check every file and record (CRC32C, structure), and its MAC given the key
 *   stat   DIR                                               records, positions, bytes, cycle files
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
 * Exit codes: 0 fine, 1 the journal is damaged or not a journal, or a corrupt record was found, 2 wrong usage or the
 * journal could not be read.
 */
public final class JournalTool
{
    /** Exit code when everything checked is fine. */
    public static final int EXIT_OK = 0;
    /** Exit code when the journal fails its health check or a corrupt record was found. */
    public static final int EXIT_CORRUPT = 1;
    /** Exit code for wrong usage or an unreadable journal. */
    public static final int EXIT_ERROR = 2;

    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;
    private static final Set<String> COMMANDS = Set.of("dump", "verify", "stat");
    private static final int HEX_BYTES = 32;

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
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);
        System.exit(new JournalTool(out, err).run(args));
    }

    /**
     * Run a command.
     *
     * @param args the command and its arguments.
     * @return the exit code.
     */
    public int run(final String... args)
    {
        if (args.length < 2)
        {
            return usage("expected a command and a journal directory");
        }
        if (!COMMANDS.contains(args[0]))
        {
            return usage("unknown command '" + args[0] + "'");
        }
        final Path dir = Path.of(args[1]);
        if (!Files.isDirectory(dir))
        {
            err.println("journal directory " + dir + " does not exist");
            return EXIT_ERROR;
        }
        final String[] options;
        final JournalContext context = new JournalContext().directory(dir).readOnly(true);
        try
        {
            options = keyFile(Arrays.copyOfRange(args, 2, args.length), context);
        }
        catch (final IllegalArgumentException ex)
        {
            return usage(ex.getMessage());
        }
        catch (final IOException ex)
        {
            err.println("cannot read the key file: " + ex);
            return EXIT_ERROR;
        }
        final JournalInspection inspection = Journal.inspect(dir);
        if (!inspection.healthy())
        {
            return unhealthy(inspection, "verify".equals(args[0]) ? out : err);
        }
        try (Journal journal = Journal.open(context))
        {
            switch (args[0])
            {
                case "dump":
                    return dump(journal, options);
                case "verify":
                    if (options.length > 0)
                    {
                        return usage("verify takes no option but --key-file");
                    }
                    return verify(journal);
                case "stat":
                    return stat(journal);
                default:
                    return usage("unknown command '" + args[0] + "'");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return usage(ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            err.println("cannot read journal " + dir + ": " + ex);
            return EXIT_ERROR;
        }
        catch (final InternalError fault)
        {
            // a mapped read that faulted where the journal could not say which file: damaged while being read
            err.println(MappedFault.of(dir.toAbsolutePath().normalize(), fault).getMessage());
            return EXIT_CORRUPT;
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
        return EXIT_CORRUPT;
    }

    private int usage(final String problem)
    {
        err.println(problem);
        err.println("usage: journal dump DIR [--from POSITION] [--to POSITION] [--limit N] [--key-file FILE]");
        err.println("       journal verify DIR [--key-file FILE]");
        err.println("       journal stat DIR");
        return EXIT_ERROR;
    }

    private int dump(final Journal journal, final String[] options)
    {
        long from = Journal.NULL_POSITION;
        long to = Long.MAX_VALUE;
        long limit = Long.MAX_VALUE;
        for (int i = 0; i < options.length; i += 2)
        {
            if (i + 1 >= options.length)
            {
                throw new IllegalArgumentException("option " + options[i] + " needs a value");
            }
            final long value = parse(options[i], options[i + 1]);
            switch (options[i])
            {
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--limit" -> limit = value;
                default -> throw new IllegalArgumentException("unknown option " + options[i]);
            }
        }
        final long last = to;
        final long max = limit;
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
            return EXIT_CORRUPT;
        }
        err.println(count[0] + " records");
        return EXIT_OK;
    }

    private static long parse(final String option, final String value)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " needs a number: '" + value + "'", ex);
        }
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

    /** Take {@code --key-file FILE} out of the options, setting the key; the other options are returned. */
    private static String[] keyFile(final String[] options, final JournalContext context) throws IOException
    {
        for (int i = 0; i < options.length; i++)
        {
            if ("--key-file".equals(options[i]))
            {
                if (i + 1 >= options.length)
                {
                    throw new IllegalArgumentException("--key-file needs a file");
                }
                context.macKey(RecordMac.readKeyFile(Path.of(options[i + 1])));
                final String[] rest = new String[options.length - 2];
                System.arraycopy(options, 0, rest, 0, i);
                System.arraycopy(options, i + 2, rest, i, options.length - i - 2);
                return rest;
            }
        }
        return options;
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
        return 0 == counts[1] ? EXIT_OK : EXIT_CORRUPT;
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
        return EXIT_OK;
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
