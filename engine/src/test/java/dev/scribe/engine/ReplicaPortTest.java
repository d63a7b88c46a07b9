package dev.scribe.engine;

import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.engine.replica.ReplicaSetup;
import dev.scribe.engine.replica.ReplicationLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication SPI an engine hands its link at launch: the port drives the engine, the setup is checked, and a
 * launch whose link fails leaves nothing running.
 */
class ReplicaPortTest
{
    @TempDir
    Path dir;

    @Test
    void theLinkGetsThePortOfTheEngineLaunchedWithIt()
    {
        final RecordingLink link = new RecordingLink();
        try (Engine engine = Engine.launch(Bank.context(dir), new ReplicaSetup(EngineRole.STANDBY, link, 0)))
        {
            final ReplicaPort port = link.port;
            assertNotNull(port, "the port is handed over before launch returns");
            assertEquals(EngineRole.STANDBY, port.role());
            assertEquals(EngineRole.STANDBY, engine.role());
            assertEquals(Outcome.Status.NOT_PRIMARY, engine.send(new Bank.Open("a")).join().status());
            final long epoch = port.promote(5);
            assertEquals(5, epoch, "a promotion starts no lower than the minimum epoch");
            assertEquals(EngineRole.PRIMARY, engine.role());
            final long epochRecord = port.barrier();
            assertEquals(epochRecord, port.epochHistory().startOf(5), "epoch 5 begins with its epoch record");
            assertEquals(Outcome.Status.ACCEPTED, engine.send(new Bank.Open("a")).join().status());
            assertTrue(port.barrier() > epochRecord, "the command is journaled after the epoch record");
        }
        try (Engine again = Engine.launch(Bank.context(dir), new ReplicaSetup(EngineRole.STANDBY, new RecordingLink(),
            0)))
        {
            assertEquals(5, again.epoch(), "the promotion was journaled");
        }
    }

    @Test
    void aRelaunchHandsTheLinkTheNewEnginesPort()
    {
        final RecordingLink link = new RecordingLink();
        final ReplicaPort first;
        try (Engine engine = Engine.launch(Bank.context(dir), new ReplicaSetup(EngineRole.PRIMARY, link, 0)))
        {
            first = link.port;
            assertEquals(EngineRole.PRIMARY, engine.role());
        }
        try (Engine engine = Engine.launch(Bank.context(dir), new ReplicaSetup(EngineRole.PRIMARY, link, 0)))
        {
            assertNotSame(first, link.port);
            assertEquals(engine.lastPosition(), link.port.lastPosition());
        }
    }

    @Test
    void theSetupIsChecked()
    {
        final RecordingLink link = new RecordingLink();
        assertEquals("hashCheckInterval must be 0 (off) or a power of two: 3", assertThrows(
            IllegalArgumentException.class, () -> new ReplicaSetup(EngineRole.STANDBY, link, 3)).getMessage());
        assertEquals("hashCheckInterval must be 0 (off) or a power of two: -4", assertThrows(
            IllegalArgumentException.class, () -> new ReplicaSetup(EngineRole.STANDBY, link, -4)).getMessage());
        assertEquals("link", assertThrows(NullPointerException.class,
            () -> new ReplicaSetup(EngineRole.STANDBY, null, 0)).getMessage());
        assertEquals("role", assertThrows(NullPointerException.class,
            () -> new ReplicaSetup(null, link, 0)).getMessage());
        final EngineContext concluded = Bank.context(dir).conclude();
        final IllegalStateException late = assertThrows(IllegalStateException.class,
            () -> Engine.launch(concluded, new ReplicaSetup(EngineRole.STANDBY, link, 0)));
        assertTrue(late.getMessage().contains("already concluded"), late.getMessage());
    }

    @Test
    void aLinkThatFailsToAttachLeavesNoEngineRunning()
    {
        final ReplicationLink failing = new ReplicationLink()
        {
            @Override
            public void attach(final ReplicaPort port)
            {
                throw new IllegalStateException("refused by the link");
            }

            @Override
            public void onJournaled(final long position)
            {
            }

            @Override
            public void onStateHash(final long position, final long hash)
            {
            }
        };
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> Engine.launch(Bank.context(dir), new ReplicaSetup(EngineRole.PRIMARY, failing, 0)));
        assertEquals("refused by the link", ex.getMessage());
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertEquals(Outcome.Status.ACCEPTED, engine.send(new Bank.Open("a")).join().status(),
                "the failed launch released the journal");
        }
    }
}
