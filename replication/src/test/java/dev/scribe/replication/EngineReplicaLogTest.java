package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.PositionFormat;
import dev.scribe.replication.node.RecordId;
import dev.scribe.test.Deadlines;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node agent's journal over a real engine and Chronicle journal in temporary directories: the epoch promise
 * and the journal mark on disk, leading and following, records streamed from one node's log into another's by hand,
 * truncation, and the epoch lookups the log matching uses.
 */
class EngineReplicaLogTest
{
    @TempDir
    Path dir;

    private final List<EngineReplicaLog> opened = new ArrayList<>();
    private final Nodes.Log lines = new Nodes.Log("log");

    /** A record as read: its id and a copy of its bytes. */
    record Read(RecordId id, byte[] bytes)
    {
    }

    @AfterEach
    void closeAll()
    {
        for (final EngineReplicaLog log : opened)
        {
            log.close();
        }
    }

    private EngineReplicaLog open(final String name, final String bootId)
    {
        return open(name, bootId, null);
    }

    private EngineReplicaLog open(final String name, final String bootId, final byte[] macKey)
    {
        return open(name, bootId, macKey, true);
    }

    private EngineReplicaLog open(final String name, final String bootId, final byte[] macKey,
        final boolean newCluster)
    {
        final Path engineDir = dir.resolve(name);
        final ReplicationContext context = Nodes.node(name.equals("a") ? 1 : 2, engineDir, EngineRole.STANDBY,
            new InetSocketAddress("127.0.0.1", 9)).newCluster(newCluster).engine(() -> null == macKey ?
                Nodes.bank(engineDir) : Nodes.bank(engineDir).journalContext(new JournalContext().macKey(macKey)));
        final EngineReplicaLog log = new EngineReplicaLog(context, new NodeLink(new DivergenceCheck()), lines,
            () -> bootId);
        opened.add(log);
        return log;
    }

    /** Stop a log as a killed process would: the engine goes, no clean stop is recorded. */
    private void kill(final EngineReplicaLog log)
    {
        opened.remove(log);
        log.engine().close();
    }

    private void stop(final EngineReplicaLog log)
    {
        opened.remove(log);
        log.close();
    }

    private Path stateFile(final String name, final String file)
    {
        return dir.resolve(name).resolve(ControlFile.DIRECTORY).resolve(file);
    }

    private static Outcome join(final CompletableFuture<Outcome> future)
    {
        return Nodes.result(future, "an outcome");
    }

    private static RecordId lead(final EngineReplicaLog log, final long epoch)
    {
        log.promise(epoch);
        return log.lead(epoch);
    }

    /** A deposit into {@code acc}, opened first if it is not (a refused opening journals nothing). */
    private static long deposit(final EngineReplicaLog log, final long amount)
    {
        final Outcome opened = join(log.engine().send(new Bank.Open("acc")));
        assertTrue(opened.accepted() || "acc is already open".equals(opened.reason()), opened.toString());
        final Outcome outcome = join(log.engine().send(new Bank.Deposit("acc", amount)));
        assertTrue(outcome.accepted(), outcome.toString());
        return outcome.position();
    }

    private static List<Read> readAll(final EngineReplicaLog log, final long after)
    {
        final List<Read> read = new ArrayList<>();
        log.read(after, Integer.MAX_VALUE, (id, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            read.add(new Read(id, bytes));
        });
        return read;
    }

    /** Hand every record of one log after the other's last to the other, as a standby's agent does. */
    private static RecordId stream(final EngineReplicaLog from, final EngineReplicaLog to) throws InterruptedException
    {
        final RecordId[] handed = {to.last()};
        from.read(handed[0].position(), Integer.MAX_VALUE, (id, buffer, offset, length) ->
        {
            assertTrue(to.append(id, buffer, offset, length), "append " + id);
            handed[0] = id;
        });
        Deadlines.await(() -> to.last().equals(handed[0]), "the standby to journal up to " + handed[0]);
        return handed[0];
    }

