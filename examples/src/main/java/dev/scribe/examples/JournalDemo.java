package dev.scribe.examples;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalTool;
import org.agrona.collections.Object2LongHashMap;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a sample bank journal (deposits and withdrawals as plain Java records), reads it back with the journal
 * tool, and replays it to rebuild the balances.
 */
public final class JournalDemo
{
    /** A deposit into an account. */
    public record Deposited(String account, long amount)
    {
    }

    /** A withdrawal from an account. */
    public record Withdrawn(String account, long amount)
    {
    }

    private static final int ACCOUNTS = 1_000;
    /** Records between two looks at the clock for the progress line. */
    private static final int PROGRESS_EVERY = 4_096;

    private JournalDemo()
    {
    }

    /**
     * Run the demo.
     *
     * @param args optional: journal directory (default {@code data/journal-demo}) and record count.
     * @throws IOException if the directory cannot be prepared.
     */
    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final Path dir = Path.of(args.length > 0 ? args[0] : "data/journal-demo");
        if (args.length > 2)
        {
            throw new IllegalArgumentException("too many arguments; usage: bin/demo journal [dir] [records]");
        }
        final int records = args.length > 1 ? records(args[1]) : 500_000;
        DemoDirectory.delete(dir);

        final CodecRegistry codecs = new CodecRegistry().record(Deposited.class, 1).record(Withdrawn.class, 2);
        final PayloadCodec<Deposited> deposited = codecs.codecFor(Deposited.class);
        final PayloadCodec<Withdrawn> withdrawn = codecs.codecFor(Withdrawn.class);
        final String[] accounts = new String[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++)
        {
            accounts[i] = "acc-" + i;
        }
        final long[] versions = new long[ACCOUNTS];
        final SplittableRandom random = new SplittableRandom(42);
        final RecordWriter writer = new RecordWriter();

        out.printf(Locale.ROOT, "Journal demo: the journal on its own, without the engine, in %s%n",
            dir.toAbsolutePath().normalize());
        out.printf(Locale.ROOT, "1. Appending %,d records, each a deposit or a withdrawal (a plain Java record) of " +
            "one of %,d accounts:%n", records, ACCOUNTS);
        final Progress progress = new Progress(out, "   appended", records, "records");
        final long startNs = System.nanoTime();
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            for (int n = 0; n < records; n++)
            {
                final int account = random.nextInt(ACCOUNTS);
                final long amount = 1 + random.nextInt(1_000);
                writer.begin(1, System.currentTimeMillis() * 1_000_000L, n, 0)
                    .aggregate(accounts[account], ++versions[account]);
                if (n % 4 == 3)
                {
                    writer.event(0, withdrawn, new Withdrawn(accounts[account], amount));
                }
                else
                {
                    writer.event(0, deposited, new Deposited(accounts[account], amount));
                }
                writer.idempotencyKey("cmd-" + n).finish();
                journal.append(writer);
                if (0 == n % PROGRESS_EVERY)
                {
                    progress.update(n);
                }
            }
            journal.sync(journal.lastPosition());
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf(Locale.ROOT, "   Appended %,d records in %.2f s: %,.0f records/s, synced to disk at the end.%n",
            records, seconds, records / seconds);

        out.println();
        out.println("2. The journal tool on it: its size and span, every record's checksum, the first three records.");
        tool(out, "stat", dir.toString());
        tool(out, "verify", dir.toString());
        tool(out, "dump", dir.toString(), "--limit", "3");
        out.println();
        replay(out, dir, codecs, records);
    }

    /** Run the journal tool as {@code bin/scribe journal ARGS} would, its output indented under the command. */
    private static void tool(final PrintStream out, final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            new JournalTool(captured, captured).run(args);
        }
        out.println("   $ bin/scribe journal " + String.join(" ", args));
        bytes.toString(StandardCharsets.UTF_8).lines().forEach(line -> out.println("   " + line));
    }

    private static int records(final String text)
    {
        try
        {
            final int records = Integer.parseInt(text);
            if (records > 0)
            {
                return records;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException("the number of records must be a positive integer: '" + text + "'; " +
            "usage: bin/demo journal [dir] [records]");
    }

    private static void replay(final PrintStream out, final Path dir, final CodecRegistry codecs, final int records)
    {
        out.println("3. Replaying the journal into balances, each record checked against its checksum and decoded:");
        final Object2LongHashMap<String> balances = new Object2LongHashMap<>(0);
        final Progress progress = new Progress(out, "   replayed", records, "records");
        final long[] seen = {0};
        final long startNs = System.nanoTime();
        final long count;
        try (Journal journal = Journal.openReadOnly(dir))
        {
            count = journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                apply(record, codecs, balances);
                if (0 == ++seen[0] % PROGRESS_EVERY)
                {
                    progress.update(seen[0]);
                }
            });
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        long total = 0;
        for (final String account : balances.keySet())
        {
            total += balances.getValue(account);
        }
        out.printf(Locale.ROOT, "   Replayed %,d records in %.2f s: %,.0f records/s. %,d accounts hold %,d in " +
            "total; acc-0 holds %,d.%n", count, seconds, count / seconds, balances.size(), total,
            balances.getValue("acc-0"));
    }

    private static void apply(final RecordView record, final CodecRegistry codecs,
        final Object2LongHashMap<String> balances)
    {
        for (int i = 0; i < record.eventCount(); i++)
        {
            final Object event = record.event(i, codecs);
            if (event instanceof Deposited d)
            {
                balances.merge(d.account(), d.amount(), Long::sum);
            }
            else if (event instanceof Withdrawn w)
            {
                balances.merge(w.account(), -w.amount(), Long::sum);
            }
        }
    }
}
