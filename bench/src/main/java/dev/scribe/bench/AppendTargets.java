package dev.scribe.bench;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalRollCycle;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.nio.file.Path;

/**
 * A fresh journal and a fresh raw Chronicle queue side by side in one directory, for an append benchmark's
 * iteration, with the same roll cycle; closing them deletes the directory, so disk use stays at one iteration's.
 */
final class AppendTargets implements AutoCloseable
{
    private final Path directory;
    private final Journal journal;
    private final SingleChronicleQueue rawQueue;
    private final ExcerptAppender rawAppender;

    AppendTargets(final Path directory)
    {
        this.directory = directory;
        journal = Journal.open(new JournalContext()
            .directory(directory.resolve("journal"))
            .rollCycle(JournalRollCycle.DAILY));
        rawQueue = BenchFixtures.rawQueue(directory.resolve("raw"));
        rawAppender = rawQueue.createAppender();
    }

    Journal journal()
    {
        return journal;
    }

    ExcerptAppender rawAppender()
    {
        return rawAppender;
    }

    @Override
    public void close()
    {
        rawAppender.close();
        rawQueue.close();
        journal.close();
        BenchFixtures.delete(directory);
    }
}
