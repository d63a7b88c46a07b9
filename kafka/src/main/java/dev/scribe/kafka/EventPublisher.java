package dev.scribe.kafka;

import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.SubscriptionHandler;
import dev.scribe.journal.PositionFormat;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The export's subscription handler: sends a chunk to Kafka, flushes, and returns only once Kafka acknowledged every
 * record of it, so the subscription's checkpoint moves only past what Kafka holds. A chunk with any record not
 * acknowledged throws, and the subscription retries it by its policy.
 *
 * <p>Events at or below their partition's {@link ExportMarks mark} are not sent again. The marks come from the end
 * of each partition ({@link PartitionEnds}) at launch and before the first attempt after a failure, and move as Kafka
 * acknowledges; a failure also retires the producer, so the next attempt starts from what Kafka holds with a new
 * producer and nothing of the failed one in flight.
 *
 * <p>{@link #onEvents} and {@link #readEnds} run on one thread at a time (the launching thread, then the
 * subscription's); {@link #close} may run on any thread, meanwhile.
 */
final class EventPublisher implements SubscriptionHandler
{
    private final String topic;
    private final Function<JournalEvent, byte[]> serializer;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Consumer<byte[], byte[]> consumer;
    private final Duration connectTimeout;
    private final PartitionEnds ends;
    private final ExportMarks marks = new ExportMarks();
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();
    private final List<JournalEvent> sentEvents = new ArrayList<>();
    private final List<Integer> sentPartitions = new ArrayList<>();
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final Object lock = new Object();
    private Producer<byte[], byte[]> producer;
    private boolean closing;
    private volatile boolean stale = true;
    private volatile Throwable lastFailure;

    EventPublisher(final String topic, final Function<JournalEvent, byte[]> serializer,
        final Supplier<Producer<byte[], byte[]>> producers, final Consumer<byte[], byte[]> consumer,
        final Duration connectTimeout)
    {
        this.topic = topic;
        this.serializer = serializer;
        this.producers = producers;
        this.consumer = consumer;
        this.connectTimeout = connectTimeout;
        this.ends = new PartitionEnds(consumer, topic);
    }

    /**
     * Find the topic's partitions and the highest place exported to each.
     *
     * @throws KafkaExportException if the topic does not exist or no broker answered in time.
     */
    void readEnds()
    {
        final List<PartitionInfo> partitions;
        try
        {
            partitions = consumer.partitionsFor(topic, connectTimeout);
            if (partitions.isEmpty())
            {
                throw new KafkaExportException("topic \"" + topic + "\" does not exist: create it before exporting " +
                    "to it (topic)");
            }
            ends.read(partitions.size(), marks, connectTimeout);
        }
        catch (final KafkaException ex)
        {
            throw new KafkaExportException("no Kafka broker answered for topic \"" + topic + "\" within " +
                connectTimeout + " (bootstrapServers, connectTimeout): " + ex.getMessage(), ex);
        }
        stale = false;
    }

    @Override
    public void onEvents(final List<JournalEvent> events) throws Exception
    {
        if (stale)
        {
            try
            {
                readEnds();
            }
            catch (final KafkaExportException ex)
            {
                failedAttempts.incrementAndGet();
                lastFailure = ex;
                throw ex;
            }
        }
        final Producer<byte[], byte[]> current = producer();
        sent.clear();
        sentEvents.clear();
        sentPartitions.clear();
        Throwable failure = null;
        try
        {
            for (final JournalEvent event : events)
            {
                final byte[] key = null == event.aggregateId() ? new byte[0] :
                    event.aggregateId().getBytes(StandardCharsets.UTF_8);
                final int partition = Utils.toPositive(Utils.murmur2(key)) % marks.partitions();
                if (!marks.after(partition, event.position(), event.index()))
                {
                    skipped.incrementAndGet();
                    continue;
                }
                final byte[] value = serialize(event);
                sent.add(current.send(new ProducerRecord<>(topic, partition, event.timestampNs() / 1_000_000L, key,
                    value, headers(event))));
                sentEvents.add(event);
                sentPartitions.add(partition);
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        try
        {
            current.flush();
        }
        catch (final KafkaException | IllegalStateException ex)
        {
            failure = null == failure ? ex : failure;
        }
        int failed = 0;
        for (final Future<RecordMetadata> future : sent)
        {
            try
            {
                future.get();
            }
            catch (final ExecutionException ex)
            {
                failed++;
                failure = null == failure ? ex.getCause() : failure;
            }
        }
        if (null != failure)
        {
            fail(current, events, failed, failure);
        }
        for (int i = 0; i < sentEvents.size(); i++)
        {
            marks.set(sentPartitions.get(i), sentEvents.get(i).position(), sentEvents.get(i).index());
        }
        exported.addAndGet(sentEvents.size());
    }

    /** The serializer's bytes for an event; its failure named as the serializer's, not Kafka's. */
    private byte[] serialize(final JournalEvent event)
    {
        try
        {
            return serializer.apply(event);
        }
        catch (final RuntimeException ex)
        {
            throw new SerializerFailed("the serializer failed on the event at position " +
                PositionFormat.position(event.position()) +
                " index " + event.index() + " (" + event.type().getName() + "): " + ex + "; the chunk is retried " +
                "like a failed send and no event is ever skipped, so the export waits until the serializer is fixed",
                ex);
        }
    }

    /** The serializer threw for an event of the chunk. */
    private static final class SerializerFailed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        SerializerFailed(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    private void fail(final Producer<byte[], byte[]> current, final List<JournalEvent> events, final int failed,
        final Throwable failure)
    {
        stale = true;
        retire(current);
        failedAttempts.incrementAndGet();
        if (failure instanceof SerializerFailed)
        {
            final KafkaExportException exception = new KafkaExportException(failure.getMessage(), failure.getCause());
            lastFailure = exception;
            throw exception;
        }
        final JournalEvent first = events.get(0);
        final JournalEvent last = events.get(events.size() - 1);
        final KafkaExportException exception = new KafkaExportException("Kafka did not acknowledge " +
            (0 == failed ? "the chunk" : failed + " of " + sent.size() + " records of the chunk") + " from position " +
            PositionFormat.position(first.position()) + " index " + first.index() + " to position " +
            PositionFormat.position(last.position()) + " index " +
            last.index() + " for topic \"" + topic + "\": " + failure, failure);
        lastFailure = exception;
        throw exception;
    }

    private static RecordHeaders headers(final JournalEvent event)
    {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(header(KafkaExport.HEADER_POSITION, Long.toString(event.position())));
        headers.add(header(KafkaExport.HEADER_INDEX, Integer.toString(event.index())));
        headers.add(header(KafkaExport.HEADER_VERSION, Long.toString(event.version())));
        headers.add(header(KafkaExport.HEADER_TYPE, event.type().getName()));
        headers.add(header(KafkaExport.HEADER_TIMESTAMP, Long.toString(event.timestampNs())));
        return headers;
    }

    private static RecordHeader header(final String name, final String value)
    {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private Producer<byte[], byte[]> producer()
    {
        synchronized (lock)
        {
            if (closing)
            {
                throw new KafkaExportException("the Kafka export to topic \"" + topic + "\" is closing");
            }
            if (null == producer)
            {
                producer = producers.get();
            }
            return producer;
        }
    }

    /** A producer that failed is closed at once and not used again; the next attempt makes a new one. */
    private void retire(final Producer<byte[], byte[]> failed)
    {
        synchronized (lock)
        {
            if (producer == failed)
            {
                producer = null;
            }
        }
        failed.close(Duration.ZERO);
    }

    /**
     * Stop sending: records in flight get up to the timeout to be acknowledged, then are abandoned (the chunk fails
     * and is sent again by the next launch). The consumer is closed by {@link #closeConsumer()}, once the
     * subscription's thread has stopped.
     *
     * @param timeout for records in flight.
     */
    void close(final Duration timeout)
    {
        final Producer<byte[], byte[]> last;
        synchronized (lock)
        {
            closing = true;
            last = producer;
            producer = null;
        }
        if (null != last)
        {
            last.close(timeout);
        }
    }

    void closeConsumer()
    {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    long exported()
    {
        return exported.get();
    }

    long skipped()
    {
        return skipped.get();
    }

    long failedAttempts()
    {
        return failedAttempts.get();
    }

    Throwable lastFailure()
    {
        return lastFailure;
    }
}
