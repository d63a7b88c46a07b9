package dev.scribe.engine;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Pending timers of the business logic, by due time: a binary min-heap ordered by due time, then by id, so that
 * timers due at the same instant fire in the order they were scheduled and a replay fires them in the same order;
 * with each timer's place in the heap kept by id, so that cancelling one is {@code O(log n)}. Adding and firing are
 * {@code O(log n)} too, and nothing is allocated per timer beyond its payload once the arrays have grown.
 * Single-threaded: the business-logic thread's.
 *
 * @param <T> what a timer carries.
 */
final class TimerQueue<T>
{
    private static final int INITIAL_CAPACITY = 16;
    private static final long ABSENT = -1;

    private long[] due = new long[INITIAL_CAPACITY];
    private long[] ids = new long[INITIAL_CAPACITY];
    private Object[] payloads = new Object[INITIAL_CAPACITY];
    private final Long2LongHashMap places = new Long2LongHashMap(ABSENT);
    private int[] stack = new int[INITIAL_CAPACITY];
    private int size;

    /** Receives each timer fired. */
    @FunctionalInterface
    interface Firing<T>
    {
        /**
         * A timer is due.
         *
         * @param id      its id.
         * @param dueNs   when it was due, in nanoseconds of the engine clock.
         * @param payload what it carries.
         */
        void fire(long id, long dueNs, T payload);
    }

    int size()
    {
        return size;
    }

    boolean contains(final long id)
    {
        return places.get(id) != ABSENT;
    }

    /**
     * Schedule a timer.
     *
     * @throws IllegalArgumentException if a timer of that id is pending, or the payload is null.
     */
    void add(final long id, final long dueNs, final T payload)
    {
        if (null == payload)
        {
            throw new IllegalArgumentException("timer " + id + " has no payload");
        }
        if (contains(id))
        {
            throw new IllegalArgumentException("timer " + id + " is already pending");
        }
        if (size == due.length)
        {
            due = Arrays.copyOf(due, 2 * size);
            ids = Arrays.copyOf(ids, 2 * size);
            payloads = Arrays.copyOf(payloads, 2 * size);
        }
        set(size, dueNs, id, payload);
        size++;
        up(size - 1);
    }

    /**
     * Cancel a pending timer.
     *
     * @return whether it was pending.
     */
    boolean cancel(final long id)
    {
        final long place = places.get(id);
        if (place == ABSENT)
        {
            return false;
        }
        removeAt((int)place);
        return true;
    }

    /**
     * What a pending timer carries.
     *
     * @return the payload, or null if no timer of that id is pending.
     */
    @SuppressWarnings("unchecked")
    T get(final long id)
    {
        final long place = places.get(id);
        return place == ABSENT ? null : (T)payloads[(int)place];
    }

    /**
     * Id of the timer that fires first.
     *
     * @return its id, or -1 if none is pending.
     */
    long nextId()
    {
        return 0 == size ? ABSENT : ids[0];
    }

    /**
     * Hand every pending timer over, in no particular order, without removing any.
     */
    @SuppressWarnings("unchecked")
    void forEach(final Firing<T> visitor)
    {
        for (int i = 0; i < size; i++)
        {
            visitor.fire(ids[i], due[i], (T)payloads[i]);
        }
    }

    /**
     * How many timers are due at or before a time, counting no further than a cap: a walk of the heap's due top,
     * {@code O(cap)}.
     *
     * @return the count, at most {@code cap}.
     */
    int countDue(final long nowNs, final int cap)
    {
        if (0 == size || due[0] > nowNs || cap <= 0)
        {
            return 0;
        }
        if (stack.length < cap + 2)
        {
            stack = new int[cap + 2];
        }
        int count = 0;
        int top = 0;
        stack[top++] = 0;
        while (top > 0 && count < cap)
        {
            final int at = stack[--top];
            count++;
            final int left = 2 * at + 1;
            if (left < size && due[left] <= nowNs)
            {
                stack[top++] = left;
            }
            if (left + 1 < size && due[left + 1] <= nowNs)
            {
                stack[top++] = left + 1;
            }
        }
        return count;
    }

    /**
     * When the earliest timer is due.
     *
     * @return its due time, or {@link Long#MAX_VALUE} if none is pending.
     */
    long nextDueNs()
    {
        return 0 == size ? Long.MAX_VALUE : due[0];
    }

    /**
     * Fire every timer due at or before a time, earliest first (by id among equals), each removed before it is
     * handed over; a timer added meanwhile that is due fires too.
     *
     * @return how many fired.
     */
    @SuppressWarnings("unchecked")
    int fireDue(final long nowNs, final Firing<T> firing)
    {
        int fired = 0;
        while (size > 0 && due[0] <= nowNs)
        {
            final long id = ids[0];
            final long dueNs = due[0];
            final T payload = (T)payloads[0];
            removeAt(0);
            fired++;
            firing.fire(id, dueNs, payload);
        }
        return fired;
    }

    private void removeAt(final int place)
    {
        places.remove(ids[place]);
        size--;
        if (place == size)
        {
            payloads[size] = null;
            return;
        }
        set(place, due[size], ids[size], payloads[size]);
        payloads[size] = null;
        if (!up(place))
        {
            down(place);
        }
    }

    private boolean before(final int a, final int b)
    {
        return due[a] < due[b] || due[a] == due[b] && ids[a] < ids[b];
    }

    /** Move a timer up while it is due before its parent; whether it moved. */
    private boolean up(final int from)
    {
        int at = from;
        while (at > 0)
        {
            final int parent = (at - 1) >>> 1;
            if (!before(at, parent))
            {
                break;
            }
            swap(at, parent);
            at = parent;
        }
        return at != from;
    }

    private void down(final int from)
    {
        int at = from;
        while (true)
        {
            final int left = 2 * at + 1;
            if (left >= size)
            {
                return;
            }
            final int right = left + 1;
            final int child = right < size && before(right, left) ? right : left;
            if (!before(child, at))
            {
                return;
            }
            swap(at, child);
            at = child;
        }
    }

    private void swap(final int a, final int b)
    {
        final long dueA = due[a];
        final long idA = ids[a];
        final Object payloadA = payloads[a];
        set(a, due[b], ids[b], payloads[b]);
        set(b, dueA, idA, payloadA);
    }

    private void set(final int place, final long dueNs, final long id, final Object payload)
    {
        due[place] = dueNs;
        ids[place] = id;
        payloads[place] = payload;
        places.put(id, place);
    }
}
