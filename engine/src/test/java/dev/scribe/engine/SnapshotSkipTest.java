package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.scribe.engine.EngineBank.await;
import static dev.scribe.engine.SnapshotTesting.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged snapshot is never loaded: at launch it is skipped with a sentence naming the file, the newest snapshot
 * before it is loaded (or the whole journal replayed) and the state hash is the one the running engine had.
 */
class SnapshotSkipTest
{
    private static final int STATE_HASH_OFFSET = 24;
    private static final int HEADER_CRC_OFFSET = 60;

    @TempDir
    Path dir;

    private SnapshotInfo older;
    private SnapshotInfo newer;
    private long hash;
    private long recordsAfterOlder;

    /** Two snapshots and records after each: 2 + 10 records, a snapshot, 10 more, a snapshot, 5 more. */
    @BeforeEach
    void twoSnapshots()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            accepted(engine.send(new Bank.Open("a")));
            accepted(engine.send(new Bank.Open("b")));
            for (int i = 1; i <= 10; i++)
            {
                accepted(engine.send(new Bank.Deposit(i % 2 == 0 ? "a" : "b", i)));
            }
            older = await(engine.snapshot());
            for (int i = 1; i <= 10; i++)
            {
                accepted(engine.send(new Bank.Transfer(i % 2 == 0 ? "a" : "b", i % 2 == 0 ? "b" : "a", 1)));
            }
            newer = await(engine.snapshot());
            for (int i = 1; i <= 5; i++)
            {
                accepted(engine.send(new Bank.Withdraw("a", 1), SendOptions.defaults().idempotencyKey("w-" + i)));
            }
            hash = engine.stateHash();
        }
        recordsAfterOlder = 15;
        assertEquals(List.of(older.file(), newer.file()), SnapshotTesting.snapshotFiles(dir));
    }

    @Test
    void aFlippedBodyByteIsSkipped() throws IOException
    {
        SnapshotTesting.flip(newer.file(), Files.size(newer.file()) - 10);
        assertOlderLoaded("body CRC32C mismatch");
    }

    @Test
    void aFlippedHeaderByteIsSkipped()
    {
        SnapshotTesting.flip(newer.file(), 17);
        assertOlderLoaded("header CRC32C mismatch");
    }

    @Test
    void aTruncatedSnapshotIsSkipped() throws IOException
    {
        try (FileChannel channel = FileChannel.open(newer.file(), StandardOpenOption.WRITE))
        {
            channel.truncate(channel.size() - 1);
        }
        assertOlderLoaded("truncated");
    }

    @Test
    void aSnapshotRenamedToAnotherPositionIsSkipped() throws IOException
    {
        final Path renamed = SnapshotTesting.fileAt(dir, newer.position() - 1);
        Files.move(newer.file(), renamed);
        newer = new SnapshotInfo(renamed, newer.position() - 1, 0, 0, 0, 0, 0, 0);
        assertOlderLoaded("its name says " + PositionFormat.position(newer.position()));
    }

    @Test
    void aSnapshotWhoseStateIsNotTheHashInItsHeaderIsSkippedUnlessVerifyIsOff() throws IOException
    {
        rewriteStateHash(newer.file(), newer.stateHash() + 1);
        assertOlderLoaded("is not the " + Long.toHexString(newer.stateHash() + 1) + " in its header");
        try (Engine engine = Engine.launch(Bank.context(dir).snapshots(new SnapshotPolicy().verify(false))))
        {
            assertEquals(newer.file(), engine.recovery().snapshot(), "without verification the state is not hashed");
            assertEquals(hash, engine.stateHash());
        }
    }

    @Test
    void withBothSnapshotsDamagedTheWholeJournalIsReplayed() throws IOException
    {
        SnapshotTesting.flip(newer.file(), Files.size(newer.file()) / 2);
        SnapshotTesting.flip(older.file(), 0);
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final Recovery recovery = engine.recovery();
            assertNull(recovery.snapshot(), recovery.toString());
            assertEquals(2, recovery.skipped().size(), recovery.toString());
            assertSkipped(recovery.skipped().get(0), newer.file(), "body CRC32C mismatch");
            assertSkipped(recovery.skipped().get(1), older.file(), "wrong magic");
            assertEquals(hash, engine.stateHash());
            assertEquals(27, recovery.replayedRecords());
            assertEquals(List.of(older.file(), newer.file()), SnapshotTesting.snapshotFiles(dir),
                "recovery deletes no snapshot");
        }
    }

    private void assertOlderLoaded(final String reason)
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final Recovery recovery = engine.recovery();
            assertEquals(older.file(), recovery.snapshot(), recovery.toString());
            assertEquals(older.position(), recovery.snapshotPosition());
            assertEquals(1, recovery.skipped().size(), recovery.toString());
            assertSkipped(recovery.skipped().get(0), newer.file(), reason);
            assertEquals(recordsAfterOlder, recovery.replayedRecords(), recovery.toString());
            assertEquals(hash, engine.stateHash());
            final Outcome again = await(engine.send(new Bank.Withdraw("a", 1),
                SendOptions.defaults().idempotencyKey("w-1")));
            assertTrue(again.duplicate(), again.toString());
        }
    }

    private static void assertSkipped(final String sentence, final Path file, final String reason)
    {
        assertTrue(sentence.contains(file.toString()), "names " + file + ": " + sentence);
        assertTrue(sentence.contains(reason), "says " + reason + ": " + sentence);
    }

    /** Put another state hash into a snapshot's header, with a header checksum that matches. */
    private static void rewriteStateHash(final Path file, final long stateHash) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(STATE_HASH_OFFSET, stateHash);
        final CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, HEADER_CRC_OFFSET);
        bytes.putInt(HEADER_CRC_OFFSET, (int)crc.getValue());
        Files.write(file, bytes.array());
    }
}
