package dev.scribe.engine;

import dev.scribe.codecs.CodecException;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules that keep a saga's runs apart and its timers its own: step names that would give two steps one
 * idempotency key are refused; a handler cannot cancel a run's timers; a run whose first step's function throws
 * ends failed while the command that started it goes on; an effect runner refuses to start on a standby; a snapshot
 * of the timers naming one timer twice is refused as a codec error.
 */
class SagaRulesTest
{
    @TempDir
    Path dir;

    @Test
    void stepNamesThatWouldShareAKeyAreRefused()
    {
        final Saga<Shop.Fulfilment> saga = Saga.named("s", Shop.Fulfilment.class);
        assertEquals("saga s: a step name may not be 'undo' or hold a ':': undo", assertThrows(
            IllegalArgumentException.class, () -> saga.step("undo", Saga.signal())).getMessage());
        assertEquals("saga s: a step name may not be 'undo' or hold a ':': a:b", assertThrows(
            IllegalArgumentException.class, () -> saga.step("a:b", Saga.signal())).getMessage());
    }

    @Test
    void aHandlerCannotCancelARunsTimers()
    {
        try (SagaFixture shop = SagaFixture.launch(Shop.context(null)))
        {
            shop.given("sku", new Shop.Stocked(10)).given("ann", new Shop.Funded(5_000));
            shop.when(new Shop.Place("big", "sku", 1, "ann", 2_000)).thenAccepted();
            final long timeout = shop.commands().pendingTimers().stream()
                .filter(t -> t.commandType().equals(SagaTimeout.class.getName())).findFirst().orElseThrow()
                .timerId();
            shop.when(new Shop.CancelTimer("other", timeout)).thenRejected("timer " + timeout +
                " belongs to a saga run (its timeout); it cannot be cancelled from a handler");
            final long step = shop.commands().pendingTimers().stream().filter(t -> null != t.replyTo())
                .findFirst().orElseThrow().timerId();
            shop.when(new Shop.CancelTimer("other", step)).thenRejected("belongs to a saga run ($saga:approved:big)");
            shop.fire();
            assertEquals("approval", shop.saga(Shop.APPROVED, "big").step(), "the run went on");
        }
    }

    @Test
    void aFirstStepThatThrowsEndsTheRunFailedAndTheCommandGoesOn()
    {
        try (SagaFixture shop = SagaFixture.launch(Shop.context(null)))
        {
            final SagaEnded ended = shop.when(new Shop.StartBroken("o1")).thenAccepted().thenEnded("FAILED");
            assertTrue(ended.reason().contains("no command for o1"), ended.reason());
            assertTrue(shop.aggregate(Shop.Order.class, "o1").placed, "the handler's own event was journaled");
        }
    }

    @Test
    void anEffectRunnerRefusesToStartOnAStandby()
    {
        try (Engine standby = Engine.launch(Shop.context(dir).role(EngineRole.STANDBY)
            .replicationLink(new RecordingLink())))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                EffectRunner.on(standby, "cards").handle(Shop.CardPayment.class, (p, k) -> EffectResult.done("x"))
                    .start());
            assertEquals("effect runner cards runs on the primary; this engine is the STANDBY (start the runner " +
                "once it is promoted)", refused.getMessage());
        }
    }

    @Test
    void aTimersSnapshotNamingATimerTwiceIsACodecError()
    {
        final Timers timers = new Timers();
        timers.apply(new TimerScheduled(1, 10, "C", new byte[] {1}, null, null));
        final TimersCodec codec = new TimersCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = codec.encode(timers, buffer, 0);
        final int timerBytes = length - Long.BYTES - Integer.BYTES;
        buffer.putBytes(length, buffer, Long.BYTES + Integer.BYTES, timerBytes);
        buffer.putInt(Long.BYTES, 2, ByteOrder.LITTLE_ENDIAN);
        final CodecException refused = assertThrows(CodecException.class,
            () -> codec.decode(buffer, 0, length + timerBytes));
        assertTrue(refused.getMessage().contains("timer id 1 is not between 1 and the last id given, 1, or is there " +
            "twice"), refused.getMessage());
    }
}
