package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leading a given epoch ({@link Engine#lead}): a standby becomes the primary in exactly that epoch, a primary begins
 * it while results waiting for its standby keep waiting, and an epoch not above the journal's is refused. Also the
 * engine's tailer over its own journal.
 */
class EngineLeadTest
{
    @TempDir
    Path dir;

    private static Engine launch(final Path dir, final EngineRole role)
    {
        return Engine.launch(Bank.context(dir).role(role).replicationLink(new RecordingLink()));
    }

    private static Outcome join(final CompletableFuture<Outcome> future)
    {
        return EngineBank.await(future);
    }

    /** Epoch of each record, in journal order. */
    private static List<long[]> epochs(final Engine engine)
    {
        final List<long[]> records = new ArrayList<>();
        try (JournalTailer tailer = engine.tailer(Journal.NULL_POSITION))
        {
            tailer.poll((position, record) -> records.add(new long[] {position, record.epoch()}), Integer.MAX_VALUE);
        }
        return records;
    }

    @Test
    void aStandbyLeadsExactlyTheEpochAsked()
    {
        try (Engine engine = launch(dir, EngineRole.STANDBY))
        {
            final long position = engine.lead(6);
            assertEquals(EngineRole.PRIMARY, engine.role());
            assertEquals(6, engine.epoch());
            assertEquals(position, engine.epochHistory().startOf(6));
            assertEquals(position, engine.lastPosition(), "the epoch record is the last journaled");
            final List<long[]> records = epochs(engine);
            assertEquals(1, records.size());
            assertEquals(position, records.get(0)[0]);
            assertEquals(6, records.get(0)[1]);
        }
    }

    @Test
    void aPrimaryBeginsANewerEpochAndHeldResultsKeepWaiting()
    {
        try (Engine engine = launch(dir, EngineRole.PRIMARY))
        {
            engine.standbyConnected(true);
            assertTrue(join(engine.send(new Bank.Open("a"))).accepted());
            final long oldEpoch = engine.epoch();
            final CompletableFuture<Outcome> held = engine.send(new Bank.Deposit("a", 5),
                SendOptions.defaults().durability(Durability.REPLICATED));
            final long start = engine.lead(oldEpoch + 2);
            assertEquals(oldEpoch + 2, engine.epoch());
            assertEquals(EngineRole.PRIMARY, engine.role());
            assertEquals(start, engine.epochHistory().startOf(oldEpoch + 2));
            assertFalse(held.isDone(), "a result waiting for the standby keeps waiting");
            assertFalse(engine.acknowledged(oldEpoch, start), "the old epoch's acknowledgements are over");
            assertFalse(held.isDone());
            final Outcome after = join(engine.send(new Bank.Deposit("a", 1)));
            assertTrue(after.position() > start);
            assertTrue(engine.acknowledged(oldEpoch + 2, start));
            assertTrue(join(held).accepted());
            final List<long[]> records = epochs(engine);
            assertEquals(oldEpoch + 2, records.get(records.size() - 1)[1], "commands go on in the new epoch");
            assertEquals(oldEpoch + 2, records.get(records.size() - 2)[1]);
            assertEquals(oldEpoch, records.get(records.size() - 3)[1]);
        }
    }

    @Test
    void aPrimaryWhoseGateIsFullStillBeginsANewerEpochAndCommandsSeeBackPressure()
    {
        final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED).waitWhenFull(false);
        try (Engine engine = Engine.launch(Bank.context(dir).role(EngineRole.PRIMARY).ringSize(8)
            .replicationLink(new RecordingLink()).noStandbyPolicy(NoStandbyPolicy.BLOCK)))
        {
            assertTrue(join(engine.send(new Bank.Open("a"))).accepted());
            final List<CompletableFuture<Outcome>> held = new ArrayList<>();
            Outcome refused = null;
            for (int i = 0; i < 1_000 && null == refused; i++)
            {
                final CompletableFuture<Outcome> sent = engine.send(new Bank.Deposit("a", 1), replicated);
                if (sent.isDone() && join(sent).status() == Outcome.Status.BACK_PRESSURE)
                {
                    refused = join(sent);
                }
                else
                {
                    held.add(sent);
                }
            }
            assertTrue(null != refused, "commands see back pressure once the gate and the ring are full");
            final long oldEpoch = engine.epoch();
            // the replication thread's request gets through although no standby frees the gate
            final CompletableFuture<Long> lead = CompletableFuture.supplyAsync(() -> engine.lead(oldEpoch + 2));
            Deadlines.await(lead::isDone, "lead(" + (oldEpoch + 2) + ") to return with the gate and the ring full");
            final long start = lead.join();
            assertEquals(oldEpoch + 2, engine.epoch());
            assertTrue(held.stream().noneMatch(CompletableFuture::isDone), "held results keep waiting");
            engine.standbyConnected(true);
            assertTrue(engine.acknowledged(oldEpoch + 2, start));
            for (final CompletableFuture<Outcome> result : held)
            {
                assertTrue(join(result).accepted(), join(result).toString());
            }
            assertTrue(join(engine.send(new Bank.Deposit("a", 1))).accepted(), "room again once acknowledged");
        }
    }

    @ExpectedErrors("so its next epoch must be 4 or above")
    @Test
    void anEpochNotAboveTheJournalsIsRefused()
    {
        try (Engine engine = launch(dir, EngineRole.STANDBY))
        {
            engine.lead(3);
            final EngineException refused = assertThrows(EngineException.class, () -> engine.lead(3));
            assertTrue(refused.getMessage().contains("epoch 3"), refused.getMessage());
            assertThrows(EngineException.class, () -> engine.lead(2));
            assertEquals(3, engine.epoch());
            assertEquals(1, epochs(engine).size(), "nothing was journaled for the refused epochs");
        }
    }
}
