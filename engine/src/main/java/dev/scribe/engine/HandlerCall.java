package dev.scribe.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread's calls into the user's code on the read side (a subscription's handler, a live query subscriber's
 * {@code onNext}, a rebuilt projection's {@code onEvent}), which stopping interrupts and may give up on. The thread is
 * interrupted only while it is inside such a call, never while it is in the engine's own code (a journal read or a
 * file write, which an interrupt would break), and its interrupt is cleared when the call returns. A thread inside a
 * call is outside the journal: once it returns, the code around the call checks that it is stopping before it reads
 * anything more.
 */
final class HandlerCall
{
    private static final int OUTSIDE = 0;
    private static final int INSIDE = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final AtomicInteger state = new AtomicInteger(OUTSIDE);
    private volatile Thread thread;

    /** The current thread calls the user's code. */
    void enter()
    {
        thread = Thread.currentThread();
        state.set(INSIDE);
    }

    /** The call returned (or threw): the thread goes on without an interrupt pending. */
    void exit()
    {
        while (true)
        {
            final int now = state.get();
            if (INTERRUPTING != now && state.compareAndSet(now, OUTSIDE))
            {
                break;
            }
            Thread.onSpinWait(); // an interrupt being delivered: a few instructions
        }
        Thread.interrupted();
    }

    /**
     * Interrupt the thread if it is inside a call that was not interrupted yet (not the current thread's own).
     *
     * @return whether the thread is inside a call.
     */
    boolean interrupt()
    {
        final Thread inside = thread;
        if (inside != Thread.currentThread() && state.compareAndSet(INSIDE, INTERRUPTING))
        {
            inside.interrupt();
            state.set(INTERRUPTED);
        }
        return OUTSIDE != state.get();
    }

    /**
     * Whether a thread is inside a call.
     *
     * @return true from {@link #enter} to {@link #exit}.
     */
    boolean inside()
    {
        return OUTSIDE != state.get();
    }

    /**
     * The thread that made the last call.
     *
     * @return the thread, or null if none called yet.
     */
    Thread thread()
    {
        return thread;
    }
}
