package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.FileAccess;
import dev.scribe.journal.JournalContext;
import dev.scribe.test.FileModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an engine leaves in its directory (journal, snapshots, counters, error logs of this run and the last,
 * projection checkpoints, request files) is readable by its own user only, unless the context lets the group read.
 */
@ExpectedErrors("EngineFileAccessTest$Failing threw")
class EngineFileAccessTest
{
    @TempDir
    Path dir;

    /** A projection that fails on every event, so the run leaves errors behind. */
    static final class Failing implements Projection
    {
        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            throw new IllegalStateException("a projection failing on purpose");
        }
    }

    private Path runTwice(final Supplier<JournalContext> journal) throws Exception
    {
        assumeTrue(FileModes.posix(dir), "the file system has no POSIX permissions");
        final Path engineDir = dir.resolve("data").resolve("engine");
        for (int run = 0; run < 2; run++)
        {
            try (Engine engine = Engine.launch(Bank.context(engineDir).journalContext(journal.get())
                .projection(new SnapshotProjectionTest.Ledger("ledger")).projection(new Failing())))
            {
                await(engine.send(new Bank.Open("a-" + run)));
                await(engine.send(new Bank.Deposit("a-" + run, 5)));
                await(engine.snapshot());
            }
        }
        try (Stream<Path> files = Files.list(engineDir))
        {
            assertTrue(files.anyMatch(file -> file.getFileName().toString().matches("errors-.+\\.dat")),
                "the first run's error log was kept");
        }
        assertTrue(Files.isDirectory(engineDir.resolve("projections")), "the checkpoint is there to check");
        return dir.resolve("data");
    }

    @Test
    void nothingInTheEngineDirectoryIsReadableByOtherUsers() throws Exception
    {
        FileModes.assertTree(runTwice(JournalContext::new), "rw-------", "rwx------");
    }

    @Test
    void groupReadLetsTheGroupReadAndNobodyElse() throws Exception
    {
        FileModes.assertTree(runTwice(() -> new JournalContext().fileAccess(FileAccess.GROUP_READ)), "rw-r-----",
            "rwxr-x---");
    }
}
