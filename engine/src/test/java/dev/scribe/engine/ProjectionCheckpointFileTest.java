package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint file: two slots written in turn, so an update torn in the middle leaves the one before it; a file
 * with no valid slot is damaged; a foreign or newer file is refused naming it.
 */
class ProjectionCheckpointFileTest
{
    @TempDir
    Path dir;

    private File file()
    {
        return dir.resolve("p.checkpoint").toFile();
    }

    private ProjectionCheckpoint written(final long... positions)
    {
        final ProjectionCheckpoint checkpoint = new ProjectionCheckpoint(file());
        checkpoint.start(-1, 0);
        for (final long position : positions)
        {
            checkpoint.position(position, (int)position * 7);
        }
        checkpoint.close();
        return new ProjectionCheckpoint(file());
    }

    @Test
    void theNewestValidSlotIsRead()
    {
        final ProjectionCheckpoint checkpoint = written(10, 11, 12);
        checkpoint.read();
        assertEquals(ProjectionCheckpoint.State.CURRENT, checkpoint.state());
        assertEquals(12, checkpoint.readPosition());
        assertEquals(12 * 7, checkpoint.readCrc());
        assertEquals(ProjectionCheckpoint.LENGTH, file().length());
    }

    @Test
    void anUpdateTornBeforeItsCheckLeavesTheOneBefore() throws Exception
    {
        written(10, 11, 12);
        // 12 went to slot 0 (the third update); tear it: the position changed but the check did not follow
        final byte[] bytes = Files.readAllBytes(file().toPath());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 13);
        Files.write(file().toPath(), bytes);
        final ProjectionCheckpoint checkpoint = new ProjectionCheckpoint(file());
        checkpoint.read();
        assertEquals(ProjectionCheckpoint.State.CURRENT, checkpoint.state());
        assertEquals(11, checkpoint.readPosition());
        assertEquals(11 * 7, checkpoint.readCrc());
    }

    @Test
    void aFileWithNoValidSlotIsDamaged() throws Exception
    {
        written(10, 11);
        final byte[] bytes = Files.readAllBytes(file().toPath());
        bytes[20] ^= 1;
        bytes[36] ^= 1;
        Files.write(file().toPath(), bytes);
        final ProjectionCheckpoint checkpoint = new ProjectionCheckpoint(file());
        checkpoint.read();
        assertEquals(ProjectionCheckpoint.State.DAMAGED, checkpoint.state());
    }

    @Test
    void aForeignOrNewerFileIsRefusedNamingIt() throws Exception
    {
        Files.write(file().toPath(), new byte[ProjectionCheckpoint.LENGTH]);
        final EngineException foreign = assertThrows(EngineException.class, () -> new ProjectionCheckpoint(file())
            .read());
        assertTrue(foreign.getMessage().contains(file().toString()) && foreign.getMessage().contains("magic"),
            foreign.getMessage());

        final byte[] newer = new byte[ProjectionCheckpoint.LENGTH];
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(0, ProjectionCheckpoint.MAGIC).putInt(4, 2);
        Files.write(file().toPath(), newer);
        final EngineException refused = assertThrows(EngineException.class, () -> new ProjectionCheckpoint(file())
            .read());
        assertTrue(refused.getMessage().contains(file().toString()) && refused.getMessage().contains("version 2"),
            refused.getMessage());
    }

    @Test
    void theFirstFormatIsReadAsAPositionWithoutItsRecordsCrc() throws Exception
    {
        Files.write(file().toPath(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42).array());
        final ProjectionCheckpoint checkpoint = new ProjectionCheckpoint(file());
        checkpoint.read();
        assertEquals(ProjectionCheckpoint.State.FIRST_FORMAT, checkpoint.state());
        assertEquals(42, checkpoint.readPosition());
    }
}
