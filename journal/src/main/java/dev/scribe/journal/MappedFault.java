package dev.scribe.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.nio.file.Path;

/**
 * Turns a fault in a mapped journal file into a {@link JournalException} that names the file. The JVM reports a
 * read of a mapped page the file no longer backs (the file is shorter than its content, or its storage failed) as
 * SIGBUS, thrown as an {@link InternalError} from the read; the journal catches it where Chronicle reads and says
 * which file, running the health check to say what is wrong with it.
 */
final class MappedFault
{
    private MappedFault()
    {
    }

    /**
     * A fault while reading a known cycle.
     *
     * @param position the position being read, or {@link Journal#NULL_POSITION}.
     */
    static JournalException of(
        final SingleChronicleQueue queue, final Path directory, final int cycle, final long position,
        final InternalError fault)
    {
        final Path file = new CycleFiles(queue).pathOf(directory, cycle);
        return new JournalException("cannot read cycle file " + file + " of journal " + directory +
            (Journal.NULL_POSITION == position ? "" : " at position " + PositionFormat.position(position)) +
            ": its mapped bytes faulted (" +
            fault.getMessage() + "), as they do when a file is shorter than its content or its storage fails; " +
            findings(directory), fault);
    }

    /**
     * A fault while reading a journal, somewhere.
     */
    static JournalException of(final Path directory, final InternalError fault)
    {
        return new JournalException("cannot read journal " + directory + ": a mapped cycle file faulted (" +
            fault.getMessage() + "), as it does when a file is shorter than its content or its storage fails; " +
            findings(directory), fault);
    }

    private static String findings(final Path directory)
    {
        final JournalInspection inspection = Journal.inspect(directory);
        return inspection.healthy() ? "its files check out now" : inspection.describe();
    }
}
