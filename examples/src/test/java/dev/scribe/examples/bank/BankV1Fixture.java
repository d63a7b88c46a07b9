package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A journal written by version 1 of the bank's events, kept in the repository: its records, byte for byte at their
 * positions ({@code fixtures/bank-v1.records}), and the balances they lead to ({@code fixtures/bank-v1.balances}).
 * {@link #load} rebuilds the journal from them so the current code can be launched on it.
 *
 * <p>Records file: the 8 bytes {@code SCRIBEJ1}, a record count (int), then per record its position (long), its
 * length (int) and its bytes; big-endian. {@link #main} wrote the fixture with the version 1 events.
 */
final class BankV1Fixture
{
    static final String RECORDS = "/fixtures/bank-v1.records";
    static final String BALANCES = "/fixtures/bank-v1.balances";
    private static final byte[] MAGIC = "SCRIBEJ1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_RECORDS = 1_000_000;
    private static final int MAX_RECORD_BYTES = 1 << 20;

    private BankV1Fixture()
    {
    }

    /**
     * Write the fixture: a deterministic run of the bank, exported.
     *
     * @param args the directory to write the two files into.
     * @throws IOException if they cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path out = Path.of(args[0]);
        final Path engineDir = Files.createTempDirectory("bank-v1");
        final BalancesView view = new BalancesView();
        try (Engine engine = Engine.launch(Bank.context(engineDir, view)))
        {
            run(engine);
            final Map<String, Long> balances = engine.query(view, BalancesView::balances);
            final StringBuilder text = new StringBuilder();
            balances.forEach((account, balance) -> text.append(account).append(' ').append(balance).append('\n'));
            Files.writeString(out.resolve("bank-v1.balances"), text.toString());
        }
        try (Journal journal = Journal.openReadOnly(engineDir.resolve("journal"));
            DataOutputStream records = new DataOutputStream(Files.newOutputStream(out.resolve("bank-v1.records"))))
        {
            final List<byte[]> bytes = new ArrayList<>();
            final List<Long> positions = new ArrayList<>();
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                final byte[] copy = new byte[record.length()];
                record.buffer().getBytes(record.offset(), copy);
                bytes.add(copy);
                positions.add(position);
            });
            records.write(MAGIC);
            records.writeInt(bytes.size());
            for (int i = 0; i < bytes.size(); i++)
            {
                records.writeLong(positions.get(i));
                records.writeInt(bytes.get(i).length);
                records.write(bytes.get(i));
            }
        }
    }

    private static void run(final Engine engine)
    {
        for (int i = 0; i < 20; i++)
        {
            engine.send(new BankCommand.OpenAccount(account(i))).join();
            engine.send(new BankCommand.Deposit(account(i), 1_000 + i * 10)).join();
        }
        for (int i = 0; i < 200; i++)
        {
            engine.send(new BankCommand.Transfer(account(i % 20), account((i * 7 + 3) % 20), 1 + i % 37),
                SendOptions.defaults().idempotencyKey("transfer-" + i)).join();
            engine.send(new BankCommand.Withdraw(account((i * 3) % 20), 5)).join();
        }
        final String refusal = engine.send(new BankCommand.Withdraw(account(19), Long.MAX_VALUE / 2)).join().reason();
        final Matcher balance = Pattern.compile("balance (\\d+)").matcher(refusal);
        if (!balance.find())
        {
            throw new IllegalStateException("no balance in: " + refusal);
        }
        final long rest = Long.parseLong(balance.group(1));
        engine.send(new BankCommand.Withdraw(account(19), rest)).join();
        engine.send(new BankCommand.CloseAccount(account(19))).join();
    }

    private static String account(final int i)
    {
        return String.format("acc-%02d", i);
    }

    /**
     * Rebuild the fixture's journal in an engine directory: every record at its position, with its bytes.
     *
     * @param engineDir the engine directory; its {@code journal} subdirectory must not exist yet.
     * @return the number of records.
     * @throws IOException if the fixture cannot be read or is malformed.
     */
    static int load(final Path engineDir) throws IOException
    {
        try (InputStream stream = BankV1Fixture.class.getResourceAsStream(RECORDS);
            Journal journal = Journal.open(new JournalContext().directory(engineDir.resolve("journal"))))
        {
            if (null == stream)
            {
                throw new IOException(RECORDS + " is not on the class path");
            }
            final DataInputStream in = new DataInputStream(stream);
            final byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(MAGIC, magic))
            {
                throw new IOException(RECORDS + " does not start with SCRIBEJ1");
            }
            final int count = in.readInt();
            if (count < 0 || count > MAX_RECORDS)
            {
                throw new IOException(RECORDS + " says " + count + " records");
            }
            for (int i = 0; i < count; i++)
            {
                final long position = in.readLong();
                final int length = in.readInt();
                if (length <= 0 || length > MAX_RECORD_BYTES)
                {
                    throw new IOException(RECORDS + ": record " + i + " says " + length + " bytes");
                }
                final byte[] bytes = in.readNBytes(length);
                if (bytes.length != length)
                {
                    throw new IOException(RECORDS + ": record " + i + " is cut short");
                }
                journal.appendAt(position, new UnsafeBuffer(bytes), 0, length);
            }
            if (in.read() != -1)
            {
                throw new IOException(RECORDS + " has bytes after its " + count + " records");
            }
            return count;
        }
    }

    /**
     * The balances the fixture's commands led to, as the version 1 code computed them.
     *
     * @return account to balance.
     * @throws IOException if the file cannot be read.
     */
    static Map<String, Long> balances() throws IOException
    {
        final Map<String, Long> balances = new TreeMap<>();
        try (InputStream stream = BankV1Fixture.class.getResourceAsStream(BALANCES))
        {
            if (null == stream)
            {
                throw new IOException(BALANCES + " is not on the class path");
            }
            for (final String line : new String(stream.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                final String[] words = line.split(" ");
                balances.put(words[0], Long.parseLong(words[1]));
            }
        }
        return balances;
    }
}
