package dev.scribe.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * A request that travels the ring in a {@link CommandSlot} but is not a command: it carries its own typed result.
 * The business-logic thread does what it asks and writes the result into it ({@link BusinessLogicHandler}), or
 * {@link #fail fails} it; then, at the end of the batch, once the batch's records are synced, it
 * {@link #respond responds} ({@link BatchCompletions}), in ring order with the results of the commands around it.
 */
sealed interface ControlRequest permits ControlRequest.Answered, ControlRequest.Capture, ControlRequest.Replica,
    ControlRequest.Noop, ControlRequest.Tick
{
    /** Nothing to do: a slot claimed for a binary command whose encoding failed. */
    Noop NOOP = new Noop();

    /** Fire the earliest timer if it is due: the slot becomes that timer's command ({@link TimerFiring}). */
    Tick TICK = new Tick();

    /**
     * The business logic could not do what was asked; on the business-logic thread.
     *
     * @param reason what went wrong.
     */
    void fail(String reason);

    /** Hand the result to whoever asked; on the business-logic thread, at the end of the batch. */
    void respond();

    /** A request whose caller waits for a number: the answer, or the failure as an {@link EngineException}. */
    abstract sealed class Answered implements ControlRequest permits StateHash, Barrier, Promote, Lead
    {
        /** Completed by {@link #respond()}. */
        final CompletableFuture<Long> future = new CompletableFuture<>();
        long answer;
        private String failure;

        @Override
        public void fail(final String reason)
        {
            failure = reason;
        }

        @Override
        public void respond()
        {
            if (null != failure)
            {
                future.completeExceptionally(new EngineException(failure));
            }
            else
            {
                future.complete(answer);
            }
        }
    }

    /** The aggregate state hash at this point of the ring; the answer is the hash. */
    final class StateHash extends Answered
    {
    }

    /** Pass once everything published before has been processed; the answer means nothing. */
    final class Barrier extends Answered
    {
    }

    /** Make a standby the primary, at an epoch no lower than {@link #minimumEpoch}; the answer is the epoch. */
    final class Promote extends Answered
    {
        final long minimumEpoch;

        Promote(final long minimumEpoch)
        {
            this.minimumEpoch = minimumEpoch;
        }
    }

    /** Lead exactly {@link #epoch}; the answer is the position of its epoch record. */
    final class Lead extends Answered
    {
        final long epoch;

        Lead(final long epoch)
        {
            this.epoch = epoch;
        }
    }

    /** Copy the state for a snapshot: the business logic first, then each snapshotted projection, at one position. */
    final class Capture implements ControlRequest
    {
        final StateCapture capture;

        Capture(final StateCapture capture)
        {
            this.capture = capture;
        }

        @Override
        public void fail(final String reason)
        {
            // the capture reports its own failures to whoever asked for the snapshot
        }

        @Override
        public void respond()
        {
            capture.partDone();
        }
    }

    /**
     * A standby's copy of a primary's record, to journal at the same position and apply. One per slot, reused: the
     * bytes are copied in, since the caller's buffer is theirs again once {@link Engine#replicate} returns. Its
     * result is the slot's (status, position, events), which projections read as they read a command's.
     */
    final class Replica implements ControlRequest
    {
        UnsafeBuffer buffer;
        int length;
        long position;

        void copy(final long position, final DirectBuffer source, final int offset, final int length)
        {
            if (null == buffer || buffer.capacity() < length)
            {
                buffer = new UnsafeBuffer(new byte[Math.max(length, 1024)]);
            }
            buffer.putBytes(0, source, offset, length);
            this.length = length;
            this.position = position;
        }

        @Override
        public void fail(final String reason)
        {
            // the slot says it was refused; the replication link hears of it from the processor
        }

        @Override
        public void respond()
        {
            // nobody waits on a replicated record
        }
    }

    /** See {@link #NOOP}. */
    final class Noop implements ControlRequest
    {
        private Noop()
        {
        }

        @Override
        public void fail(final String reason)
        {
        }

        @Override
        public void respond()
        {
        }
    }

    /** See {@link #TICK}. */
    final class Tick implements ControlRequest
    {
        private Tick()
        {
        }

        @Override
        public void fail(final String reason)
        {
            // the timer stays pending and the next tick tries again; the failure went to the error handler
        }

        @Override
        public void respond()
        {
            // nobody waits on a tick
        }
    }
}
