package dev.scribe.replication;

import dev.scribe.journal.FileAccess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a node's journal may have lost records it had journaled. Records are on storage only once synced; a
 * process that dies leaves the rest in the page cache, which the OS still writes back, but a machine that crashes
 * loses them. So the node keeps, in {@code journal-mark} in its replication directory, the boot id of the machine's
 * run it started in (Linux's {@code /proc/sys/kernel/random/boot_id}), whether it stopped cleanly (its journal
 * forced to storage first), and whether its journal is suspect. A start in another boot than the one recorded,
 * without a clean stop, means the machine crashed (or was reset) under the node: the journal is suspect from then
 * on, across restarts, until the node has caught up with a primary ({@link #whole()}).
 *
 * <p>A boot id that cannot be read is unknown, and an unknown boot is never taken as the same one: without a
 * recorded clean stop the journal is then suspect. A missing mark beside a journal with records is suspect too (its
 * history is unknown); beside an empty journal it is a new node only if the node was started as founding a new
 * cluster, else a node that may have lost its disk. A mark that says the journal held records, beside an empty
 * journal, means the journal was removed or replaced: suspect. So is a journal that ends before the position the
 * node last knew acknowledged (its acknowledgement floor).
 *
 * <pre>
 *   0            4            8            12           16                          80           84
 *   +------------+------------+------------+------------+---------------------------+------------+
 *   | magic      | version 1  | flags      | boot id    | boot id, ASCII, zero      | CRC32C     |
 *   | 'SJMK'     |            |            | length     | padded (64 bytes)         | 0..79      |
 *   +------------+------------+------------+------------+---------------------------+------------+
 *   flags: 1 = stopped cleanly, 2 = the journal may have lost records, 4 = the journal has held records;
 *   boot id length 0 = unknown; little-endian
 * </pre>
 */
final class TailMark
{
    static final String FILE_NAME = "journal-mark";
    /** Where Linux gives the id of the machine's current boot. */
    static final Path BOOT_ID_FILE = Path.of("/proc/sys/kernel/random/boot_id");
    static final int MAGIC = 0x4B4D4A53;
    static final int VERSION = 1;
    static final int LENGTH = 84;
    static final int MAX_BOOT_ID_BYTES = 64;
    private static final int CLEAN = 1;
    private static final int SUSPECT = 2;
    private static final int HELD = 4;

    private final Path file;
    private final FileAccess access;
    private final String bootId;
    private final boolean found;
    private final boolean foundClean;
    private final boolean foundSuspect;
    private final boolean foundHeld;
    private final String foundBootId;
    private boolean suspect;
    private boolean held;

    /**
     * Read the mark in a directory.
     *
     * @param bootId the current boot's id, or null if unknown.
     * @throws IllegalStateException naming the file if it is damaged.
     */
    TailMark(final Path directory, final FileAccess access, final String bootId)
    {
        this.file = directory.resolve(FILE_NAME);
        this.access = access;
        this.bootId = usable(bootId);
        final ByteBuffer bytes = StateFiles.read(file, LENGTH, MAGIC, VERSION, access);
        found = null != bytes;
        if (!found)
        {
            foundClean = false;
            foundSuspect = false;
            foundHeld = false;
            foundBootId = null;
            return;
        }
        final int flags = bytes.getInt();
        final int bootIdLength = bytes.getInt();
        if ((flags & ~(CLEAN | SUSPECT | HELD)) != 0 || bootIdLength < 0 || bootIdLength > MAX_BOOT_ID_BYTES)
        {
            throw StateFiles.damaged(file, "its flags " + flags + " or boot id length " + bootIdLength +
                " are not ones this format has");
        }
        foundClean = (flags & CLEAN) != 0;
        foundSuspect = (flags & SUSPECT) != 0;
        foundHeld = (flags & HELD) != 0;
        foundBootId = 0 == bootIdLength ? null :
            new String(bytes.array(), bytes.position(), bootIdLength, StandardCharsets.US_ASCII);
    }

    /**
     * The id of the machine's current boot.
     *
     * @param source the file Linux gives it in ({@link #BOOT_ID_FILE}).
     * @return the id, or null if the file is missing, unreadable, empty or longer than a boot id can be.
     */
    static String bootId(final Path source)
    {
        try
        {
            if (Files.size(source) > 4 * MAX_BOOT_ID_BYTES)
            {
                return null;
            }
            return usable(Files.readString(source, StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    private static String usable(final String id)
    {
        if (null == id || id.isEmpty() || id.length() > MAX_BOOT_ID_BYTES)
        {
            return null;
        }
        for (int i = 0; i < id.length(); i++)
        {
            if (id.charAt(i) < 0x21 || id.charAt(i) > 0x7E)
            {
                return null;
            }
        }
        return id;
    }

    Path file()
    {
        return file;
    }

    /**
     * The node starts: decide whether its journal is suspect and record that it runs (not stopped cleanly) in
     * this boot.
     *
     * @param journalEmpty whether the journal holds no record.
     * @param newCluster   whether the node was started as founding a new cluster.
     * @param lost         why the journal is known to have lost records (it ends before its acknowledgement floor),
     *                     or null.
     * @return why the journal is suspect, or null if it is not.
     */
    String start(final boolean journalEmpty, final boolean newCluster, final String lost)
    {
        final String why;
        if (null != lost)
        {
            why = lost;
        }
        else if (!found)
        {
            why = !journalEmpty ? "the journal holds records but has no mark saying it was ever known whole" :
                newCluster ? null : "the node has neither journal records nor replication state: a new node, or " +
                "one whose disk was lost or wiped. It catches up with a primary before it leads; if it is the " +
                "first node of a new cluster, start it as founding one (ReplicationContext.newCluster)";
        }
        else if (foundSuspect)
        {
            why = "the journal was suspect when the node last ran, and has not caught up with a primary since";
        }
        else if (foundHeld && journalEmpty)
        {
            why = "the journal holds no record, but it held records when the node last ran: it was removed or " +
                "replaced";
        }
        else if (foundClean)
        {
            why = null;
        }
        else if (null == bootId || null == foundBootId)
        {
            why = "the node did not stop cleanly and the machine's boot id is unknown (" +
                (null == bootId ? "now" : "when it started") + "), so the machine may have crashed";
        }
        else
        {
            why = bootId.equals(foundBootId) ? null : "the node did not stop cleanly and the machine has restarted " +
                "since (boot id " + foundBootId + ", now " + bootId + "): records after the last sync may be gone";
        }
        suspect = null != why;
        held = foundHeld || !journalEmpty;
        record(false);
        return why;
    }

    /** Whether the journal may have lost records. */
    boolean suspect()
    {
        return suspect;
    }

    /**
     * The journal is known whole (caught up with a primary): recorded on storage.
     *
     * @param journalEmpty whether the journal holds no record.
     */
    void whole(final boolean journalEmpty)
    {
        if (suspect)
        {
            suspect = false;
            held = !journalEmpty;
            record(false);
        }
    }

    /**
     * The node stopped with its journal forced to storage: recorded on storage.
     *
     * @param journalEmpty whether the journal holds no record.
     */
    void stoppedCleanly(final boolean journalEmpty)
    {
        if (!suspect)
        {
            held = !journalEmpty; // a journal truncated to nothing on the way is empty rightly
        }
        record(true);
    }

    /** The journal holds a record: recorded on storage the first time, so that its removal is seen later. */
    void holds()
    {
        if (!held)
        {
            held = true;
            record(false);
        }
    }

    private void record(final boolean clean)
    {
        final ByteBuffer bytes = StateFiles.allocate(LENGTH, MAGIC, VERSION);
        bytes.putInt((clean ? CLEAN : 0) | (suspect ? SUSPECT : 0) | (held ? HELD : 0));
        final byte[] id = null == bootId ? new byte[0] : bootId.getBytes(StandardCharsets.US_ASCII);
        bytes.putInt(id.length);
        bytes.put(id);
        StateFiles.write(file, bytes, access);
    }
}
