package dev.scribe.engine;

import com.lmax.disruptor.RingBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The business-logic thread's side of snapshots: copies the state into a {@link StateCapture} when a snapshot slot
 * reaches it, and at the end of each batch publishes a snapshot slot when the policy's schedule says one is due and
 * none is being written.
 */
final class SnapshotScheduler
{
    private static final ByteOrder ORDER = SectionCursor.ORDER;

    private final SnapshotPolicy policy;
    private final AggregateCodecs codecs;
    private final AggregateStore store;
    private final IdempotencyKeys idempotency;
    private final Leadership leadership;
    private final SnapshotTaker taker;
    private final long intervalNanos;
    private final boolean scheduled;
    private RingBuffer<CommandSlot> ring;
    private RingClaims claims;
    private long recordsAtLast;
    private long nanosAtLast = System.nanoTime();

    SnapshotScheduler(
        final SnapshotPolicy policy,
        final AggregateCodecs codecs,
        final AggregateStore store,
        final IdempotencyKeys idempotency,
        final Leadership leadership,
        final SnapshotTaker taker)
    {
        this.policy = policy;
        this.codecs = codecs;
        this.store = store;
        this.idempotency = idempotency;
        this.leadership = leadership;
        this.taker = taker;
        this.intervalNanos = policy.every().toNanos();
        this.scheduled = policy.scheduled();
    }

    void ring(final RingBuffer<CommandSlot> ring, final RingClaims claims)
    {
        this.ring = ring;
        this.claims = claims;
    }

    /** At the end of a business-logic batch: publish a scheduled snapshot if one is due. */
    void endOfBatch()
    {
        if (!scheduled || taker.busy() ||
            (policy.onlyOnStandby() && leadership.role() != EngineRole.STANDBY))
        {
            return;
        }
        final long records = leadership.recordsJournaled() - recordsAtLast;
        if (records <= 0)
        {
            return;
        }
        final long now = System.nanoTime();
        final boolean due = (policy.everyRecords() > 0 && records >= policy.everyRecords()) ||
            (intervalNanos > 0 && now - nanosAtLast >= intervalNanos);
        if (!due)
        {
            return;
        }
        final long sequence = claims.tryClaimControl();
        if (sequence == RingClaims.NO_ROOM)
        {
            return; // the ring is full of commands, or a sender is claiming; try again at the end of a later batch
        }
        final StateCapture capture = taker.newCapture(true);
        ring.get(sequence).requestControl(new ControlRequest.Capture(capture));
        claims.publish(sequence);
        recordsAtLast = leadership.recordsJournaled();
        nanosAtLast = now;
    }

    /** Copy the state into the capture, on the business-logic thread; the time it takes is the pause. */
    void capture(final StateCapture capture)
    {
        final long start = System.nanoTime();
        try
        {
            if (null != codecs.problem())
            {
                capture.failure = codecs.problem();
                return;
            }
            if (leadership.journaled() < 0)
            {
                capture.failure = "the journal is empty: there is no state to snapshot yet";
                return;
            }
            capture.position = leadership.journaled();
            capture.epoch = leadership.epoch();
            capture.history = leadership.history();
            copyAggregates(capture);
            copyKeys(capture);
            recordsAtLast = leadership.recordsJournaled();
            nanosAtLast = start;
        }
        catch (final RuntimeException ex)
        {
            capture.failure = "copying the state failed: " + ex;
        }
        finally
        {
            capture.captureNanos = System.nanoTime() - start;
        }
    }

    private void copyAggregates(final StateCapture capture)
    {
        final ExpandableArrayBuffer out = capture.aggregates;
        // grow once to a likely size rather than doubling (and copying) through the copy
        out.checkLimit((int)Math.min(Integer.MAX_VALUE - 8, Math.max(out.capacity(), 64L * store.size())));
        int offset = 0;
        long count = 0;
        for (final AggregateEntry entry : store.entries())
        {
            final int typeIndex = codecs.indexOf(entry.type);
            out.putInt(offset, typeIndex, ORDER);
            final int idLength = out.putStringWithoutLengthUtf8(offset + 8, entry.id);
            out.putInt(offset + 4, idLength, ORDER);
            offset += 8 + idLength;
            out.putLong(offset, entry.version, ORDER);
            offset += 8;
            final int stateOffset = offset + 4;
            out.checkLimit(stateOffset + 64);
            final int stateLength = codecs.encode(typeIndex, entry.state, out, stateOffset);
            out.putInt(offset, stateLength, ORDER);
            offset = stateOffset + stateLength;
            count++;
        }
        capture.aggregatesLength = offset;
        capture.aggregateCount = count;
    }

    private void copyKeys(final StateCapture capture)
    {
        final ExpandableArrayBuffer out = capture.keys;
        final int[] offset = {0};
        final int[] count = {0};
        idempotency.forEachOldestFirst((key, remembered) ->
        {
            final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            out.putInt(offset[0], bytes.length, ORDER);
            out.putBytes(offset[0] + 4, bytes);
            out.putLong(offset[0] + 4 + bytes.length, remembered.position(), ORDER);
            out.putLong(offset[0] + 12 + bytes.length, remembered.version(), ORDER);
            offset[0] += 20 + bytes.length;
            count[0]++;
        });
        capture.keysLength = offset[0];
        capture.keyCount = count[0];
    }
}
