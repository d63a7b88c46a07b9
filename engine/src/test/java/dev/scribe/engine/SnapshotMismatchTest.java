package dev.scribe.engine;

import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.journal.JournalContext;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.scribe.engine.EngineBank.await;
import static dev.scribe.engine.SnapshotTesting.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sound snapshot files that do not fit: one taken of another journal (another record at its position), one at a
 * position after the end of the journal, and one whose aggregate state was written by another codec version. Each is
 * skipped with a sentence naming the file, and the engine recovers from an older snapshot or the whole journal.
 */
class SnapshotMismatchTest
{
    /** Every journal in this test is in the same cycle, so the same record count gives the same positions. */
    private static final long JOURNAL_TIME_MS = System.currentTimeMillis();

    @TempDir
    Path dir;

    /** The bank's account state as a flag byte and a balance, with a version of our choosing. */
    static final class AccountCodec implements PayloadCodec<Bank.Account>
    {
        private final int version;

        AccountCodec(final int version)
        {
            this.version = version;
        }

        @Override
        public Class<Bank.Account> type()
        {
            return Bank.Account.class;
        }

        @Override
        public int typeId()
        {
            return 9_001;
        }

        @Override
        public int version()
        {
            return version;
        }

        @Override
        public int encode(final Bank.Account value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putByte(offset, (byte)(value.open ? 1 : 0));
            buffer.putLong(offset + 1, value.balance, ByteOrder.LITTLE_ENDIAN);
            return 9;
        }

        @Override
        public Bank.Account decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 9)
            {
                throw new IllegalArgumentException("an account is 9 bytes, not " + length);
            }
            final Bank.Account account = new Bank.Account();
            account.open = buffer.getByte(offset) == 1;
            account.balance = buffer.getLong(offset + 1, ByteOrder.LITTLE_ENDIAN);
            return account;
        }
    }

    private static EngineContext context(final Path dir)
    {
        return Bank.context(dir).journalContext(new JournalContext().epochClock(() -> JOURNAL_TIME_MS));
    }

    /** Deposits of first + 1, first + 2, ... into account x; returns the position of each record. */
    private static long[] deposits(final Engine engine, final int count, final long first)
    {
        final long[] positions = new long[count];
        for (int i = 0; i < count; i++)
        {
            positions[i] = accepted(engine.send(new Bank.Deposit("x", first + i + 1))).position();
        }
        return positions;
    }

    @Test
    void aSnapshotOfAnotherJournalOrBeyondItsEndIsSkipped() throws IOException
    {
        final Path theirs = dir.resolve("theirs");
        final Path ours = dir.resolve("ours");
        final Path shorter = dir.resolve("shorter");
        final SnapshotInfo foreign;
        try (Engine engine = Engine.launch(context(theirs)))
        {
            accepted(engine.send(new Bank.Open("x")));
            deposits(engine, 6, 0);
            foreign = await(engine.snapshot());
        }
        final SnapshotInfo own;
        final long ourHash;
        try (Engine engine = Engine.launch(context(ours)))
        {
            accepted(engine.send(new Bank.Open("x")));
            deposits(engine, 2, 100);
            own = await(engine.snapshot());
            final long[] positions = deposits(engine, 4, 200);
            assertEquals(foreign.position(), positions[3], "the journals have records at the same positions");
            ourHash = engine.stateHash();
        }
        final Path copied = Files.copy(foreign.file(), SnapshotTesting.fileAt(ours, foreign.position()));
        try (Engine engine = Engine.launch(context(ours)))
        {
            final Recovery recovery = engine.recovery();
            assertEquals(own.file(), recovery.snapshot(), recovery.toString());
            assertSkipped(recovery, copied, "was taken of another journal");
            assertEquals(ourHash, engine.stateHash());
            assertTrue(Files.exists(copied.resolveSibling("diverged").resolve(copied.getFileName())),
                "a snapshot of another history is set aside, kept for inspection");
            assertEquals(List.of(own.file()), engine.snapshots().list(), "and no longer listed or pruned against");
        }
        try (Engine engine = Engine.launch(context(ours)))
        {
            assertEquals(List.of(), engine.recovery().skipped(), "set aside once, not skipped at every launch");
        }

        final long shorterHash;
        try (Engine engine = Engine.launch(context(shorter)))
        {
            accepted(engine.send(new Bank.Open("x")));
            deposits(engine, 3, 0);
            shorterHash = engine.stateHash();
        }
        final Path beyond = Files.copy(foreign.file(), SnapshotTesting.fileAt(shorter, foreign.position()));
        try (Engine engine = Engine.launch(context(shorter)))
        {
            final Recovery recovery = engine.recovery();
            assertNull(recovery.snapshot(), recovery.toString());
            assertSkipped(recovery, beyond, "after the end of the journal");
            assertEquals(shorterHash, engine.stateHash());
            assertEquals(4, recovery.replayedRecords());
            assertTrue(Files.exists(beyond.resolveSibling("diverged").resolve(beyond.getFileName())));
        }
    }

    @Test
    void aSnapshotWrittenByAnotherCodecVersionIsSkipped()
    {
        final SnapshotInfo first;
        final SnapshotInfo second;
        final long hash;
        try (Engine engine = Engine.launch(Bank.context(dir).snapshots(new SnapshotPolicy()
            .codec(Bank.Account.class, new AccountCodec(1)))))
        {
            accepted(engine.send(new Bank.Open("x")));
            deposits(engine, 3, 0);
            first = await(engine.snapshot());
            accepted(engine.send(new Bank.Withdraw("x", 2)));
            second = await(engine.snapshot());
            accepted(engine.send(new Bank.Withdraw("x", 1)));
            hash = engine.stateHash();
        }
        try (Engine engine = Engine.launch(Bank.context(dir).snapshots(new SnapshotPolicy()
            .codec(Bank.Account.class, new AccountCodec(2)))))
        {
            final Recovery recovery = engine.recovery();
            assertNull(recovery.snapshot(), recovery.toString());
            assertEquals(2, recovery.skipped().size(), recovery.toString());
            assertTrue(recovery.skipped().get(0).contains(second.file().toString()), recovery.toString());
            assertTrue(recovery.skipped().get(0).contains("layout version 1"), recovery.toString());
            assertTrue(recovery.skipped().get(1).contains(first.file().toString()), recovery.toString());
            assertEquals(hash, engine.stateHash());
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final Recovery recovery = engine.recovery();
            assertNull(recovery.snapshot(), "the built-in codec does not read the custom codec's state: " + recovery);
            assertEquals(hash, engine.stateHash());
        }
        try (Engine engine = Engine.launch(Bank.context(dir).snapshots(new SnapshotPolicy()
            .codec(Bank.Account.class, new AccountCodec(1)))))
        {
            final Recovery recovery = engine.recovery();
            assertEquals(second.file(), recovery.snapshot(), "the same codec version reads it: " + recovery);
            assertEquals(List.of(), recovery.skipped());
            assertEquals(1, recovery.replayedRecords());
            assertEquals(hash, engine.stateHash());
            assertEquals(3L, Bank.balance(engine, "x"));
        }
    }

    private static void assertSkipped(final Recovery recovery, final Path file, final String reason)
    {
        assertEquals(1, recovery.skipped().size(), recovery.toString());
        final String sentence = recovery.skipped().get(0);
        assertTrue(sentence.contains(file.toString()) && sentence.contains(reason), sentence);
    }
}
