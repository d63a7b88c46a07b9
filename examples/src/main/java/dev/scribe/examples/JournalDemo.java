package dev.scribe.examples;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalTool;
import org.agrona.collections.Object2LongHashMap;

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
        final int records = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
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

        out.printf(Locale.ROOT, "Writing %,d records to %s%n", records, dir.toAbsolutePath());
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
            }
            journal.sync(journal.lastPosition());
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf(Locale.ROOT, "Appended %,d records in %.2f s: %,.0f records/s (synced to disk at the end)%n%n",
            records, seconds, records / seconds);

        final JournalTool tool = new JournalTool(out, out);
        out.println("$ scribe journal stat " + dir);
        tool.run("stat", dir.toString());
        out.println();
        out.println("$ scribe journal verify " + dir);
        tool.run("verify", dir.toString());
        out.println();
        out.println("$ scribe journal dump " + dir + " --limit 3");
        tool.run("dump", dir.toString(), "--limit", "3");
        out.println();
        replay(out, dir, codecs);
    }

    private static void replay(final PrintStream out, final Path dir, final CodecRegistry codecs)
    {
        final Object2LongHashMap<String> balances = new Object2LongHashMap<>(0);
        final long startNs = System.nanoTime();
        final long count;
        try (Journal journal = Journal.openReadOnly(dir))
        {
            count = journal.replay(Journal.NULL_POSITION, (position, record) -> apply(record, codecs, balances));
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        long total = 0;
        for (final String account : balances.keySet())
        {
            total += balances.getValue(account);
        }
        out.printf(Locale.ROOT, "Replayed %,d records in %.2f s (%,.0f records/s, each CRC-checked and decoded): " +
            "%d accounts, total balance %,d, acc-0 balance %,d%n", count, seconds, count / seconds,
            balances.size(), total, balances.getValue("acc-0"));
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
