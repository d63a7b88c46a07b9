package dev.scribe.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies of acknowledged commands at one {@link Durability}, in nanoseconds, recorded by the engine where it
 * completes their results ({@link EngineMetrics#latency(Durability)}): from the moment a command takes its ring slot
 * to the moment its result completes at that durability. Read from any thread, any number of times, without a lock
 * and without stopping the thread that records.
 *
 * <p>A log-linear histogram: values below 64 ns each have a bucket; above, every power of two is split into 32
 * buckets of equal width, so a value is known to within 1/32 (about 3%), up to 2<sup>43</sup> ns (about 2.4 hours;
 * larger values count in the last bucket). Recording is a few array and field writes and allocates nothing; one
 * recording thread writes with release stores, several (for REPLICATED results, completed on more than one thread)
 * with atomic adds. Counts only grow: the difference of two {@link Snapshot}s is the latencies recorded between them.
 */
public final class LatencyHistogram
{
    /** Buckets per power of two, as bits: 32 buckets. */
    static final int SUB_BUCKET_BITS = 5;
    /** The largest value told apart from larger ones: 2^43 - 1 ns. */
    static final long MAX_VALUE = (1L << 43) - 1;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Values below this have a bucket each. */
    private static final int LINEAR = 2 * SUB_BUCKETS;
    private static final int FIRST_LOG_MSB = SUB_BUCKET_BITS + 1;
    /** How many buckets there are. */
    static final int BUCKETS = LINEAR + (63 - Long.numberOfLeadingZeros(MAX_VALUE) - FIRST_LOG_MSB + 1) * SUB_BUCKETS;

    private final boolean shared;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    /**
     * An empty histogram.
     *
     * @param shared whether more than one thread records.
     */
    LatencyHistogram(final boolean shared)
    {
        this.shared = shared;
    }

    /**
     * Record one latency; on the recording thread (any thread if shared). Negative values count as 0.
     *
     * @param nanos the latency.
     */
    void record(final long nanos)
    {
        final long value = Math.max(0, nanos);
        final int bucket = bucketOf(value);
        if (shared)
        {
            counts.getAndIncrement(bucket);
            totalNanos.getAndAdd(value);
            maxNanos.accumulateAndGet(value, Math::max);
            count.getAndIncrement();
        }
        else
        {
            counts.setRelease(bucket, counts.getPlain(bucket) + 1);
            totalNanos.setRelease(totalNanos.getPlain() + value);
            if (value > maxNanos.getPlain())
            {
                maxNanos.setRelease(value);
            }
            count.setRelease(count.getPlain() + 1);
        }
    }

    /**
     * How many latencies were recorded.
     *
     * @return the count.
     */
    public long count()
    {
        return count.getAcquire();
    }

    /**
     * The sum of the latencies recorded.
     *
     * @return nanoseconds.
     */
    public long totalNanos()
    {
        return totalNanos.getAcquire();
    }

    /**
     * The largest latency recorded.
     *
     * @return nanoseconds, 0 if none.
     */
    public long maxNanos()
    {
        return maxNanos.getAcquire();
    }

    /**
     * A copy of the counts, to compute percentiles from. Taken while latencies may be being recorded, so it may miss
     * the last few, never counts one twice.
     *
     * @return the snapshot.
     */
    public Snapshot snapshot()
    {
        final long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++)
        {
            copy[i] = counts.getAcquire(i);
        }
        return new Snapshot(copy);
    }

    static int bucketOf(final long value)
    {
        if (value < LINEAR)
        {
            return (int)value;
        }
        final long clamped = Math.min(value, MAX_VALUE);
        final int msb = 63 - Long.numberOfLeadingZeros(clamped);
        final int shift = msb - SUB_BUCKET_BITS;
        final int sub = (int)(clamped >>> shift) - SUB_BUCKETS;
        return LINEAR + (msb - FIRST_LOG_MSB) * SUB_BUCKETS + sub;
    }

    /** The smallest value that counts in a bucket. */
    static long lowestValueOf(final int bucket)
    {
        if (bucket < LINEAR)
        {
            return bucket;
        }
        final int group = (bucket - LINEAR) >> SUB_BUCKET_BITS;
        final int sub = (bucket - LINEAR) & (SUB_BUCKETS - 1);
        return (long)(sub + SUB_BUCKETS) << (group + 1);
    }

    /** The largest value that counts in a bucket. */
    static long highestValueOf(final int bucket)
    {
        return bucket == BUCKETS - 1 ? Long.MAX_VALUE : lowestValueOf(bucket + 1) - 1;
    }

    /**
     * The counts of a {@link LatencyHistogram} at one moment, or the difference of two such moments.
     */
    public static final class Snapshot
    {
        private final long[] counts;
        private final long count;

        private Snapshot(final long[] counts)
        {
            this.counts = counts;
            long sum = 0;
            for (final long c : counts)
            {
                sum += c;
            }
            this.count = sum;
        }

        /**
         * How many latencies the snapshot holds.
         *
         * @return the count.
         */
        public long count()
        {
            return count;
        }

        /**
         * The latency at or below which a share of the latencies lie, to within the histogram's precision (the
         * highest value of its bucket, so never less than the true value).
         *
         * @param percentile from 0 to 100.
         * @return nanoseconds; 0 if the snapshot is empty.
         * @throws IllegalArgumentException if the percentile is outside 0 to 100.
         */
        public long valueAtPercentile(final double percentile)
        {
            if (!(percentile >= 0 && percentile <= 100))
            {
                throw new IllegalArgumentException("percentile must be from 0 to 100: " + percentile);
            }
            if (count == 0)
            {
                return 0;
            }
            final long rank = Math.max(1, (long)Math.ceil(percentile / 100 * count));
            long seen = 0;
            for (int i = 0; i < counts.length; i++)
            {
                seen += counts[i];
                if (seen >= rank)
                {
                    return Math.min(highestValueOf(i), MAX_VALUE);
                }
            }
            return MAX_VALUE;
        }

        /**
         * The largest latency, to within the histogram's precision.
         *
         * @return nanoseconds; 0 if the snapshot is empty.
         */
        public long maxNanos()
        {
            return valueAtPercentile(100);
        }

        /**
         * The latencies recorded since an earlier snapshot of the same histogram.
         *
         * @param earlier a snapshot taken before this one.
         * @return the difference.
         */
        public Snapshot minus(final Snapshot earlier)
        {
            final long[] difference = Arrays.copyOf(counts, counts.length);
            for (int i = 0; i < difference.length; i++)
            {
                difference[i] = Math.max(0, difference[i] - earlier.counts[i]);
            }
            return new Snapshot(difference);
        }
    }
}
