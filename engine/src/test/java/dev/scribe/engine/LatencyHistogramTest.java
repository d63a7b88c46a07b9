package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latency histogram's buckets, percentiles and differences, recorded by hand.
 */
class LatencyHistogramTest
{
    @Test
    void bucketsCoverEveryValueInOrderAndWithinThreePercent()
    {
        assertEquals(0, LatencyHistogram.bucketOf(0));
        assertEquals(63, LatencyHistogram.bucketOf(63));
        assertEquals(64, LatencyHistogram.bucketOf(64));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(LatencyHistogram.MAX_VALUE));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(Long.MAX_VALUE), "clamped");
        for (int bucket = 0; bucket < LatencyHistogram.BUCKETS - 1; bucket++)
        {
            final long low = LatencyHistogram.lowestValueOf(bucket);
            final long high = LatencyHistogram.highestValueOf(bucket);
            assertEquals(bucket, LatencyHistogram.bucketOf(low), "lowest of " + bucket);
            assertEquals(bucket, LatencyHistogram.bucketOf(high), "highest of " + bucket);
            assertEquals(high + 1, LatencyHistogram.lowestValueOf(bucket + 1), "no gap after " + bucket);
            assertTrue(high - low <= Math.max(0, low / 32), "bucket " + bucket + " from " + low + " to " + high);
        }
    }

    @Test
    void percentilesAreWithinThePrecisionAndNeverBelowTheTrueValue()
    {
        final LatencyHistogram histogram = new LatencyHistogram(false);
        final SplittableRandom random = new SplittableRandom(7);
        final List<Long> values = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final long value = 1_000 + random.nextLong(5_000_000);
            values.add(value);
            total += value;
            histogram.record(value);
        }
        values.sort(null);
        assertEquals(10_000, histogram.count());
        assertEquals(total, histogram.totalNanos());
        assertEquals(values.get(values.size() - 1), histogram.maxNanos());
        final LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertEquals(10_000, snapshot.count());
        for (final double percentile : new double[] {0, 50, 90, 99, 99.9, 100})
        {
            final long exact = values.get(Math.max(0, (int)Math.ceil(percentile / 100 * values.size()) - 1));
            final long estimate = snapshot.valueAtPercentile(percentile);
            assertTrue(estimate >= exact && estimate <= exact + exact / 32, percentile + "%: " + estimate +
                " for " + exact);
        }
        assertThrows(IllegalArgumentException.class, () -> snapshot.valueAtPercentile(101));
        assertThrows(IllegalArgumentException.class, () -> snapshot.valueAtPercentile(Double.NaN));
    }

    @Test
    void theDifferenceOfTwoSnapshotsHoldsWhatWasRecordedBetween()
    {
        final LatencyHistogram histogram = new LatencyHistogram(true);
        for (int i = 0; i < 100; i++)
        {
            histogram.record(1_000_000); // 1 ms
        }
        final LatencyHistogram.Snapshot before = histogram.snapshot();
        for (int i = 0; i < 10; i++)
        {
            histogram.record(100);
        }
        histogram.record(-5);
        final LatencyHistogram.Snapshot between = histogram.snapshot().minus(before);
        assertEquals(11, between.count());
        assertEquals(101, between.valueAtPercentile(99), "100 ns, as the highest value of its bucket (100-101)");
        assertEquals(0, between.valueAtPercentile(0), "a negative latency counts as 0");
        assertEquals(101, between.maxNanos(), "the 1 ms latencies were before");
        assertEquals(0, new LatencyHistogram(false).snapshot().valueAtPercentile(50), "empty");
        assertEquals(111, histogram.count());
        assertEquals(1_000_000, histogram.maxNanos());
    }
}
