package dev.scribe.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Claims and publishes slots of the command ring for every way in (sends, binary publishers, control requests,
 * replicated records). A claim that waits for room gives up when the engine closes: {@link Engine#close()} waits for
 * every sender in flight, so a wait that could not end would hang the close.
 *
 * <p>Back pressure from the replication gate is applied here, to commands only: while the gate holds as many
 * results as it may, a command finds no room, but a control request (leading a new epoch, a barrier, a state hash)
 * and a replicated record still get a slot. The ring therefore never waits on the gate, and the replication thread,
 * which is what frees the gate, can always get its own requests through.
 *
 * <p><b>Waiting for room</b> backs off: a few spins, then a few yields, then parking for growing times up to
 * {@value #MAX_PARK_NS} ns, so that a producer behind a full ring leaves the cores to the threads that empty it. It
 * also waits for a good part of the ring ({@code ringSize / 8}) to be free before it claims again, so that a producer
 * faster than the business logic does not wake once per slot: it parks once, then claims a run of slots without
 * waiting. A claim that must not wait answers {@link #NO_ROOM} at once.
 *
 * <p><b>A single-producer ring</b> ({@link EngineContext#singleProducer(boolean)}) has no atomic claims of its own,
 * so every claim here holds a lock from the claim until its publication: the one thread that sends commands, and the
 * control requests of other threads (a state hash, a snapshot, the replication node's requests), take turns. The
 * lock is held only while slots are claimed and not yet published, never while waiting for room, and the
 * business-logic thread only ever tries it ({@link #tryClaimControl()}), so it never waits on a sender.
 *
 * <p>No engine thread waits here for room: only the engine's threads make room, so a claim on one of them (from
 * code attached to a result, say) that finds the ring full fails with an {@link EngineException} rather than
 * waiting forever.
 */
final class RingClaims
{
    /** The ring is full and the caller did not ask to wait. */
    static final long NO_ROOM = -1;
    /** The engine closed while the claim waited for room. */
    static final long CLOSED = -2;

    /** Longest park between looks at a full ring. */
    static final long MAX_PARK_NS = 200_000;
    private static final int SPINS = 100;
    private static final int YIELDS = 10;
    private static final long FIRST_PARK_NS = 1_000;
    /** Parks after which a waiting claim takes any room, not only a good part of the ring. */
    private static final int PATIENT_PARKS = 64;

    private final RingBuffer<CommandSlot> ring;
    private final BooleanSupplier closed;
    private final ReplicationGate gate;
    private final AtomicBoolean lock;
    /** With a single-producer ring, the one thread that may claim slots for commands (the first that did). */
    private final AtomicReference<Thread> producer;
    private final long resumeRoom;
    private final List<Thread> engineThreads;

    /**
     * Claims on a ring.
     *
     * @param ring           the command ring.
     * @param closed         whether the engine is closed.
     * @param gate           the replication gate, or null.
     * @param singleProducer whether the ring is a single-producer one, whose claims take turns under a lock.
     * @param engineThreads  the engine's own threads, which must never wait for room.
     */
    RingClaims(final RingBuffer<CommandSlot> ring, final BooleanSupplier closed, final ReplicationGate gate,
        final boolean singleProducer, final List<Thread> engineThreads)
    {
        this.ring = ring;
        this.closed = closed;
        this.gate = gate;
        this.lock = singleProducer ? new AtomicBoolean() : null;
        this.producer = singleProducer ? new AtomicReference<>() : null;
        this.resumeRoom = Math.max(1, ring.getBufferSize() / 8);
        this.engineThreads = List.copyOf(engineThreads);
    }

    /**
     * Claim the next slot for a command: there is room when the ring has a free slot and the replication gate (if
     * any) is not full. A claimed slot must be {@link #publish(long) published}.
     *
     * @param waitForRoom whether to wait while there is no room.
     * @return the slot's sequence, {@link #NO_ROOM} or {@link #CLOSED}.
     */
    long claim(final boolean waitForRoom)
    {
        return claim(1, waitForRoom, null != gate);
    }

    /**
     * Claim the next {@code count} slots at once for commands, all or none. They must be
     * {@link #publish(long, long) published} together.
     *
     * @param count       how many, 1 to the ring size.
     * @param waitForRoom whether to wait while there is no room for all of them.
     * @return the last slot's sequence (the first is {@code count - 1} before it), {@link #NO_ROOM} or
     *         {@link #CLOSED}.
     */
    long claim(final int count, final boolean waitForRoom)
    {
        return claim(count, waitForRoom, null != gate);
    }

    /**
     * Claim the next slot for a control request or a replicated record, waiting for room in the ring (not in the
     * replication gate).
     *
     * @return the slot's sequence.
     * @throws EngineException if the engine closes while waiting.
     */
    long claimOrThrow()
    {
        final long sequence = claim(1, true, false);
        if (sequence == CLOSED)
        {
            throw new EngineException("the engine is closed");
        }
        return sequence;
    }

    /**
     * Claim a slot for a control request on the business-logic thread: never waits, neither for room nor for
     * another thread's claim.
     *
     * @return the slot's sequence, or {@link #NO_ROOM}.
     */
    long tryClaimControl()
    {
        if (null != lock && !lock.compareAndSet(false, true))
        {
            return NO_ROOM;
        }
        return next(1);
    }

    /**
     * Publish a claimed slot.
     *
     * @param sequence its sequence.
     */
    void publish(final long sequence)
    {
        ring.publish(sequence);
        unlock();
    }

    /**
     * Publish slots claimed together.
     *
     * @param low  the first one's sequence.
     * @param high the last one's sequence.
     */
    void publish(final long low, final long high)
    {
        ring.publish(low, high);
        unlock();
    }

    private long claim(final int count, final boolean waitForRoom, final boolean checkGate)
    {
        final long sequence = tryClaim(count, checkGate);
        if (sequence != NO_ROOM || !waitForRoom)
        {
            return sequence;
        }
        return awaitClaim(count, checkGate);
    }

    private long tryClaim(final int count, final boolean checkGate)
    {
        if (checkGate && gate.full())
        {
            return NO_ROOM;
        }
        lock();
        return next(count);
    }

    /** With the lock held (if there is one): claim, or release the lock and answer {@link #NO_ROOM}. */
    private long next(final int count)
    {
        try
        {
            return ring.tryNext(count);
        }
        catch (final InsufficientCapacityException ex)
        {
            unlock();
            return NO_ROOM;
        }
    }

    private long awaitClaim(final int count, final boolean checkGate)
    {
        checkNotEngineThread("a claim in the full command ring");
        for (int idle = 0; true; idle++)
        {
            if (closed.getAsBoolean())
            {
                return CLOSED;
            }
            backOff(idle);
            final long wanted = idle < SPINS + YIELDS + PATIENT_PARKS ? Math.max(count, resumeRoom) : count;
            if (ring.remainingCapacity() >= wanted)
            {
                final long sequence = tryClaim(count, checkGate);
                if (sequence != NO_ROOM)
                {
                    return sequence;
                }
            }
        }
    }

    /** Spin, then yield, then park for a time that doubles up to {@link #MAX_PARK_NS}. */
    private static void backOff(final int idle)
    {
        if (idle < SPINS)
        {
            Thread.onSpinWait();
        }
        else if (idle < SPINS + YIELDS)
        {
            Thread.yield();
        }
        else
        {
            final int parks = idle - SPINS - YIELDS;
            LockSupport.parkNanos(parks >= 8 ? MAX_PARK_NS : Math.min(MAX_PARK_NS, FIRST_PARK_NS << parks));
        }
    }

    /**
     * With a single-producer ring, the first thread to claim a command's slot becomes the only one that may: one
     * volatile read a claim, and a clear refusal instead of a ring corrupted by two claiming threads.
     *
     * @throws IllegalStateException on another thread, naming both.
     */
    void checkProducer()
    {
        if (null == producer)
        {
            return;
        }
        final Thread current = Thread.currentThread();
        final Thread owner = producer.get();
        if (owner != current && (null != owner || !producer.compareAndSet(null, current)))
        {
            throw new IllegalStateException("this engine's ring has a single producer " +
                "(EngineContext.singleProducer): commands come from thread '" + producer.get().getName() +
                "', the first that sent one, so thread '" + current.getName() + "' may not send any");
        }
    }

    /**
     * The engine's own threads must not wait for what only they can do: room in the ring, an answer of the business
     * logic, their own end.
     *
     * @param what what the caller would wait for.
     * @throws EngineException on one of them.
     */
    void checkNotEngineThread(final String what)
    {
        final Thread current = Thread.currentThread();
        if (engineThreads.contains(current))
        {
            throw new EngineException(what + " would wait on thread '" + current.getName() + "', one of the " +
                "engine's own, for that very thread; code attached to a result runs there: attach it with an async " +
                "method, or send from it without waiting for room");
        }
    }

    private void lock()
    {
        if (null == lock)
        {
            return;
        }
        for (int idle = 0; !lock.compareAndSet(false, true); idle++)
        {
            // another thread has slots claimed and not yet published: it publishes them without waiting on anyone
            backOff(Math.min(idle, SPINS + YIELDS));
        }
    }

    private void unlock()
    {
        if (null != lock)
        {
            lock.setRelease(false);
        }
    }
}
