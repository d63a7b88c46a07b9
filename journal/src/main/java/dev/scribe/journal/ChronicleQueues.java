package dev.scribe.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Builds the Chronicle queues behind a journal, its truncated copy and its dropped records, all with the same
 * settings.
 *
 * <p>Chronicle creates its files itself, with the process's umask, so a writable queue's files are given the
 * context's {@link FileAccess} by Scribe: its directory before the queue is built, and the files there (metadata,
 * the writer lock, cycle files of earlier runs) once it is; {@link JournalAppender} restricts each new cycle file
 * as it first writes to it. (Chronicle's store file listener would run on a background thread, too late to rely
 * on.)
 */
final class ChronicleQueues
{
    private ChronicleQueues()
    {
    }

    /**
     * The bytes of a document that is open for writing, or present for reading. Allocates nothing.
     *
     * @throws JournalException naming the directory if Chronicle gives the document no wire.
     */
    static Bytes<?> bytesOf(final DocumentContext document, final Path directory)
    {
        final Wire wire = document.wire();
        if (null == wire)
        {
            throw new JournalException("journal " + directory + ": document at " + document.index() + " has no wire");
        }
        return wire.bytes();
    }

    /**
     * The bytes of a document being read from a queue, naming the queue's directory only if there are none: a
     * reader calls this for every document, and the directory's {@code Path} is made only for the error.
     */
    static Bytes<?> bytesOf(final DocumentContext document, final SingleChronicleQueue queue)
    {
        final Wire wire = document.wire();
        if (null == wire)
        {
            throw new JournalException("journal " + JournalReader.directory(queue) + ": document at " +
                document.index() + " has no wire");
        }
        return wire.bytes();
    }

    /**
     * A queue to append to.
     */
    static SingleChronicleQueue writable(final Path directory, final RollCycle rollCycle, final JournalContext context)
    {
        final FileAccess access = context.fileAccess();
        try
        {
            access.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create or restrict journal directory " + directory + " to " + access +
                ": " + ex, ex);
        }
        final SingleChronicleQueue queue = builder(directory, context).rollCycle(rollCycle).build();
        restrictFiles(directory, access);
        return queue;
    }

    /**
     * A queue to read; it takes the roll cycle recorded in the queue's metadata (Chronicle warns if the context's
     * differs).
     */
    static SingleChronicleQueue readOnly(final Path directory, final JournalContext context)
    {
        return builder(directory, context).rollCycle(context.rollCycle().chronicle()).readOnly(true).build();
    }

    private static SingleChronicleQueueBuilder builder(final Path directory, final JournalContext context)
    {
        return SingleChronicleQueueBuilder.binary(directory)
            .timeProvider(new ChronicleClock(context.epochClock()))
            .timeoutMS(context.tornTailTimeoutMs());
    }

    private static void restrictFiles(final Path directory, final FileAccess access)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory))
        {
            for (final Path file : files)
            {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                {
                    access.restrictFile(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot restrict the files of journal " + directory + " to " + access + ": " +
                ex, ex);
        }
    }
}
