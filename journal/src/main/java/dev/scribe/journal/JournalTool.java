package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.tool.Progress;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolDirectories;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * DIR is a journal directory, or an engine directory whose journal is read; anything else is wrong usage. Positions
 * are printed and taken in {@link PositionFormat}'s form (16 hex digits; a decimal number is taken too). Every
 * command first runs the journal's health check ({@link Journal#inspect}): a directory that is not a healthy journal
 * (foreign files, a cycle file whose header cannot be read or that is shorter than its content, a missing cycle) is
 * not read at all; each problem is printed with its file.
 *
 * A keyed journal (see {@link JournalContext#macKey}) is read without its key too, its records' MACs unchecked
 * (verify says so); with {@code --key-file} (the key as hex text) every MAC is checked, and a record whose MAC does
 * not match is reported as corrupt at its position.
 *
 * <p>Each command is also a plain method ({@link #stat}, {@link #verify}, {@link #dump}) returning what it found, for
 * the {@code scribe} command line and for tests; they report progress to a {@link Progress}.
 *
 * Exit codes ({@link ToolExit}): 0 fine, 1 the journal is damaged or not a journal, or a corrupt record was found,
 * 2 wrong usage or the journal could not be read. {@code --help} prints the usage.
 */
public final class JournalTool implements Tool
{
    private static final int PROGRESS_EVERY = 4096;
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
        "       journal stat DIR [--key-file FILE]",
        "DIR is a journal directory or an engine directory; POSITION as the tools print it (16 hex digits)");

    private final PrintStream out;
    private final PrintStream err;

    /**
     * What {@code stat} found.
     *
     * @param directory     the journal directory read.
     * @param format        the journal's format version (0 for a journal that holds nothing yet).
     * @param records       the records read.
     * @param events        the events in them.
     * @param recordBytes   the records' bytes.
     * @param firstPosition the first record's position, {@link Journal#NULL_POSITION} if none.
     * @param firstCycle    its cycle, -1 if none.
     * @param firstSequence its sequence in the cycle, -1 if none.
     * @param lastPosition  the last record's position, {@link Journal#NULL_POSITION} if none.
     * @param lastCycle     its cycle, -1 if none.
     * @param lastSequence  its sequence in the cycle, -1 if none.
     * @param cycleFiles    the cycle files, by name.
     */
    public record Stat(Path directory, int format, long records, long events, long recordBytes, long firstPosition,
        int firstCycle, long firstSequence, long lastPosition, int lastCycle, long lastSequence,
        List<CycleFile> cycleFiles)
    {
        /**
         * The cycle files' bytes together.
         *
         * @return the sum of their lengths.
         */
        public long fileBytes()
        {
            return cycleFiles.stream().mapToLong(CycleFile::bytes).sum();
        }
    }

    /**
     * A cycle file of the journal.
     *
     * @param name  its name.
     * @param bytes its length.
     */
    public record CycleFile(String name, long bytes)
    {
    }

    /**
     * What {@code verify} found.
     *
     * @param directory   the journal directory read.
     * @param healthy     whether the journal passed its health check; if not, nothing in it was read.
     * @param macsChecked false for a journal with record MACs verified without its key: only CRCs were checked.
     * @param records     the records read, good and bad.
     * @param bad         the records that failed a check.
     * @param firstBad    the position of the first bad record, {@link Journal#NULL_POSITION} if none.
     * @param problems    each problem found: a file's, or a record's with its position.
     */
    public record Verification(Path directory, boolean healthy, boolean macsChecked, long records, long bad,
        long firstBad, List<String> problems)
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
     * Receives each record a dump reads.
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * One record.
         *
         * @param position its position.
         * @param cycle    its cycle.
         * @param sequence its sequence in the cycle.
         * @param record   the record, valid during the call only.
         */
        void onRecord(long position, int cycle, long sequence, RecordView record);
    }

    /**
     * Gives an event's payload as text people read, when an application's codecs can decode it.
     */
    @FunctionalInterface
    public interface PayloadText
    {
        /** No decoding: payloads are shown as hex. */
        PayloadText HEX = (record, index) -> null;

        /**
         * An event as text.
         *
         * @param record the record.
         * @param index  the event's index in it.
         * @return the event as text, or null to show its bytes as hex.
         */
        String text(RecordView record, int index);
    }

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
            if (parsed.help())
            {
                return USAGE.help(out);
            }
            final Path dir = Path.of(parsed.positional(0));
            final Path keyFile = parsed.has(KEY_FILE) ? Path.of(parsed.value(KEY_FILE)) : null;
            switch (args[0])
            {
                case "dump":
                    final long from = position(parsed, "--from", Journal.NULL_POSITION);
                    final long to = position(parsed, "--to", Long.MAX_VALUE);
                    final long limit = parsed.positiveLong("--limit", Long.MAX_VALUE);
                    final long dumped = dump(dir, keyFile, from, to, limit, printer(out), Progress.NONE);
                    err.println(dumped + " records");
                    return ToolExit.OK;
                case "verify":
                    final Verification verification = verify(dir, keyFile, Progress.NONE);
                    print(out, verification);
                    return verification.ok() ? ToolExit.OK : ToolExit.FAILED;
                default:
                    print(out, stat(dir, keyFile, Progress.NONE));
                    return ToolExit.OK;
            }
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        catch (final ToolException ex)
        {
            err.println(ex.getMessage());
            return ex.exitCode();
        }
    }

    private static long position(final ToolArgs args, final String name, final long absent)
    {
        if (!args.has(name))
        {
            return absent;
        }
        try
        {
            return PositionFormat.parsePosition(args.value(name));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException(name + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Count the records, events and bytes of a journal, and list its cycle files.
     *
     * @param dir      a journal directory, or an engine directory whose journal is read.
     * @param keyFile  the journal's MAC key as hex text, or null to read without checking MACs.
     * @param progress told of the records read.
     * @return what was found.
     * @throws ToolException if the directory is no journal ({@link ToolExit#USAGE}), or the journal is damaged or
     *                       holds a corrupt record ({@link ToolExit#FAILED}).
     */
    public static Stat stat(final Path dir, final Path keyFile, final Progress progress)
    {
        final Path journalDir = ToolDirectories.journal(dir);
        final JournalInspection inspection = healthy(journalDir);
        return read(journalDir, keyFile, journal ->
        {
            final long[] totals = new long[3];
            try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
            {
                while (0 != tailer.poll((position, record) ->
                {
                    totals[0]++;
                    totals[1] += record.length();
                    totals[2] += record.eventCount();
                }, PROGRESS_EVERY))
                {
                    progress.progress(totals[0], inspection.records());
                }
            }
            progress.progress(totals[0], totals[0]);
            final long first = journal.firstPosition();
            final long last = journal.lastPosition();
            final File[] files = journalDir.toFile().listFiles((d, name) -> name.endsWith(".cq4"));
            final File[] cycles = null == files ? new File[0] : files;
            Arrays.sort(cycles);
            final List<CycleFile> cycleFiles = new ArrayList<>();
            for (final File file : cycles)
            {
                cycleFiles.add(new CycleFile(file.getName(), file.length()));
            }
            return new Stat(journal.context().directory(), journal.formatVersion(), totals[0], totals[2], totals[1],
                first, cycle(journal, first), sequence(journal, first), last, cycle(journal, last),
                sequence(journal, last), List.copyOf(cycleFiles));
        });
    }

    /**
     * Check every file and record of a journal.
     *
     * @param dir      a journal directory, or an engine directory whose journal is read.
     * @param keyFile  the journal's MAC key as hex text, or null to check CRCs and structure only.
     * @param progress told of the records checked.
     * @return what was found; a journal that fails its health check is not read, its problems listed.
     * @throws ToolException if the directory is no journal, or the journal cannot be read ({@link ToolExit#USAGE}).
     */
    public static Verification verify(final Path dir, final Path keyFile, final Progress progress)
    {
        final Path journalDir = ToolDirectories.journal(dir);
        final JournalInspection inspection = Journal.inspect(journalDir);
        if (!inspection.healthy())
        {
            final List<String> problems = new ArrayList<>();
            inspection.problems().forEach(problem -> problems.add(problem.toString()));
            return new Verification(journalDir, false, true, 0, 0, Journal.NULL_POSITION, List.copyOf(problems));
        }
        return read(journalDir, keyFile, journal ->
        {
            final List<String> problems = new ArrayList<>();
            final long[] counts = new long[2];
            long firstBad = Journal.NULL_POSITION;
            try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
            {
                while (true)
                {
                    try
                    {
                        if (0 == tailer.poll((position, record) -> counts[0]++, PROGRESS_EVERY))
                        {
                            break;
                        }
                    }
                    catch (final CorruptRecordException ex)
                    {
                        counts[1]++;
                        firstBad = Journal.NULL_POSITION == firstBad ? ex.position() : firstBad;
                        problems.add(ex.getMessage());
                    }
                    progress.progress(counts[0] + counts[1], inspection.records());
                }
            }
            progress.progress(counts[0] + counts[1], counts[0] + counts[1]);
            return new Verification(journal.context().directory(), true, !journal.sealedWithoutKey(),
                counts[0] + counts[1], counts[1], firstBad, List.copyOf(problems));
        });
    }

    /**
     * Hand the records of a journal in a range to a handler, in order.
     *
     * @param dir      a journal directory, or an engine directory whose journal is read.
     * @param keyFile  the journal's MAC key as hex text, or null to read without checking MACs.
     * @param from     the first position, {@link Journal#NULL_POSITION} for the first record.
     * @param to       the last position, {@code Long.MAX_VALUE} for the last record.
     * @param limit    the most records to hand over.
     * @param handler  receives each record; {@link #printer(PrintStream, PayloadText)} prints it.
     * @param progress told of the records read.
     * @return how many records were handed over.
     * @throws ToolException if the directory is no journal ({@link ToolExit#USAGE}), or the journal is damaged or
     *                       holds a corrupt record in the range ({@link ToolExit#FAILED}; the records before it were
     *                       handed over).
     */
    public static long dump(final Path dir, final Path keyFile, final long from, final long to, final long limit,
        final RecordHandler handler, final Progress progress)
    {
        final Path journalDir = ToolDirectories.journal(dir);
        healthy(journalDir);
        return read(journalDir, keyFile, journal ->
        {
            final long total = Math.min(limit, journal.countRecords(from, to));
            final long[] count = {0};
            try (JournalTailer tailer = journal.tailer(from))
            {
                while (count[0] < limit && tailer.position() <= to)
                {
                    final int read = tailer.poll((position, record) ->
                    {
                        if (position <= to && count[0] < limit)
                        {
                            handler.onRecord(position, journal.cycleOf(position), journal.sequenceOf(position),
                                record);
                            count[0]++;
                        }
                    }, 1);
                    if (0 == read)
                    {
                        break;
                    }
                    if (0 == count[0] % PROGRESS_EVERY)
                    {
                        progress.progress(count[0], total);
                    }
                }
            }
            catch (final CorruptRecordException ex)
            {
                throw new ToolException(ToolExit.FAILED, ex.getMessage());
            }
            progress.progress(count[0], count[0]);
            return count[0];
        });
    }

    /**
     * A handler that prints each record as text, its payloads as hex.
     *
     * @param out where to print.
     * @return the handler.
     */
    public static RecordHandler printer(final PrintStream out)
    {
        return printer(out, PayloadText.HEX);
    }

    /**
     * A handler that prints each record as text: a line with its position and header, a line for each aggregate, and
     * a line for each event, its payload as text where {@code payloads} gives it, else as hex (the first 32 bytes).
     *
     * @param out      where to print.
     * @param payloads gives an event's payload as text, or null for hex.
     * @return the handler.
     */
    public static RecordHandler printer(final PrintStream out, final PayloadText payloads)
    {
        return (position, cycle, sequence, record) ->
        {
            out.printf(Locale.ROOT, "position=%s cycle=%d seq=%d epoch=%d time=%s correlation=%d causation=%d " +
                "key=\"%s\" crc32c=0x%08x length=%d%n", PositionFormat.position(position), cycle, sequence,
                record.epoch(), timestamp(record.timestampNs()), record.correlationId(), record.causationId(),
                record.idempotencyKey(), record.crc32c(), record.length());
            for (int i = 0; i < record.aggregateCount(); i++)
            {
                out.printf(Locale.ROOT, "  aggregate[%d] id=\"%s\" version=%d%n", i, record.aggregateId(i),
                    record.aggregateVersion(i));
            }
            for (int i = 0; i < record.eventCount(); i++)
            {
                final String text = payloads.text(record, i);
                out.printf(Locale.ROOT, "  event[%d] aggregate=%d type=%d version=%d bytes=%d %s%n", i,
                    record.eventAggregateIndex(i), record.eventTypeId(i), record.eventVersion(i),
                    record.payloadLength(i), null == text ? payloadHex(record, i) : text);
            }
        };
    }

    /**
     * A record's time as an ISO-8601 instant.
     *
     * @param timestampNs nanoseconds since the epoch.
     * @return the instant as text.
     */
    public static String timestamp(final long timestampNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(timestampNs, 1_000_000_000L),
            Math.floorMod(timestampNs, 1_000_000_000L)).toString();
    }

    /**
     * The first 32 bytes of an event's payload as hex, followed by {@code ...} if there are more.
     *
     * @param record the record.
     * @param index  the event's index.
     * @return the hex text.
     */
    public static String payloadHex(final RecordView record, final int index)
    {
        final int offset = record.payloadOffset(index);
        final int length = record.payloadLength(index);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(length, HEX_BYTES); i++)
        {
            text.append(String.format(Locale.ROOT, "%02x", record.buffer().getByte(offset + i)));
        }
        return length > HEX_BYTES ? text.append("...").toString() : text.toString();
    }

    /**
     * Print what {@code verify} found, as text.
     *
     * @param out          where to print.
     * @param verification what was found.
     */
    public static void print(final PrintStream out, final Verification verification)
    {
        if (!verification.healthy())
        {
            verification.problems().forEach(problem -> out.println("BAD " + problem));
            out.println(untrusted(verification.directory(), verification.problems().size()));
            return;
        }
        if (!verification.macsChecked())
        {
            out.println("this journal has record MACs; without --key-file only CRCs and structure are checked");
        }
        verification.problems().forEach(problem -> out.println("BAD " + problem));
        out.println("records=" + verification.records() + " ok=" + (verification.records() - verification.bad()) +
            " bad=" + verification.bad() + " firstBad=" + PositionFormat.position(verification.firstBad()));
    }

    /**
     * Print what {@code stat} found, as text.
     *
     * @param out  where to print.
     * @param stat what was found.
     */
    public static void print(final PrintStream out, final Stat stat)
    {
        out.println("directory=" + stat.directory());
        out.println("format=" + stat.format() + (stat.format() == 1 ? " (one record a document)" :
            " (batch documents)"));
        out.println("records=" + stat.records() + " events=" + stat.events() + " recordBytes=" + stat.recordBytes());
        out.println("firstPosition=" + describe(stat.firstPosition(), stat.firstCycle(), stat.firstSequence()) +
            " lastPosition=" + describe(stat.lastPosition(), stat.lastCycle(), stat.lastSequence()));
        for (final CycleFile file : stat.cycleFiles())
        {
            out.println("cycleFile=" + file.name() + " bytes=" + file.bytes());
        }
        out.println("cycleFiles=" + stat.cycleFiles().size() + " fileBytes=" + stat.fileBytes());
    }

    private static String describe(final long position, final int cycle, final long sequence)
    {
        return Journal.NULL_POSITION == position ? PositionFormat.NONE :
            PositionFormat.position(position) + " (cycle " + cycle + " seq " + sequence + ")";
    }

    private static int cycle(final Journal journal, final long position)
    {
        return Journal.NULL_POSITION == position ? -1 : journal.cycleOf(position);
    }

    private static long sequence(final Journal journal, final long position)
    {
        return Journal.NULL_POSITION == position ? -1 : journal.sequenceOf(position);
    }

    private static String untrusted(final Path directory, final int problems)
    {
        return "journal " + directory + " cannot be trusted: " + problems + " problem" + (problems == 1 ? "" : "s") +
            "; nothing in it was read";
    }

    /**
     * A journal that fails its health check is not read at all: each problem, with its file, in the exception.
     */
    private static JournalInspection healthy(final Path journalDir)
    {
        final JournalInspection inspection = Journal.inspect(journalDir);
        if (!inspection.healthy())
        {
            final StringBuilder message = new StringBuilder();
            inspection.problems().forEach(problem -> message.append("BAD ").append(problem).append('\n'));
            message.append(untrusted(inspection.directory(), inspection.problems().size()));
            throw new ToolException(ToolExit.FAILED, message.toString());
        }
        return inspection;
    }

    private interface JournalWork<T>
    {
        T apply(Journal journal);
    }

    private static <T> T read(final Path dir, final Path keyFile, final JournalWork<T> work)
    {
        final JournalContext context = new JournalContext().directory(dir).readOnly(true);
        if (null != keyFile)
        {
            try
            {
                context.macKey(RecordMac.readKeyFile(keyFile));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ToolException(ToolExit.USAGE, ex.getMessage());
            }
            catch (final IOException ex)
            {
                throw new ToolException(ToolExit.USAGE, "cannot read the key file: " + ex);
            }
        }
        try (Journal journal = Journal.open(context))
        {
            return work.apply(journal);
        }
        catch (final ToolException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new ToolException(ToolExit.USAGE, "cannot read journal " + dir + ": " + ex);
        }
        catch (final InternalError fault)
        {
            // a mapped read that faulted where the journal could not say which file: damaged while being read
            throw new ToolException(ToolExit.FAILED, MappedFault.of(dir.toAbsolutePath().normalize(), fault)
                .getMessage());
        }
    }
}
