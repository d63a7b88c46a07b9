package dev.scribe.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Drops every record of a journal at or after a position, keeping the earlier ones at their positions with their
 * bytes; for an old primary that rejoins as a standby and must forget what the new primary never acknowledged.
 *
 * <p>The kept records are copied, each checked, into a sibling directory {@code J.truncating}; the dropped ones,
 * copied as they are, into {@code droppedTo} if asked. Both are forced to storage, then the marker file makes the copy
 * complete, and it takes the journal's place by two renames. {@link TruncationRecovery} describes how each open
 * finishes or undoes a truncation that died at any of these steps. Copying everything is simple and truncation is
 * rare; the cycle files wholly before the cut could be hard-linked into the copy instead.
 */
final class JournalTruncation
{
    /**
     * The moments between the file operations of a truncation, for a test to stop it at.
     */
    enum Step
    {
        /** Another batch of records has been copied. */
        COPYING,
        /** Every record is copied and the copies are closed. */
        COPIED,
        /** The copies are forced to storage. */
        SYNCED,
        /** The marker file is written: the truncation will be finished by whoever opens the journal next. */
        COMMITTED,
        /** The journal is renamed to {@code J.truncated-old}. */
        SET_ASIDE,
        /** The copy is renamed to the journal. */
        SWAPPED,
        /** The set-aside journal is deleted. */
        OLD_DELETED,
        /** The marker is deleted: nothing is left of the truncation but its result. */
        DONE
    }

    /**
     * Told of each {@link Step}; tests stop a truncation there.
     */
    @FunctionalInterface
    interface StepListener
    {
        void onStep(Step step);
    }

    static final StepListener NO_STEPS = step ->
    {
    };

    private static final int RECORDS_PER_STEP = 4096;

    private JournalTruncation()
    {
    }

    static Truncation truncate(final JournalContext context, final long fromPosition, final Path droppedTo)
    {
        return truncate(context, fromPosition, droppedTo, NO_STEPS);
    }

    static Truncation truncate(
        final JournalContext context, final long fromPosition, final Path droppedTo, final StepListener steps)
    {
        final Path directory = context.directory();
        if (context.readOnly())
        {
            throw new JournalException("cannot truncate journal " + directory + ": the context is read-only");
        }
        JournalCheck.inspect(TruncationRecovery.journalAfterRecovery(directory), context.rollCycle()).requireHealthy();
        final WriterLock lock;
        try
        {
            lock = TruncationRecovery.recoverAndLock(directory, null);
        }
        catch (final JournalException ex)
        {
            throw new JournalException("cannot truncate journal " + directory + ": " + ex.getMessage(), ex);
        }
        WriterLock held = lock;
        try
        {
            final Cut cut = cut(context, fromPosition);
            if (Journal.NULL_POSITION == cut.firstDropped())
            {
                return new Truncation(fromPosition, Journal.NULL_POSITION, Journal.NULL_POSITION, 0, cut.last());
            }
            checkDroppedTo(directory, droppedTo);
            held = null;
            return copyAndSwap(context, fromPosition, cut.firstDropped(), droppedTo, lock, steps);
        }
        finally
        {
            if (null != held)
            {
                held.close();
            }
        }
    }

    /**
     * Where the journal ends and where the cut falls.
     *
     * @param last         the journal's last position.
     * @param firstDropped the first position at or after the cut.
     */
    private record Cut(long last, long firstDropped)
    {
    }

    private static Cut cut(final JournalContext context, final long fromPosition)
    {
        if (JournalFiles.list(context.directory()).stream().noneMatch(JournalTruncation::isCycleFile))
        {
            return new Cut(Journal.NULL_POSITION, Journal.NULL_POSITION);
        }
        try (SingleChronicleQueue queue = ChronicleQueues.readOnly(context.directory(), context))
        {
            final JournalReader reader = reader(context, queue);
            return new Cut(reader.lastPosition(), reader.firstPositionFrom(fromPosition));
        }
    }

    /**
     * A reader of the journal being truncated, which holds records: of the format its marker names, else the first.
     */
    private static JournalReader reader(final JournalContext context, final SingleChronicleQueue queue)
    {
        final JournalFormat marked = JournalFormat.marked(context.directory());
        return new JournalReader(queue, RecordMac.forJournal(context.directory(), context, false, false),
            FormatSource.of(null == marked ? JournalFormat.V1 : marked));
    }

    private static boolean isCycleFile(final Path file)
    {
        return JournalFiles.nameOf(file).endsWith(".cq4");
    }

