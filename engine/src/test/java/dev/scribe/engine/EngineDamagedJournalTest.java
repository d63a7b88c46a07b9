package dev.scribe.engine;

import dev.scribe.engine.tool.ReplayTool;
import dev.scribe.journal.JournalTool;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine on a damaged journal refuses to start, naming the file and what is wrong, and changes nothing: no
 * snapshot is set aside, no file is written, nothing is truncated. The replay and journal tools refuse it too.
 */
class EngineDamagedJournalTest
{
    @TempDir
    Path dir;

    /** An engine directory with a journal of one cycle file and a snapshot at its end; returns the cycle file. */
    private Path engineWithASnapshot() throws IOException
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            for (int i = 0; i < 10; i++)
            {
                assertTrue(await(engine.send(new Bank.Open("acc-" + i))).accepted());
                assertTrue(await(engine.send(new Bank.Deposit("acc-" + i, 100 + i))).accepted());
            }
            await(engine.snapshot());
        }
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            final List<Path> cycles = files.filter(file -> file.toString().endsWith(".cq4")).toList();
            assertEquals(1, cycles.size(), cycles.toString());
            return cycles.get(0);
        }
    }

    @Test
    void randomBytesOverTheCycleFileStopTheLaunchAndMoveNothing() throws IOException
    {
        final Path cycleFile = engineWithASnapshot();
        final byte[] random = new byte[1 << 20];
        new Random(3).nextBytes(random);
        overwrite(cycleFile, random);
        assertLaunchRefused(cycleFile);
    }

    @Test
    void aTruncatedCycleFileStopsTheLaunchAndMovesNothing() throws IOException
    {
        final Path cycleFile = engineWithASnapshot();
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.WRITE))
        {
            channel.truncate(4096);
        }
        assertLaunchRefused(cycleFile);
    }

    @Test
    void aDamagedCycleFileHeaderStopsTheLaunchAndMovesNothing() throws IOException
    {
        final Path cycleFile = engineWithASnapshot();
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[] {0x13, 0x37, (byte)0x99, 0x42}), 20);
        }
        assertLaunchRefused(cycleFile);
    }

    private void assertLaunchRefused(final Path cycleFile) throws IOException
    {
        final Map<String, String> before = tree(dir);
        final String name = cycleFile.getFileName().toString();

        final RuntimeException launch = assertThrows(RuntimeException.class,
            () -> Engine.launch(Bank.context(dir)).close(), "an engine on a journal it cannot account for");
        assertTrue(launch.getMessage().contains(name), launch.getMessage());

        assertEquals(before, tree(dir), "nothing in the engine directory was moved or written");
        assertFalse(Files.exists(dir.resolve("snapshots").resolve("diverged")), "no snapshot set aside");

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int replay = new ReplayTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(Bank::context, dir.toString());
        final String replayed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertNotEquals(ToolExit.OK, replay, replayed);
        assertTrue(replayed.contains(name), replayed);
        assertFalse(replayed.contains("InternalError") || replayed.contains("\tat "), replayed);

        out.reset();
        final int verify = new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8)).run("verify", dir.resolve("journal").toString());
        final String verified = out.toString(StandardCharsets.UTF_8);
        assertNotEquals(ToolExit.OK, verify, verified);
        assertTrue(verified.contains(name), verified);

        assertEquals(before, tree(dir), "the tools changed nothing either");
    }

    /** Every file under a directory, with its size, modification time and a CRC of its first megabyte. */
    private static Map<String, String> tree(final Path root) throws IOException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path file : walk.filter(Files::isRegularFile).toList())
            {
                final CRC32 crc = new CRC32();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
                {
                    final ByteBuffer head = ByteBuffer.allocate(1 << 20);
                    channel.read(head, 0);
                    crc.update(head.flip());
                }
                files.put(root.relativize(file).toString(), Files.size(file) + " " +
                    Files.getLastModifiedTime(file).toMillis() + " " + Long.toHexString(crc.getValue()));
            }
        }
        return files;
    }

    private static void overwrite(final Path file, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                channel.write(buffer, buffer.position());
            }
        }
    }
}
