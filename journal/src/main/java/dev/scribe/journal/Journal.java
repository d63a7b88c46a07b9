package dev.scribe.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.DirectBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scribe's journal: records appended atomically to memory-mapped Chronicle Queue cycle files, each checked by its
 * CRC32C whenever it is read.
 *
 * <p>A record's <em>position</em> holds the cycle file the record is in and its sequence among the cycle's records, as
 * Chronicle's roll cycle splits an index: it grows by one with every record of a cycle, and positions are ordered but
 * not dense across cycles. The records appended between {@link #beginBatch} and {@link #commitBatch} share Chronicle
 * documents, each at its own position; in a journal of the first format ({@link #formatVersion} 1) every record is a
 * document, and its position the document's Chronicle index. Pass only positions the journal returned (or the
 * cursors of a {@link JournalPage}) back to it.
 *
 * <p>One process at a time may open a directory for writing; the writer lock is released by the OS if that process
 * dies, and a record torn by the crash is skipped on the next open. Appends come from one thread at a time. Reads,
 * pages, replays and tailers may be used from other threads, each tailer by one thread.
 *
 * <p>A standby copies its primary with {@link #appendAt}, each record at the primary's position with the primary's
 * bytes; {@link #truncate} drops every record from a position on, surviving a crash at any moment.
 */
public final class Journal implements AutoCloseable
{
    /** Position meaning "none", e.g. of an empty journal. */
    public static final long NULL_POSITION = -1;

    private final JournalContext context;
    private final SingleChronicleQueue queue;
    private final WriterLock writerLock;
    private final JournalSync sync;
    private final JournalAppender appender;
    private final JournalRelease release;
    private final JournalReader reader;
    private final CycleLedger ledger;
    private final AtomicLong retentionFloor = new AtomicLong(NULL_POSITION);
    private boolean closed;

    private Journal(final JournalContext context)
    {
        this.context = context;
        final Path directory = context.directory();
        // nothing is resolved, locked, created or mapped before the files are known to be a journal
        JournalCheck.inspect(TruncationRecovery.journalAfterRecovery(directory), context.rollCycle()).requireHealthy();
        WriterLock lock = null;
        SingleChronicleQueue q = null;
        JournalReader opened = null;
        CycleLedger openedLedger = null;
        List<Path> earlierFiles = List.of();
        try
        {
            if (context.readOnly())
            {
                TruncationRecovery.recoverForReading(directory);
                if (!Files.isDirectory(directory))
                {
                    throw new JournalException("journal directory " + directory + " does not exist");
                }
                q = ChronicleQueues.readOnly(directory, context);
            }
            else
            {
                lock = TruncationRecovery.recoverAndLock(directory, context.fileAccess());
                q = ChronicleQueues.writable(directory, context.rollCycle().chronicle(), context);
                final List<CycleFiles.CycleFile> present = new CycleFiles(q).list(directory);
                openedLedger = CycleLedger.open(directory, present, context.fileAccess());
                earlierFiles = present.stream().map(file -> file.path().toAbsolutePath()).toList();
            }
            final boolean empty = NULL_POSITION == new JournalReader(q, RecordMac.NONE,
                FormatSource.undecided(directory)).lastDocument();
            final RecordMac recordMac = RecordMac.forJournal(directory, context, !context.readOnly(), empty);
            opened = new JournalReader(q, recordMac, format(directory, context, empty));
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (null != q)
            {
                q.close();
            }
            if (null != lock)
            {
                lock.close();
            }
            if (null != openedLedger)
            {
                openedLedger.close();
            }
            if (ex instanceof JournalException journalException)
            {
                throw journalException;
            }
            if (ex instanceof InternalError fault)
            {
                throw MappedFault.of(directory, fault);
            }
            throw new JournalException("cannot open journal " + directory + ": " + ex.getMessage(), ex);
        }
        this.writerLock = lock;
        this.queue = q;
        this.reader = opened;
        this.ledger = openedLedger;
        this.sync = new JournalSync(directory, openedLedger, earlierFiles);
        this.appender = new JournalAppender(opened, directory, AppendLimits.of(context), null != lock,
            new CycleRetention(context, q, retentionFloor, openedLedger), context.fileAccess(), sync, openedLedger);
        this.release = new JournalRelease(opened, context, retentionFloor, openedLedger);
    }

    /**
     * The format of the journal opened: the marker's; else format 1 if it holds records; else, for a writer, the
     * format of a new journal (marked before its first record), and for a reader, decided when it sees a record.
     */
    private static FormatSource format(final Path directory, final JournalContext context, final boolean empty)
    {
        final JournalFormat marked = JournalFormat.marked(directory);
        if (null != marked)
        {
            return FormatSource.of(marked);
        }
        if (!empty)
        {
            return FormatSource.of(JournalFormat.V1);
        }
        if (context.readOnly())
        {
            return FormatSource.undecided(directory);
        }
        context.newJournalFormat().mark(directory, context.fileAccess());
        return FormatSource.of(context.newJournalFormat());
    }

    /**
     * Open a journal; for writing unless the context says read-only. A truncation that a crash interrupted is first
     * finished or undone (see {@link #truncate}).
     *
     * @param context the journal's settings; concluded here.
     * @return the open journal.
     * @throws MissingJvmFlagsException if the JVM lacks flags the journal needs ({@link JvmFlags#check()}); nothing
     *                                  was touched on disk.
     * @throws JournalException if the directory is locked by another writer or cannot be opened, or if it fails its
     *                          {@link #inspect health check} (the message names each file and what is wrong with it;
     *                          nothing in the directory was changed).
     */
    public static Journal open(final JournalContext context)
    {
        JvmFlags.check();
        return new Journal(context.conclude());
    }

    /**
     * Check a journal directory without opening it: every file in it is one a journal has, Chronicle's metadata and
     * every cycle file have a header that reads and hold their documents whole (the records themselves are checked
     * when read), and no cycle file the journal wrote is missing (it keeps its own list of the cycles it wrote, as
     * Chronicle writes a file only for a cycle in which something was written). {@link #open}, {@link #openReadOnly}
     * and {@link #truncate} run this first and refuse a journal with problems, before anything in it is mapped,
     * moved or written. A directory that does not exist, or is empty, is a healthy journal not written yet. Nothing is
     * mapped or written; it may run beside a live writer.
     *
     * @param directory the journal directory.
     * @return what was found, each problem naming its file.
     */
    public static JournalInspection inspect(final Path directory)
    {
        return JournalCheck.inspect(directory, JournalContext.Configuration.ROLL_CYCLE_DEFAULT);
    }

    /**
     * Force every file of a journal that no one has open for writing to storage, then its directory: whatever its
     * last writer journaled is then on storage, whether or not that writer synced it (a process that died leaves its
     * unsynced records in the page cache, where a machine crash would lose them). Every file but the writer lock
     * (closing a descriptor of it would drop a lock this process holds) is opened without following a link and
     * forced; a symbolic link or directory is left alone.
     *
     * @param directory the journal directory.
     * @return the files forced, in name order.
     * @throws JournalException naming the file that cannot be forced, or the directory if it cannot be listed.
     */
    public static List<Path> forceAll(final Path directory)
    {
        return JournalFiles.forceAll(directory);
    }

    /**
     * Open a journal read-only with default settings. A truncation that a crash interrupted is first finished or
     * undone (see {@link #truncate}), which needs the writer lock to be free.
     *
     * @param directory the journal directory.
     * @return the open journal.
     */
    public static Journal openReadOnly(final Path directory)
    {
        return open(new JournalContext().directory(directory).readOnly(true));
    }

    /**
     * Begin a batch: the records appended from now until {@link #commitBatch} are written together, in as few
     * Chronicle documents as {@link JournalContext#maxBatchRecords} and {@link JournalContext#maxBatchBytes} allow
     * (a full document is written and the next begun while the batch goes on), each record at its own position.
     * Every append returns its record's position at once, but nothing of a document is visible to a reader (a
     * tailer, a replay, a read-only journal beside this one) before it is written, nor survives a crash before
     * then: commit before anything that must see the records, a {@link #sync} among them.
     *
     * <p>In a journal of the first format (one record a Chronicle document, see {@link #formatVersion}) each record
     * is written when it is appended, as without a batch. From the appending thread.
     *
     * @throws IllegalStateException if a batch is open already.
     * @throws JournalException      if the journal is read-only or closed.
     */
    public void beginBatch()
    {
        appender.beginBatch();
    }

    /**
     * Whether a batch is open ({@link #beginBatch} called and not yet committed).
     *
     * @return true if records appended now are held until {@link #commitBatch}.
     */
    public boolean inBatch()
    {
        return appender.inBatch();
    }

    /**
     * Write the records of the open batch not written yet, as one document, and end the batch. Does nothing but end
     * it if every record is written already (or there was none, or no batch open).
     *
     * @return the position of the journal's last record, {@link #NULL_POSITION} if it has none.
     * @throws JournalException if the document cannot be written: its records, whose positions were handed out,
     *                          are not in the journal, and it refuses every append until it is reopened. (An
     *                          append that writes a full document and fails so ends the batch the same way:
     *                          {@link #inBatch} is then false.)
     */
    public long commitBatch()
    {
        return appender.commitBatch();
    }

    /**
     * Append the record a writer has finished, as one unit: in the open batch, if there is one, else written at once
     * as a document of its own.
     *
     * @param writer holding a finished record.
     * @return the record's position.
     * @throws JournalException if the journal is read-only or closed, the record is over the size limit, the
     *                          journal's clock is in a cycle before that of its last record, or a document could not
     *                          be written (then nothing more is appended until the journal is reopened).
     */
    public long append(final RecordWriter writer)
    {
        return appender.append(writer);
    }

    /**
     * Append a record encoded elsewhere (for example received from a primary), checking it first.
     *
     * @param buffer holding the record.
     * @param offset where it starts.
     * @param length its length.
     * @return the record's position.
     * @throws CodecException if the bytes are not a valid record; nothing is written.
     * @throws JournalException as for {@link #append(RecordWriter)}.
     */
    public long append(final DirectBuffer buffer, final int offset, final int length)
    {
        return appender.append(buffer, offset, length);
    }

    /**
     * Append a record encoded elsewhere at exactly the position it has in another journal, checking it first: a
     * standby journals each record of its primary at the primary's position, with the primary's bytes.
     *
     * <p>The position must be the next one: the last position + 1 in the same cycle, or sequence 0 of a later cycle
     * (the primary rolled, perhaps over cycles in which it wrote nothing); any position in an empty journal that
     * starts a cycle. The journal's clock does not matter here: the record goes into the position's cycle. In a batch
     * the record joins the open document if it follows its last record in the same cycle, else it begins the next.
     * Positions mean the same in both journal formats, so a standby's journal of either format copies a primary's.
     *
     * @param position where the record must go.
     * @param buffer   holding the record.
     * @param offset   where it starts.
     * @param length   its length.
     * @return the record's position, {@code position}.
     * @throws CodecException   if the bytes are not a valid record; nothing is written.
     * @throws JournalException if the position is not the next one (the message names it and the journal's last
     *                          position), or as for {@link #append(RecordWriter)}; nothing is written.
     */
    public long appendAt(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        return appender.appendAt(position, buffer, offset, length);
    }

    /**
     * Drop every record at or after a position, keeping every earlier one at its position with its bytes: an old
     * primary that rejoins as a standby forgets what the new primary never acknowledged, then copies on with
     * {@link #appendAt}. No writer may have the journal open: the writer lock is taken for the whole truncation, so a
     * writer that tries meanwhile is refused, as is a second truncation.
     *
     * <p>The kept records are copied, each checked, into the sibling directory {@code <dir>.truncating}, which is
     * forced to storage and then marked complete by the file {@code scribe-truncation.complete}; that is the commit.
     * The journal directory is then renamed to {@code <dir>.truncated-old}, the copy renamed to the journal
     * directory, the old one deleted and the mark removed, forcing the parent directory after each step.
     *
     * <p><b>Crash safety.</b> If the process dies at any moment, the next {@link #open}, {@link #openReadOnly} or
     * {@code truncate} of the directory finds the journal either as it was or truncated, complete: a
     * {@code .truncating} copy without the mark is deleted (the truncation never happened); one with the mark is put
     * in place (the truncation happened); a {@code .truncated-old} directory and a leftover mark are deleted.
     * Resolving this takes the writer lock, so a read-only open that finds such leftovers needs it to be free and
     * write access to the parent directory. If {@code droppedTo} was given and the process died before the commit,
     * it may hold part of a copy: empty it before trying again.
     *
     * @param context      the journal's settings (its directory, clock and torn-tail timeout; the roll cycle is the
     *                     journal's own); concluded here.
     * @param fromPosition the first position to drop; if no record is at or after it, nothing changes.
     * @param droppedTo    null, or a directory that does not exist or is empty, outside the journal directory, to
     *                     receive a journal of the dropped records at their positions with their bytes, for audit;
     *                     as a Chronicle cycle starts at sequence 0, it also holds the kept records of the first
     *                     dropped record's cycle, before it. The dropped records are copied as they are, unchecked.
     *                     It is not created if nothing is dropped.
     * @return what was dropped and kept.
     * @throws JournalException       if the journal is open for writing or being truncated, does not exist,
     *                                {@code droppedTo} is not empty, or a file operation fails; the journal is as it
     *                                was, unless the message says the truncation is committed, when the next open
     *                                finishes it.
     * @throws CorruptRecordException if a record to keep fails its checks; the journal is as it was.
     */
    public static Truncation truncate(final JournalContext context, final long fromPosition, final Path droppedTo)
    {
        JvmFlags.check();
        return JournalTruncation.truncate(context.conclude(), fromPosition, droppedTo);
    }

    /**
     * Remove every cycle file whose records all lie before the cycle holding {@code position}, once a snapshot covers
     * them: moved into {@code archiveDirectory} when it is not null, else deleted. The cycle holding
     * {@code position} and every later one are kept, and so is the newest cycle file whatever the position; nothing
     * but cycle files ({@code *.cq4}) is touched. Afterwards {@link #firstPosition()}, and {@link #replay},
     * {@link #tailer} and {@link #readForward} from {@link #NULL_POSITION}, start at the first record of the first
     * cycle kept, here, in journals open read-only beside this one, and after a reopen. With a
     * {@link #retentionFloor(long) retention floor} nothing from the floor's cycle on is removed, whatever the
     * position.
     *
     * <p>A file is moved by a rename when the archive is on the journal's file system, else copied, forced to storage
     * and then deleted; the archive and journal directories are forced afterwards. The archive is itself a journal of
     * the cycles it holds ({@link #openReadOnly} reads it: its Chronicle metadata is written anew, not copied) and may
     * receive the files of later releases.
     *
     * <p>Safe while this journal appends from another thread; releases run one at a time, and the first append after
     * opening (which sets Chronicle's appender up over the older cycles) waits for one under way. The caller says no
     * reader needs the removed records, but a reader still among them is not broken: a tailer that has reached a
     * removed cycle reads the rest of that cycle's file (its mapping outlives the file's name), then skips to the
     * first cycle kept, after Chronicle has waited about 200 ms and logged an error that the cycle was deleted. A
     * read forward, replay or tailer from a removed position starts at the first record kept; a read backward from
     * one finds nothing. The disk space of a removed file is freed once no reader maps it.
     *
     * @param position         a position of this journal, at most its last one (not necessarily a record's); the
     *                         records before the start of its cycle are released. A position in the first cycle
     *                         releases nothing.
     * @param archiveDirectory where to move the files, created if missing, outside the journal directory; or null to
     *                         delete them.
     * @return the files removed, by their paths in the journal directory, oldest first; empty if there were none.
     * @throws IllegalArgumentException if {@code position} is negative ({@link #NULL_POSITION} included) or after the
     *                                  last position, the journal is empty, or the archive is inside the journal
     *                                  directory; nothing is removed.
     * @throws JournalException         if the journal is read-only or closed; if a file of the same name is already
     *                                  in the archive (naming both; nothing is removed); or if a file operation
     *                                  fails, naming the file: the files removed before it stay removed, and Chronicle
     *                                  is told of them.
     */
    public List<Path> releaseBefore(final long position, final Path archiveDirectory)
    {
        return appender.whileNotCreating(() -> release.releaseBefore(position, archiveDirectory));
    }

    /**
     * Set the retention floor: from now on neither {@link #releaseBefore} nor the {@code retainCycles} retention
     * removes the cycle file holding this position or any later one. A node that may be truncated back to the last
     * record it shares with its peer (an old primary rejoining as a standby) sets the floor at the last position it is
     * known to share, so that the records a rebuild after such a truncation needs are never released; may be called
     * from any thread, and moved back as well as on.
     *
     * @param position a position, or {@link #NULL_POSITION} for no floor (the default).
     * @throws IllegalArgumentException if the position is negative and not {@link #NULL_POSITION}.
     */
    public void retentionFloor(final long position)
    {
        if (position < NULL_POSITION)
        {
            throw new IllegalArgumentException("retention floor of journal " + context.directory() +
                " must be a position or NULL_POSITION: " + position);
        }
        retentionFloor.set(position);
    }

    /**
     * The retention floor.
     *
     * @return the position, or {@link #NULL_POSITION} if there is none.
     */
    public long retentionFloor()
    {
        return retentionFloor.get();
    }

    /**
     * Force the journal's files to storage up to and including a position (msync/fsync), so the record there
     * survives an OS crash or power loss: every cycle file appended to since the last sync (all records appended so
     * far are covered, whichever cycles they went into), and the directory when one of them was new. The first sync
     * after opening also forces every cycle file that was there at opening, since an earlier writer, killed between
     * an append and its sync, may have left them unforced. Called by the appending thread.
     *
     * @param position of the last record that must be durable.
     * @throws JournalException naming the journal and the position if a file cannot be forced.
     */
    public void sync(final long position)
    {
        if (null == writerLock || position <= sync.syncedPosition())
        {
            return;
        }
        if (position > appender.lastPosition())
        {
            throw new IllegalStateException("cannot sync journal " + context.directory() + " up to position " +
                PositionFormat.position(position) + ": it is after the last record written, " +
                PositionFormat.position(appender.lastPosition()) + " (commit the " +
                "batch first)");
        }
        sync.syncUpTo(position, appender.lastPosition(), queue.rollCycle().toCycle(position));
    }

    /**
     * Position of the first record.
     *
     * @return the position, or {@link #NULL_POSITION} if the journal is empty.
     */
    public long firstPosition()
    {
        return reader.firstPosition();
    }

    /**
     * Position of the last record.
     *
     * @return the position, or {@link #NULL_POSITION} if the journal is empty.
     */
    public long lastPosition()
    {
        return reader.lastPosition();
    }

    /**
     * Read up to {@code maxRecords} records forward, starting at a position (inclusive).
     *
     * @param from       position of the first record to read; a position before the first record reads from the
     *                   start.
     * @param maxRecords most records in the page.
     * @return the page and the cursor to continue from.
     * @throws CorruptRecordException at the first record that fails its checks.
     */
    public JournalPage readForward(final long from, final int maxRecords)
    {
        return reader.page(from, maxRecords, TailerDirection.FORWARD);
    }

    /**
     * Read up to {@code maxRecords} records backward, starting at a position (inclusive).
     *
     * @param from       position of the first record to read; a position after the last record reads from the end.
     * @param maxRecords most records in the page.
     * @return the page, newest first, and the cursor to continue from.
     * @throws CorruptRecordException at the first record that fails its checks.
     */
    public JournalPage readBackward(final long from, final int maxRecords)
    {
        return reader.page(from, maxRecords, TailerDirection.BACKWARD);
    }

    /**
     * Hand every record from a position (inclusive) to the end, as it is now, to a handler on this thread.
     *
     * @param from    position to start at; {@link #NULL_POSITION} or a position before the first starts at the first.
     * @param handler receives each record.
     * @return the number of records replayed.
     * @throws CorruptRecordException at the first record that fails its checks; nothing after it is replayed.
     */
    public long replay(final long from, final RecordHandler handler)
    {
        try (JournalTailer tailer = tailer(from))
        {
            long count = 0;
            int read;
            while ((read = tailer.poll(handler, Integer.MAX_VALUE)) > 0)
            {
                count += read;
            }
            return count;
        }
    }

    /**
     * A tailer that reads from a position (inclusive) and then follows records as they are appended.
     *
     * @param from position to start at; {@link #NULL_POSITION} or a position before the first starts at the first.
     * @return the tailer, for one thread; close it when done.
     */
    public JournalTailer tailer(final long from)
    {
        return new JournalTailer(queue, reader, from);
    }

    /**
     * The settings this journal was opened with.
     *
     * @return the concluded context.
     */
    public JournalContext context()
    {
        return context;
    }

    /**
     * The cycle of a position, for tools.
     *
     * @param position a record position.
     * @return the cycle number.
     */
    public int cycleOf(final long position)
    {
        return queue.rollCycle().toCycle(position);
    }

    /**
     * The sequence of a position within its cycle, for tools.
     *
     * @param position a record position.
     * @return the sequence number.
     */
    public long sequenceOf(final long position)
    {
        return queue.rollCycle().toSequenceNumber(position);
    }

    /**
     * How many records lie from a position to another, both inclusive, counted from the positions without reading
     * the records: for a tool's progress bar.
     *
     * @param from the first position; {@link #NULL_POSITION} or one before the first record counts from the first.
     * @param to   the last position; {@code Long.MAX_VALUE} counts to the last record.
     * @return the count; -1 if it could not be told (a corrupt record where it looked).
     */
    public long countRecords(final long from, final long to)
    {
        return RecordCount.between(this, queue, from, to);
    }

    /**
     * Whether this journal has record MACs that it cannot check: it was opened without the key.
     *
     * @return true for a keyed journal opened without {@link JournalContext#macKey}.
     */
    public boolean sealedWithoutKey()
    {
        return reader.mac().sealed() && !reader.mac().keyed();
    }

    /**
     * The format of the journal's files: 1, one record a Chronicle document (journals written before batches); 2, a
     * batch of records a document, each record with its own position. Positions mean the same in both.
     *
     * @return 1 or 2; 0 for a journal opened read-only that holds nothing yet.
     */
    public int formatVersion()
    {
        final JournalFormat format = reader.format();
        return null == format ? 0 : format.version();
    }

    /**
     * The cycle files the last {@link #sync} forced, for tests.
     */
    List<Path> syncedFiles()
    {
        return sync.forcedFiles();
    }

    /**
     * Whether the last {@link #sync} forced the cycle ledger, for tests.
     */
    boolean syncedLedger()
    {
        return sync.forcedLedger();
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        appender.close();
        sync.close();
        queue.close();
        if (null != ledger)
        {
            ledger.close();
        }
        if (null != writerLock)
        {
            writerLock.close();
        }
    }
}