    private static void checkDroppedTo(final Path directory, final Path droppedTo)
    {
        if (null == droppedTo)
        {
            return;
        }
        final Path target = droppedTo.toAbsolutePath().normalize();
        if (target.startsWith(directory) || target.startsWith(TruncationRecovery.building(directory)) ||
            target.startsWith(TruncationRecovery.setAside(directory)))
        {
            throw new JournalException("cannot truncate journal " + directory + ": the directory for the dropped " +
                "records, " + droppedTo + ", must be outside the journal directory");
        }
        if (Files.exists(droppedTo) && !(Files.isDirectory(droppedTo) && JournalFiles.isEmptyDirectory(droppedTo)))
        {
            throw new JournalException("cannot truncate journal " + directory + ": the directory for the dropped " +
                "records, " + droppedTo + ", must not exist or be empty");
        }
    }

    /**
     * Build the truncated copy, commit it and put it in the journal's place.
     *
     * @param lock the journal's writer lock, owned from here on.
     */
    private static Truncation copyAndSwap(
        final JournalContext context,
        final long fromPosition,
        final long firstDropped,
        final Path droppedTo,
        final WriterLock lock,
        final StepListener steps)
    {
        final Path directory = context.directory();
        final Path building = TruncationRecovery.building(directory);
        WriterLock held = lock;
        WriterLock buildingLock = null;
        boolean committed = false;
        boolean createdDroppedTo = false;
        try
        {
            createDirectory(building, context.fileAccess());
            RecordMac.copyMarker(directory, building, context.fileAccess());
            JournalFormat.copyMarker(directory, building, context.fileAccess());
            buildingLock = WriterLock.acquire(building);
            if (null != droppedTo && !Files.exists(droppedTo))
            {
                createDirectory(droppedTo, context.fileAccess());
                createdDroppedTo = true;
            }
            if (null != droppedTo)
            {
                RecordMac.copyMarker(directory, droppedTo, context.fileAccess());
                JournalFormat.copyMarker(directory, droppedTo, context.fileAccess());
            }
            final Truncation truncation = copy(context, fromPosition, firstDropped, building, droppedTo, steps);
            steps.onStep(Step.COPIED);
            JournalFiles.forceTree(building);
            if (null != droppedTo)
            {
                JournalFiles.forceTree(droppedTo);
                JournalFiles.forceDirectory(JournalFiles.parentOf(droppedTo));
            }
            steps.onStep(Step.SYNCED);
            JournalFiles.writeForced(building.resolve(TruncationRecovery.COMPLETE_FILE), truncation + "\n",
                context.fileAccess());
            JournalFiles.forceDirectory(building);
            JournalFiles.forceDirectory(JournalFiles.parentOf(directory));
            committed = true;
            steps.onStep(Step.COMMITTED);
            final WriterLock copyLock = buildingLock;
            buildingLock = null;
            held = TruncationRecovery.swap(directory, held, copyLock, steps);
            TruncationRecovery.finish(directory, steps);
            steps.onStep(Step.DONE);
            return truncation;
        }
        catch (final RuntimeException ex)
        {
            if (committed)
            {
                throw new JournalException("truncation of journal " + directory + " is committed but not finished; " +
                    "the next open of the journal finishes it: " + ex.getMessage(), ex);
            }
            discard(building, droppedTo, createdDroppedTo, buildingLock, ex);
            buildingLock = null;
            throw ex;
        }
        finally
        {
            if (null != buildingLock)
            {
                buildingLock.close();
            }
            held.close();
        }
    }

