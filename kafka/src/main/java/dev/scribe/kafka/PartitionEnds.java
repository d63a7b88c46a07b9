package dev.scribe.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.TimeoutException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The highest journal place (position, event index) in each partition of the topic: the headers of the last record
 * of each partition that carries them. Records without the export's headers (another writer's) are stepped over,
 * reading further back, 16 times as far each time. All partitions are read at once: a consumer has one fetch in
 * flight to a broker at a time, so reading them one after the other would wait out a long poll for each.
 *
 * <p>Reads with a consumer that belongs to no group and commits nothing; the caller owns it and uses it from one
 * thread at a time.
 */
final class PartitionEnds
{
    private static final int LOOKBACK_GROWTH = 16;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;

    PartitionEnds(final Consumer<byte[], byte[]> consumer, final String topic)
    {
        this.consumer = consumer;
        this.topic = topic;
    }

    /**
     * Read the highest exported place of each partition.
     *
     * @param partitions the topic's partition count.
     * @param marks      filled: one per partition.
     * @param timeout    the longest the whole read may take.
     * @throws TimeoutException if it takes longer.
     */
    void read(final int partitions, final ExportMarks marks, final Duration timeout)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final List<TopicPartition> all = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++)
        {
            all.add(new TopicPartition(topic, p));
        }
        final Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, left(deadlineNs));
        final Map<TopicPartition, Long> end = consumer.endOffsets(all, left(deadlineNs));
        marks.reset(partitions);
        final Map<TopicPartition, Long> lookback = new HashMap<>();
        for (final TopicPartition partition : all)
        {
            if (end.getOrDefault(partition, 0L) > begin.getOrDefault(partition, 0L))
            {
                lookback.put(partition, 1L);
            }
        }
        try
        {
            while (!lookback.isEmpty())
            {
                readRound(lookback, begin, end, marks, deadlineNs);
            }
        }
        finally
        {
            consumer.assign(List.of());
        }
    }

    /**
     * Read the last {@code lookback} records of each partition left, all partitions at once (one fetch serves them
     * all); a partition whose records carried the headers, or that was read from its beginning, is done and leaves
     * the map, the others look 16 times further back next round.
     */
    private void readRound(final Map<TopicPartition, Long> lookback, final Map<TopicPartition, Long> begin,
        final Map<TopicPartition, Long> end, final ExportMarks marks, final long deadlineNs)
    {
        consumer.assign(new ArrayList<>(lookback.keySet()));
        final Map<TopicPartition, Long> from = new HashMap<>();
        for (final Map.Entry<TopicPartition, Long> entry : lookback.entrySet())
        {
            final TopicPartition partition = entry.getKey();
            final long first = begin.getOrDefault(partition, 0L);
            from.put(partition, Math.max(first, end.get(partition) - entry.getValue()));
            consumer.seek(partition, from.get(partition));
        }
        final Set<TopicPartition> found = new HashSet<>();
        while (!reachedEnd(lookback.keySet(), end, deadlineNs))
        {
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL))
            {
                final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition) && mark(record, marks))
                {
                    found.add(partition);
                }
            }
        }
        for (final TopicPartition partition : new ArrayList<>(lookback.keySet()))
        {
            final long distance = lookback.get(partition);
            if (found.contains(partition) || from.get(partition).longValue() == begin.getOrDefault(partition, 0L))
            {
                lookback.remove(partition);
            }
            else
            {
                lookback.put(partition, distance > Long.MAX_VALUE / LOOKBACK_GROWTH ? Long.MAX_VALUE :
                    distance * LOOKBACK_GROWTH);
            }
        }
    }

    private boolean reachedEnd(final Set<TopicPartition> partitions, final Map<TopicPartition, Long> end,
        final long deadlineNs)
    {
        for (final TopicPartition partition : partitions)
        {
            if (consumer.position(partition, left(deadlineNs)) < end.get(partition))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean mark(final ConsumerRecord<byte[], byte[]> record, final ExportMarks marks)
    {
        final Header position = record.headers().lastHeader(KafkaExport.HEADER_POSITION);
        final Header index = record.headers().lastHeader(KafkaExport.HEADER_INDEX);
        if (null == position || null == index || null == position.value() || null == index.value())
        {
            return false;
        }
        try
        {
            marks.set(record.partition(), Long.parseLong(new String(position.value(), StandardCharsets.US_ASCII)),
                Integer.parseInt(new String(index.value(), StandardCharsets.US_ASCII)));
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static Duration left(final long deadlineNs)
    {
        final long left = deadlineNs - System.nanoTime();
        if (left <= 0)
        {
            throw new TimeoutException("reading the last record of each partition took longer than the deadline");
        }
        return Duration.ofNanos(left);
    }
}