    /** The CRC32C of a record's bytes as the other node computes it: every byte but the CRC's own four. */
    private static int crcOf(final byte[] record)
    {
        final CRC32C crc = new CRC32C();
        crc.update(record, 0, 8);
        crc.update(record, 12, record.length - 12);
        return (int)crc.getValue();
    }

    @Test
    void thePromiseSurvivesARelaunchAndNeverGoesDown()
    {
        final EngineReplicaLog first = open("a", "boot-1");
        assertEquals(first.engine().epoch(), first.promisedEpoch(), "a new node promised nothing beyond its engine's " +
            "first epoch");
        first.promise(5);
        first.promise(3);
        assertEquals(5, first.promisedEpoch());
        kill(first);
        final EngineReplicaLog second = open("a", "boot-1");
        assertEquals(5, second.promisedEpoch(), "the promise is on disk");
        second.promise(4);
        assertEquals(5, second.promisedEpoch());
        second.promise(8);
        stop(second);
        assertEquals(8, open("a", "boot-1").promisedEpoch());
    }

    @Test
    void aDamagedPromiseIsAnErrorNamingTheFile() throws IOException
    {
        final EngineReplicaLog log = open("a", "boot-1");
        log.promise(6);
        stop(log);
        final Path file = stateFile("a", EpochPromise.FILE_NAME);
        final byte[] good = Files.readAllBytes(file);
        final byte[] flipped = good.clone();
        flipped[9] ^= 1;
        Files.write(file, flipped);
        final IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> open("a", "boot-1"));
        assertTrue(damaged.getMessage().contains(file.toString()) && damaged.getMessage().contains("CRC32C"),
            damaged.getMessage());
        Files.write(file, Arrays.copyOf(good, 12));
        final IllegalStateException shortFile = assertThrows(IllegalStateException.class, () -> open("a", "boot-1"));
        assertTrue(shortFile.getMessage().contains(file.toString()) && shortFile.getMessage().contains("12 bytes"),
            shortFile.getMessage());
        Files.write(file, new byte[0]);
        assertThrows(IllegalStateException.class, () -> open("a", "boot-1"), "an empty file is no promise of 0");
        Files.write(file, good);
        assertEquals(6, open("a", "boot-1").promisedEpoch(), "the node starts again once the file is restored");
    }

    @Test
    void aDamagedJournalMarkIsAnErrorNamingTheFile() throws IOException
    {
        stop(open("a", "boot-1"));
        final Path file = stateFile("a", TailMark.FILE_NAME);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[20] ^= 0x40;
        Files.write(file, bytes);
        final IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> open("a", "boot-1"));
        assertTrue(damaged.getMessage().contains(file.toString()), damaged.getMessage());
    }

    @Test
    void theStateFilesAreTheOwnersOnly() throws IOException
    {
        final EngineReplicaLog log = open("a", "boot-1");
        log.promise(2);
        for (final String name : List.of(EpochPromise.FILE_NAME, TailMark.FILE_NAME))
        {
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stateFile("a", name))), name);
        }
    }

    @Test
    void anotherBootWithoutACleanStopLeavesTheJournalSuspectUntilItIsWhole()
    {
        final EngineReplicaLog first = open("a", "boot-1");
        assertFalse(first.mayHaveLostTail(), "a new journal lost nothing");
        lead(first, 2);
        deposit(first, 1);
        kill(first);
        final EngineReplicaLog sameBoot = open("a", "boot-1");
        assertFalse(sameBoot.mayHaveLostTail(), "a process crash loses nothing: the page cache survives");
        kill(sameBoot);
        final EngineReplicaLog rebooted = open("a", "boot-2");
        assertTrue(rebooted.mayHaveLostTail(), "the machine restarted under the node");
        kill(rebooted);
        final EngineReplicaLog again = open("a", "boot-2");
        assertTrue(again.mayHaveLostTail(), "suspect until it is known whole, across restarts");
        again.journalWhole();
        assertFalse(again.mayHaveLostTail());
        kill(again);
        assertFalse(open("a", "boot-2").mayHaveLostTail(), "whole is on disk too");
        assertTrue(lines.lines.stream().anyMatch(l -> l.contains("boot id boot-1, now boot-2")), lines.lines::toString);
    }

    @Test
    void aCleanStopIsWholeInAnotherBoot()
    {
        final EngineReplicaLog first = open("a", "boot-1");
        lead(first, 2);
        deposit(first, 1);
        stop(first);
        assertFalse(open("a", "boot-2").mayHaveLostTail(), "the journal was forced at the clean stop");
    }

    @Test
    void anUnknownBootIsSuspectUnlessTheStopWasClean()
    {
        final String unknown = TailMark.bootId(dir.resolve("no-such-boot-id"));
        assertNull(unknown);
        final EngineReplicaLog first = open("a", unknown);
        lead(first, 2);
        deposit(first, 1);
        stop(first);
        final EngineReplicaLog clean = open("a", unknown);
        assertFalse(clean.mayHaveLostTail(), "a clean stop is whole whatever the boot");
        kill(clean);
        assertTrue(open("a", unknown).mayHaveLostTail(), "an unknown boot may be another one");
    }

    @Test
    void aJournalWithRecordsButNoMarkIsSuspect() throws IOException
    {
        final EngineReplicaLog first = open("a", "boot-1");
        lead(first, 2);
        stop(first);
        Files.delete(stateFile("a", TailMark.FILE_NAME));
        assertTrue(open("a", "boot-1").mayHaveLostTail());
    }

    @Test
    void aNodeWithNothingOnDiskIsNewOnlyWhenItFoundsACluster()
    {
        final EngineReplicaLog joining = open("a", "boot-1", null, false);
        assertTrue(joining.mayHaveLostTail(), "no journal and no state: maybe a lost disk");
        assertTrue(lines.lines.stream().anyMatch(l -> l.contains("newCluster")), lines.lines::toString);
        assertFalse(open("b", "boot-1", null, true).mayHaveLostTail(), "the first node of a new cluster");
    }

    @Test
    void aRemovedJournalIsSuspectEvenWhenTheNodeSaysItFoundsACluster() throws IOException
    {
        final EngineReplicaLog first = open("a", "boot-1");
        lead(first, 2);
        deposit(first, 1);
        stop(first);
        deleteTree(dir.resolve("a").resolve("journal"));
        final EngineReplicaLog emptied = open("a", "boot-1");
        assertTrue(emptied.mayHaveLostTail(), "the mark says the journal held records");
        assertTrue(lines.lines.stream().anyMatch(l -> l.contains("removed or replaced")), lines.lines::toString);
    }

    @Test
    void aJournalRemovedAfterAKillIsSuspectOnceTheNodeHasSeenARecord() throws IOException
    {
        final EngineReplicaLog first = open("a", "boot-1");
        lead(first, 2);
        deposit(first, 1);
        assertFalse(first.last().none());
        kill(first); // no clean stop: only the first record seen marked the journal as holding records
        deleteTree(dir.resolve("a").resolve("journal"));
        assertTrue(open("a", "boot-1").mayHaveLostTail(), "the journal was removed under a killed node");
    }

    @Test
    void aJournalEndingBeforeItsAcknowledgedFloorIsSuspect() throws IOException
    {
        final EngineReplicaLog first = open("a", "boot-1");
        lead(first, 2);
        deposit(first, 1);
        stop(first);
        final Path journal = dir.resolve("a").resolve("journal");
        final Path backup = dir.resolve("backup");
        copyTree(journal, backup);
        final EngineReplicaLog later = open("a", "boot-1");
        lead(later, 4);
        final long acknowledged = deposit(later, 2);
        later.acknowledgedFloor(acknowledged);
        stop(later);
        deleteTree(journal);
        copyTree(backup, journal); // an operator restores an older copy of the journal
        final EngineReplicaLog restored = open("a", "boot-1");
        assertTrue(restored.mayHaveLostTail(), "records up to " + acknowledged + " were acknowledged");
        assertTrue(lines.lines.stream().anyMatch(l -> l.contains("before position " +
            PositionFormat.position(acknowledged))),
            lines.lines::toString);
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(file);
            }
        }
    }

    @Test
    void theEngineStartsAsAStandbyAndLeadsExactlyThePromisedEpoch()
    {
        final EngineReplicaLog log = open("a", "boot-1");
        assertEquals(EngineRole.STANDBY, log.engine().role());
        assertEquals(RecordId.NONE, log.last());
        final IllegalStateException unpromised = assertThrows(IllegalStateException.class, () -> log.lead(4));
        assertTrue(unpromised.getMessage().contains("promis"), unpromised.getMessage());
        log.promise(4);
        final RecordId first = log.lead(4);
        assertEquals(4, first.epoch());
        assertEquals(EngineRole.PRIMARY, log.engine().role());
        assertEquals(first, log.last(), "the epoch record is the last journaled");
        assertEquals(first, log.recordAt(first.position()));
        assertEquals(first.position(), log.startOf(4));
        final long deposited = deposit(log, 3);
        assertEquals(new RecordId(deposited, 4, log.recordAt(deposited).crc()), log.last());
    }

    @Test
    void aPrimaryBeginsANewerEpochAndItsHeldResultsKeepWaiting()
    {
        final EngineReplicaLog log = open("a", "boot-1");
        lead(log, 2);
        log.standbyConnected(true);
        assertTrue(join(log.engine().send(new Bank.Open("acc"))).accepted());
        final CompletableFuture<Outcome> held = log.engine().send(new Bank.Deposit("acc", 1),
            SendOptions.defaults().durability(Durability.REPLICATED));
        final RecordId newer = lead(log, 5);
        assertEquals(5, newer.epoch());
        assertEquals(newer, log.last());
        assertFalse(held.isDone(), "waiting for the standby still");
        log.acknowledged(2, newer.position());
        assertFalse(held.isDone(), "an acknowledgement in the old epoch completes nothing");
        log.acknowledged(5, newer.position());
        assertTrue(join(held).accepted());
    }

    @Test
    void followRelaunchesAStandbyAndHeldResultsCompleteInDoubt()
    {
        final EngineReplicaLog log = open("a", "boot-1");
        lead(log, 2);
        deposit(log, 1);
        final RecordId before = log.last();
        log.standbyConnected(false);
        final var primary = log.engine();
        final CompletableFuture<Outcome> held = primary.send(new Bank.Deposit("acc", 2),
            SendOptions.defaults().durability(Durability.REPLICATED));
        log.follow();
        assertEquals(Outcome.Status.IN_DOUBT, join(held).status());
        assertNotSame(primary, log.engine());
        assertEquals(EngineRole.STANDBY, log.engine().role());
        assertEquals(Outcome.Status.NOT_PRIMARY, join(log.engine().send(new Bank.Deposit("acc", 3))).status());
        assertTrue(log.last().position() > before.position(), "the held command was journaled before");
        final var standby = log.engine();
        log.follow();
        assertSame(standby, log.engine(), "a standby follows already");
    }

    @Test
    void anEngineSupplierThatChangesItsDirectoryIsRefusedBeforeAnEngineStartsThere()
    {
        final Path engineDir = dir.resolve("a");
        final Path elsewhere = dir.resolve("elsewhere");
        final AtomicInteger supplied = new AtomicInteger();
        final ReplicationContext context = Nodes.node(1, engineDir, EngineRole.STANDBY,
            new InetSocketAddress("127.0.0.1", 9)).newCluster(true)
            .engine(() -> Nodes.bank(0 == supplied.getAndIncrement() ? engineDir : elsewhere));
        final EngineReplicaLog log = new EngineReplicaLog(context, new NodeLink(new DivergenceCheck()), lines,
            () -> "boot-1");
        opened.add(log);
        lead(log, 2);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, log::follow);
        assertTrue(refused.getMessage().contains(elsewhere.toString()), refused.getMessage());
        assertFalse(Files.exists(elsewhere), "no engine, journal or lock was made in the other directory");
    }

    @Test
    void recordsReadFromThePrimaryReachTheStandbysJournalWithEqualIds() throws Exception
    {
        final EngineReplicaLog primary = open("a", "boot-1");
        final EngineReplicaLog standby = open("b", "boot-1");
        lead(primary, 2);
        for (int i = 1; i <= 20; i++)
        {
            deposit(primary, i);
        }
        assertEquals(primary.last(), stream(primary, standby));
        deposit(primary, 100);
        assertEquals(primary.last(), stream(primary, standby), "the stream goes on");
        final List<Read> sent = readAll(primary, RecordId.NO_POSITION);
        final List<Read> received = readAll(standby, RecordId.NO_POSITION);
        assertEquals(23, sent.size(), "the epoch's start, the account's opening and 21 deposits");
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++)
        {
            assertEquals(sent.get(i).id(), received.get(i).id());
            assertArrayEquals(sent.get(i).bytes(), received.get(i).bytes(), "the same bytes at " + sent.get(i).id());
            assertEquals(crcOf(received.get(i).bytes()), received.get(i).id().crc(), "the CRC of the bytes");
            assertEquals(sent.get(i).id(), standby.recordAt(sent.get(i).id().position()));
        }
        assertEquals(primary.engine().stateHash(), standby.engine().stateHash());
        assertEquals(2, standby.engine().epoch());
    }

    @Test
    void keyedJournalsStreamTheRecordsWithoutTheirMacsAndSealThemWithTheirOwnKeys() throws Exception
    {
        final byte[] keyA = new byte[32];
        final byte[] keyB = new byte[32];
        Arrays.fill(keyA, (byte)1);
        Arrays.fill(keyB, (byte)2);
        final EngineReplicaLog primary = open("a", "boot-1", keyA);
        final EngineReplicaLog standby = open("b", "boot-1", keyB);
        lead(primary, 2);
        deposit(primary, 1);
        deposit(primary, 2);
        assertEquals(primary.last(), stream(primary, standby));
        final List<Read> sent = readAll(primary, RecordId.NO_POSITION);
        final List<Read> received = readAll(standby, RecordId.NO_POSITION);
        assertEquals(4, received.size(), "the epoch's start, the account's opening and two deposits");
        for (int i = 0; i < sent.size(); i++)
        {
            assertEquals(sent.get(i).id(), received.get(i).id());
            assertArrayEquals(sent.get(i).bytes(), received.get(i).bytes(), "the record, not its MAC");
            assertEquals(crcOf(sent.get(i).bytes()), sent.get(i).id().crc());
        }
    }

    @Test
    void appendRefusesBytesThatDoNotMatchTheirId() throws Exception
    {
        final EngineReplicaLog primary = open("a", "boot-1");
        final EngineReplicaLog standby = open("b", "boot-1");
        lead(primary, 2);
        deposit(primary, 7);
        final List<Read> records = readAll(primary, RecordId.NO_POSITION);
        final Read first = records.get(0);
        final UnsafeBuffer bytes = new UnsafeBuffer(first.bytes());
        final RecordId id = first.id();
        final int length = first.bytes().length;
        assertFalse(standby.append(new RecordId(id.position(), id.epoch(), id.crc() ^ 1), bytes, 0, length),
            "another CRC");
        assertFalse(standby.append(new RecordId(id.position(), id.epoch() + 1, id.crc()), bytes, 0, length),
            "another epoch");
        final byte[] damaged = first.bytes().clone();
        damaged[length - 1] ^= 1;
        assertFalse(standby.append(id, new UnsafeBuffer(damaged), 0, length), "damaged bytes");
        assertEquals(RecordId.NO_POSITION, standby.port().barrier(), "nothing was handed over");
        assertEquals(primary.last(), stream(primary, standby));
    }

    @ExpectedErrors("refused: cannot append")
    @Test
    void appendIsRefusedAfterTheEngineRefusedAnEarlierRecord() throws Exception
    {
        final EngineReplicaLog primary = open("a", "boot-1");
        final EngineReplicaLog standby = open("b", "boot-1");
        lead(primary, 2);
        deposit(primary, 1);
        deposit(primary, 2);
        final List<Read> records = readAll(primary, RecordId.NO_POSITION);
        final Read second = records.get(1);
        assertTrue(standby.append(second.id(), new UnsafeBuffer(second.bytes()), 0, second.bytes().length),
            "handed over; the engine finds the gap");
        standby.port().barrier();
        final Read third = records.get(2);
        assertFalse(standby.append(third.id(), new UnsafeBuffer(third.bytes()), 0, third.bytes().length),
            "the engine refused the record before");
        assertEquals(RecordId.NONE, standby.last());
        assertEquals(primary.last(), stream(primary, standby), "a new stream from the standby's last is taken");
    }

    @Test
    void truncateFromKeepsTheDroppedRecordsAndTakesANewerEpochsRecords() throws Exception
    {
        final EngineReplicaLog primary = open("a", "boot-1");
        final EngineReplicaLog standby = open("b", "boot-1");
        lead(primary, 2);
        deposit(primary, 1);
        final RecordId shared = stream(primary, standby);
        final RecordId cutOff = lead(standby, 3); // the standby led while cut off
        deposit(standby, 50);
        standby.follow();
        primary.promise(4);
        lead(primary, 4);
        deposit(primary, 2);
        assertEquals(3, standby.floorEpoch(3));
        assertEquals(cutOff.position(), standby.startOf(3));
        final RecordId before = standby.last();
        standby.truncateFrom(cutOff.position());
        assertEquals(1, standby.truncations());
        assertEquals(shared, standby.last());
        assertEquals(RecordId.NO_POSITION, standby.startOf(3));
        assertEquals(EngineRole.STANDBY, standby.engine().role());
        final Path dropped = dir.resolve("b").resolve("dropped");
        try (Stream<Path> kept = Files.list(dropped))
        {
            final List<Path> copies = kept.toList();
            assertEquals(1, copies.size());
            try (Journal journal = Journal.openReadOnly(copies.get(0)))
            {
                assertEquals(before.position(), journal.lastPosition(), "the dropped records are kept");
            }
        }
        assertEquals(primary.last(), stream(primary, standby));
        assertEquals(4, standby.engine().epoch());
        assertEquals(readAll(primary, RecordId.NO_POSITION).stream().map(Read::id).toList(),
            readAll(standby, RecordId.NO_POSITION).stream().map(Read::id).toList());
        assertEquals(primary.engine().stateHash(), standby.engine().stateHash());
    }

    @Test
    void aStandbyTruncatedInsideABatchDocumentKeepsTheRecordsBeforeTheCutAndCatchesUp() throws Exception
    {
        final EngineReplicaLog primary = open("a", "boot-1");
        lead(primary, 2);
        for (int i = 1; i <= 30; i++)
        {
            deposit(primary, i);
        }
        final List<Read> records = readAll(primary, RecordId.NO_POSITION);
        // the standby's journal as its engine writes it from a stream, ring batch by ring batch: documents of seven
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("b").resolve("journal"))))
        {
            for (int i = 0; i < records.size(); i++)
            {
                if (0 == i % 7)
                {
                    journal.beginBatch();
                }
                final Read record = records.get(i);
                journal.appendAt(record.id().position(), new UnsafeBuffer(record.bytes()), 0, record.bytes().length);
                if (6 == i % 7)
                {
                    journal.commitBatch();
                }
            }
            journal.commitBatch();
        }
        assertEquals(5, Journal.inspect(dir.resolve("b").resolve("journal")).documents());
        final EngineReplicaLog standby = open("b", "boot-1");
        assertEquals(primary.last(), standby.last());

        standby.truncateFrom(records.get(10).id().position()); // the fourth record of the second document
        assertEquals(records.get(9).id(), standby.last());
        assertEquals(records.get(9).id(), standby.recordAt(records.get(9).id().position()));
        assertNull(standby.recordAt(records.get(10).id().position()));
        assertEquals(records.subList(0, 10).stream().map(Read::id).toList(),
            readAll(standby, RecordId.NO_POSITION).stream().map(Read::id).toList());

        assertEquals(primary.last(), stream(primary, standby));
        final List<Read> copied = readAll(standby, RecordId.NO_POSITION);
        assertEquals(records.stream().map(Read::id).toList(), copied.stream().map(Read::id).toList());
        for (int i = 0; i < records.size(); i++)
        {
            assertArrayEquals(records.get(i).bytes(), copied.get(i).bytes(),
                "the same bytes at " + records.get(i).id());
        }
        assertEquals(primary.engine().stateHash(), standby.engine().stateHash());
    }

    @Test
    void epochLookupsAgainstAJournalOfSeveralEpochs()
    {
        final EngineReplicaLog log = open("a", "boot-1");
        assertEquals(-1, log.floorEpoch(5));
        assertEquals(RecordId.NO_POSITION, log.nextEpochStart(-1));
        final RecordId two = lead(log, 2);
        deposit(log, 1);
        deposit(log, 2);
        final RecordId four = lead(log, 4);
        deposit(log, 3);
        final RecordId seven = lead(log, 7);
        final long last = deposit(log, 4);
        assertEquals(two.position(), log.startOf(2));
        assertEquals(four.position(), log.startOf(4));
        assertEquals(seven.position(), log.startOf(7));
        assertEquals(RecordId.NO_POSITION, log.startOf(3));
        assertEquals(-1, log.floorEpoch(1));
        assertEquals(2, log.floorEpoch(3));
        assertEquals(4, log.floorEpoch(6));
        assertEquals(7, log.floorEpoch(100));
        assertEquals(two.position(), log.nextEpochStart(-1));
        assertEquals(four.position(), log.nextEpochStart(2));
        assertEquals(four.position(), log.nextEpochStart(3));
        assertEquals(seven.position(), log.nextEpochStart(4));
        assertEquals(RecordId.NO_POSITION, log.nextEpochStart(7));
        final List<Read> records = readAll(log, RecordId.NO_POSITION);
        assertEquals(List.of(2L, 2L, 2L, 2L, 4L, 4L, 7L, 7L), records.stream().map(r -> r.id().epoch()).toList());
        for (final Read record : records)
        {
            assertEquals(record.id(), log.recordAt(record.id().position()));
            assertEquals(crcOf(record.bytes()), record.id().crc());
        }
        assertNull(log.recordAt(last + 1));
        assertNull(log.recordAt(RecordId.NO_POSITION));
        assertEquals(records.get(records.size() - 1).id(), log.last());
    }

    @Test
    void lastIsCachedByPositionAndReadsGoOnWhereTheyStopped()
    {
        final EngineReplicaLog log = open("a", "boot-1");
        lead(log, 2);
        for (int i = 1; i <= 5; i++)
        {
            deposit(log, i); // seven records: the epoch's start, the account's opening and five deposits
        }
        assertSame(log.last(), log.last(), "no lookup while the position stays");
        final List<Read> all = readAll(log, RecordId.NO_POSITION);
        final List<RecordId> batches = new ArrayList<>();
        long after = RecordId.NO_POSITION;
        int read;
        while ((read = log.read(after, 3, (id, buffer, offset, length) -> batches.add(id))) > 0)
        {
            assertTrue(read <= 3);
            after = batches.get(batches.size() - 1).position();
        }
        assertEquals(all.stream().map(Read::id).toList(), batches);
        final List<RecordId> again = new ArrayList<>();
        assertEquals(3, log.read(all.get(3).id().position(), 10, (id, buffer, offset, length) -> again.add(id)),
            "a read from elsewhere repositions");
        assertEquals(all.subList(4, 7).stream().map(Read::id).toList(), again);
        assertEquals(0, log.read(all.get(6).id().position(), 10, (id, buffer, offset, length) -> again.add(id)));
        final long next = deposit(log, 7);
        assertEquals(1, log.read(all.get(6).id().position(), 10, (id, buffer, offset, length) -> again.add(id)),
            "and follows new records");
        assertEquals(next, again.get(again.size() - 1).position());
        assertEquals(again.get(again.size() - 1), log.last());
    }
}
