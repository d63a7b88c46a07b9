package dev.scribe.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * Builds the Chronicle queues behind a journal, its truncated copy and its dropped records, all with the same
 * settings.
 */
final class ChronicleQueues
{
    private ChronicleQueues()
    {
    }

    /**
     * A queue to append to.
     */
    static SingleChronicleQueue writable(final Path directory, final RollCycle rollCycle, final JournalContext context)
    {
        return builder(directory, context).rollCycle(rollCycle).build();
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
}
