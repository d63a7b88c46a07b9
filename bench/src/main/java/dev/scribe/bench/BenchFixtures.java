package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the journal benchmarks share: where their files go, the record they write, and a raw queue set up the way
 * the journal sets up its own.
 */
final class BenchFixtures
{
    /** System property naming the directory benchmark files go under; the default is {@code java.io.tmpdir}. */
    static final String BENCH_DIR_PROP_NAME = "scribe.bench.dir";
    /** Aggregate every benchmark record changes. */
    static final String AGGREGATE_ID = "acc-1";
    /** Event type id of the benchmark payload. */
    static final int EVENT_TYPE_ID = 1;
    /** Schema version of the benchmark payload. */
    static final int EVENT_VERSION = 1;

    private BenchFixtures()
    {
    }

    /**
     * A payload of fixed pseudo-random bytes, the same for every run.
     */
    static UnsafeBuffer payload(final int payloadBytes)
    {
        final byte[] bytes = new byte[payloadBytes];
        long seed = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < bytes.length; i++)
        {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            bytes[i] = (byte)seed;
        }
        return new UnsafeBuffer(bytes);
    }

    /**
     * Build the benchmark record: one aggregate, one event carrying the payload, no idempotency key. The sequence
     * varies the header fields and the aggregate version as an engine's records would.
     *
     * @return the record's length.
     */
    static int writeRecord(
        final RecordWriter writer, final long sequence, final DirectBuffer payload, final int payloadBytes)
    {
        return writer
            .begin(1, sequence, sequence, sequence)
            .aggregate(AGGREGATE_ID, sequence)
            .event(0, EVENT_TYPE_ID, EVENT_VERSION, payload, 0, payloadBytes)
            .finish();
    }

    /**
     * Length of the benchmark record for a payload size.
     */
    static int recordLength(final int payloadBytes)
    {
        return writeRecord(new RecordWriter(), 1, payload(payloadBytes), payloadBytes);
    }

    /**
     * Copy bytes into off-heap Chronicle bytes, ready to be appended as one document.
     */
    static Bytes<?> directBytes(final DirectBuffer source, final int length)
    {
        final byte[] copy = new byte[length];
        source.getBytes(0, copy);
        final Bytes<?> bytes = Bytes.allocateDirect(length);
        bytes.write(copy);
        return bytes;
    }

    /**
     * A raw Chronicle queue with the journal's format and roll cycle ({@code DAILY} is {@code FAST_DAILY}).
     */
    static SingleChronicleQueue rawQueue(final Path directory)
    {
        return SingleChronicleQueueBuilder.binary(directory).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /**
     * A fresh directory for one trial.
     */
    static Path createTrialDirectory(final String prefix)
    {
        try
        {
            final Path base = Path.of(System.getProperty(BENCH_DIR_PROP_NAME, System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a benchmark directory", ex);
        }
    }

    /**
     * Delete a directory and everything in it; nothing if it is null or gone.
     */
    static void delete(final Path directory)
    {
        if (null == directory || !Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete benchmark directory " + directory, ex);
        }
    }
}