    /**
     * Copy the records before the cut into {@code building} and those after it into {@code droppedTo} (if not
     * null), each at its position. A Chronicle queue starts each cycle at sequence 0, so the dropped copy starts
     * with the kept records of the cycle of the first dropped one. In a journal of format 2 the batch document
     * holding the cut is copied cut short (its records before the cut, their frames as they were, under a header of
     * their own) into the journal, and whole into the dropped records.
     */
    private static Truncation copy(
        final JournalContext context,
        final long fromPosition,
        final long firstDroppedPosition,
        final Path building,
        final Path droppedTo,
        final StepListener steps)
    {
        final Tally tally = new Tally();
        try (SingleChronicleQueue source = ChronicleQueues.readOnly(context.directory(), context);
            ExcerptTailer tailer = source.createTailer();
            Copy kept = new Copy(building, source.rollCycle(), context);
            Copy dropped = null == droppedTo ? null : new Copy(droppedTo, source.rollCycle(), context))
        {
            final RollCycle rollCycle = source.rollCycle();
            final long droppedCopyFrom = rollCycle.toIndex(rollCycle.toCycle(firstDroppedPosition), 0);
            final JournalReader reader = reader(context, source);
            final boolean batched = reader.format() == JournalFormat.V2;
            final DocumentReader checker = reader.documentReader();
            tailer.toStart();
            long documents = 0;
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        break;
                    }
                    final long index = document.index();
                    final Bytes<?> bytes = ChronicleQueues.bytesOf(document, context.directory());
                    if (batched)
                    {
                        copyBatch(checker, index, bytes, fromPosition, kept, tally);
                    }
                    else if (index < fromPosition)
                    {
                        checker.check(index, bytes);
                        tally.lastKept = kept.appender.copyAt(index, bytes);
                    }
                    else
                    {
                        tally.dropped(index, index, 1);
                    }
                    if (null != dropped && index >= droppedCopyFrom)
                    {
                        dropped.appender.copyAt(index, bytes);
                    }
                }
                if (0 == ++documents % RECORDS_PER_STEP)
                {
                    steps.onStep(Step.COPYING);
                }
            }
        }
        return new Truncation(fromPosition, tally.firstDropped, tally.lastDropped, tally.droppedCount,
            tally.lastKept);
    }

    private static void copyBatch(final DocumentReader checker, final long index, final Bytes<?> bytes,
        final long fromPosition, final Copy kept, final Tally tally)
    {
        if (Journal.NULL_POSITION != tally.firstDropped)
        {
            // after the cut: dropped as it is, unchecked (a document whose header is damaged is dropped uncounted)
            if (checker.peekHeader(index, bytes))
            {
                tally.dropped(checker.documentFirst(), checker.documentLast(),
                    checker.documentLast() - checker.documentFirst() + 1);
            }
            return;
        }
        final int before = checker.checkBefore(index, bytes, fromPosition);
        final long first = checker.documentFirst();
        final long last = checker.documentLast();
        if (before == (int)(last - first + 1))
        {
            kept.appender.copyAt(index, bytes);
            tally.lastKept = last;
            return;
        }
        if (before > 0)
        {
            kept.appender.copyAt(index, BytesStore.wrap(checker.copyKept(before)));
            tally.lastKept = first + before - 1;
        }
        tally.dropped(first + before, last, last - first + 1 - before);
    }

    /**
     * The records kept and dropped so far.
     */
    private static final class Tally
    {
        private long lastKept = Journal.NULL_POSITION;
        private long firstDropped = Journal.NULL_POSITION;
        private long lastDropped = Journal.NULL_POSITION;
        private long droppedCount;

        void dropped(final long first, final long last, final long count)
        {
            firstDropped = Journal.NULL_POSITION == firstDropped ? first : firstDropped;
            lastDropped = last;
            droppedCount += count;
        }
    }

    /**
     * Undo a truncation that failed before its commit: delete the copy and the dropped records.
     */
    private static void discard(
        final Path building,
        final Path droppedTo,
        final boolean createdDroppedTo,
        final WriterLock buildingLock,
        final RuntimeException failure)
    {
        try
        {
            if (null != buildingLock)
            {
                buildingLock.close();
            }
            JournalFiles.deleteTree(building);
            if (createdDroppedTo)
            {
                JournalFiles.deleteTree(droppedTo);
            }
            else if (null != droppedTo)
            {
                for (final Path file : JournalFiles.list(droppedTo))
                {
                    JournalFiles.delete(file);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
    }

    private static void createDirectory(final Path directory, final FileAccess access)
    {
        try
        {
            access.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create directory " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A queue being written by position.
     */
    private static final class Copy implements AutoCloseable
    {
        private final SingleChronicleQueue queue;
        private final CycleLedger ledger;
        private final JournalAppender appender;

        Copy(final Path directory, final RollCycle rollCycle, final JournalContext context)
        {
            queue = ChronicleQueues.writable(directory, rollCycle, context);
            ledger = CycleLedger.open(directory, List.of(), context.fileAccess());
            // copies documents as they are, MACs included (they cover positions, which the copy keeps)
            appender = new JournalAppender(new JournalReader(queue, RecordMac.NONE, FormatSource.of(
                JournalFormat.V1)), directory, AppendLimits.UNLIMITED, true, null, context.fileAccess(), null, ledger);
        }

        @Override
        public void close()
        {
            appender.close();
            queue.close();
            ledger.close();
        }
    }
}
