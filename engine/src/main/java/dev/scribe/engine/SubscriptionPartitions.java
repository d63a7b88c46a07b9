package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The handler threads of a partitioned subscription. The reader splits each chunk by routing key and gives every
 * partition its share (empty or not), numbered; the checkpoint moves to a chunk's last record once every partition
 * has finished that chunk. Each partition has a small bounded queue, so a slow partition holds the reader back
 * (which reads the journal, never the ring).
 */
final class SubscriptionPartitions
{
    private static final int QUEUE_CHUNKS = 4;
    private static final long POLL_MS = 50;

    private final Subscription subscription;
    private final RunningSubscription running;
    private final Function<JournalEvent, ?> routingKey;
    private final Worker[] workers;
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private long nextChunk;

    /** One partition's share of a chunk, or a retry of a parked event. */
    private record Work(long chunk, List<JournalEvent> events, ParkedEvent parked,
        CompletableFuture<Boolean> retried)
    {
    }

    SubscriptionPartitions(final Subscription subscription, final DeadLetters deadLetters,
        final RunningSubscription running)
    {
        this.subscription = subscription;
        this.running = running;
        this.routingKey = subscription.routingKey();
        workers = new Worker[subscription.partitionCount()];
        for (int i = 0; i < workers.length; i++)
        {
            workers[i] = new Worker(new SubscriptionDelivery(subscription, deadLetters, running));
        }
    }

    void start()
    {
        final List<Thread> threads = new ArrayList<>(workers.length);
        for (int i = 0; i < workers.length; i++)
        {
            final Thread thread = new Thread(workers[i], "scribe-sub-" + subscription.name() + "-" + i);
            thread.setDaemon(true);
            workers[i].thread = thread;
            threads.add(thread);
        }
        running.handlerThreads(threads);
        threads.forEach(Thread::start);
    }

    /**
     * The partition of an event.
     *
     * @throws RuntimeException from the routing function; or if it gives no key.
     */
    int partitionOf(final JournalEvent event)
    {
        final Object key = routingKey.apply(event);
        if (null == key)
        {
            throw new IllegalArgumentException("the routing function gave no key");
        }
        return (int)((StateHasher.mix(key.hashCode()) & Long.MAX_VALUE) % workers.length);
    }

    /**
     * Give every partition its share of a chunk; the chunk's last record is committed once all have finished it.
     *
     * @param routed each event with its partition, in journal order.
     * @return false if the subscription stopped while a partition's queue was full.
     */
    boolean dispatch(final List<JournalEvent> events, final int[] partitions, final long lastPosition,
        final int lastCrc)
    {
        final List<List<JournalEvent>> shares = new ArrayList<>(workers.length);
        for (int i = 0; i < workers.length; i++)
        {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < events.size(); i++)
        {
            shares.get(partitions[i]).add(events.get(i));
        }
        final long chunk = nextChunk++;
        inFlight.add(new long[] {chunk, lastPosition, lastCrc});
        for (int i = 0; i < workers.length; i++)
        {
            if (!put(workers[i], new Work(chunk, shares.get(i), null, null)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Hand a parked event to its partition to retry.
     *
     * @return false if the subscription stopped while the partition's queue was full.
     * @throws EngineException if the routing function fails (whatever it throws, but a {@link VirtualMachineError})
     *                         or gives no key.
     */
    boolean retry(final JournalEvent event, final ParkedEvent parked, final CompletableFuture<Boolean> result)
    {
        final int partition;
        try
        {
            partition = partitionOf(event);
        }
        catch (final VirtualMachineError error)
        {
            throw error;
        }
        catch (final Throwable ex)
        {
            throw new EngineException("the routing function of subscription " + subscription.name() + " failed " +
                "for the event parked at position " + PositionFormat.position(parked.position()) + " index " +
                parked.index() + ", which " +
                "stays parked: " + SubscriptionDelivery.describe(ex), ex);
        }
        return put(workers[partition], new Work(-1, List.of(event), parked, result));
    }

    private boolean put(final Worker worker, final Work work)
    {
        try
        {
            while (!worker.queue.offer(work, POLL_MS, TimeUnit.MILLISECONDS))
            {
                if (running.stopping())
                {
                    return false;
                }
            }
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Commit every chunk all partitions have finished, on the reader's thread.
     *
     * @param commit told each committed chunk's last record position and CRC.
     */
    void advance(final Committer commit)
    {
        long finished = Long.MAX_VALUE;
        for (final Worker worker : workers)
        {
            finished = Math.min(finished, worker.finished);
        }
        while (!inFlight.isEmpty() && inFlight.peek()[0] <= finished)
        {
            final long[] chunk = inFlight.poll();
            commit.commit(chunk[1], (int)chunk[2]);
        }
    }

    /** Told of a committed chunk. */
    @FunctionalInterface
    interface Committer
    {
        void commit(long position, int crc);
    }

    /**
     * Wait for the workers once the subscription is stopping, on the reader's thread, which reads the journal no more
     * (closing may give up on a worker whose handler does not return, and the reader with it).
     */
    void join()
    {
        running.awaitingPartitions();
        for (final Worker worker : workers)
        {
            ThreadJoin.await(worker.thread);
            Work left;
            while (null != (left = worker.queue.poll()))
            {
                if (null != left.retried())
                {
                    left.retried().completeExceptionally(new IllegalStateException("subscription " +
                        subscription.name() + " stopped before it could retry the parked event at position " +
                        PositionFormat.position(left.parked().position()) + " index " + left.parked().index()));
                }
            }
        }
    }

    /** One partition's thread. */
    private final class Worker implements Runnable
    {
        private final ArrayBlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        private final SubscriptionDelivery delivery;
        private volatile long finished = -1;
        private Thread thread;

        Worker(final SubscriptionDelivery delivery)
        {
            this.delivery = delivery;
        }

        @Override
        public void run()
        {
            try
            {
                while (!running.stopping())
                {
                    final Work work = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (null == work)
                    {
                        continue;
                    }
                    if (null != work.retried())
                    {
                        retry(work);
                    }
                    else if (!work.events().isEmpty() && !delivery.deliver(work.events()))
                    {
                        return;
                    }
                    else
                    {
                        finished = work.chunk();
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final VirtualMachineError error)
            {
                running.fail(error);
                throw error;
            }
            catch (final Throwable t)
            {
                running.fail(t);
            }
        }

        private void retry(final Work work)
        {
            try
            {
                work.retried().complete(delivery.retryParked(work.events().get(0), work.parked()));
            }
            catch (final VirtualMachineError error)
            {
                work.retried().completeExceptionally(error);
                throw error;
            }
            catch (final Throwable ex)
            {
                work.retried().completeExceptionally(ex);
            }
        }
    }
}
