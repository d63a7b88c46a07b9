package dev.scribe.examples.bank;

import dev.scribe.test.Deadlines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker in KRaft mode (broker and controller in one node) in the test's JVM, as the kafka module's tests
 * start it. Tests create topics and read them back as plain {@link TopicRecord}s, so that this is the examples' only
 * file that uses Kafka's own classes.
 */
final class KafkaBroker
{
    /**
     * A record read back from a topic.
     *
     * @param partition its partition.
     * @param offset    its offset in the partition.
     * @param key       its key, as UTF-8 text.
     * @param headers   its headers, the values as UTF-8 text (the last of a name).
     * @param value     its value, as UTF-8 text.
     */
    record TopicRecord(int partition, long offset, String key, Map<String, String> headers, String value)
    {
    }

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private KafkaBroker(final KafkaClusterTestKit cluster)
    {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    static KafkaBroker start() throws Exception
    {
        final TestKitNodes nodes = new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
        final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("num.partitions", "1")
            .build();
        try
        {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        }
        catch (final Exception ex)
        {
            cluster.close();
            throw ex;
        }
    }

    /**
     * Where clients reach the broker.
     *
     * @return host:port.
     */
    String bootstrapServers()
    {
        return cluster.bootstrapServers();
    }

    void createTopic(final String topic, final int partitions) throws Exception
    {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all()
            .get(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every record of a topic, partition by partition, each in offset order.
     *
     * @param topic the topic.
     * @return its records.
     */
    List<TopicRecord> read(final String topic)
    {
        final Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<TopicRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            final Duration deadline = Deadlines.standard();
            final List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, deadline).forEach(p -> partitions.add(new TopicPartition(topic,
                p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, deadline);
            Deadlines.await(() ->
            {
                consumer.poll(Duration.ofMillis(50)).forEach(record -> records.add(plain(record)));
                return partitions.stream().allMatch(p -> consumer.position(p, deadline) >= ends.get(p));
            }, () -> "reading topic " + topic + " to its end " + ends, deadline);
        }
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition()) :
            Long.compare(a.offset(), b.offset()));
        return records;
    }

    private static TopicRecord plain(final ConsumerRecord<byte[], byte[]> record)
    {
        final Map<String, String> headers = new HashMap<>();
        for (final Header header : record.headers())
        {
            headers.put(header.key(), text(header.value()));
        }
        return new TopicRecord(record.partition(), record.offset(), text(record.key()), headers,
            text(record.value()));
    }

    private static String text(final byte[] bytes)
    {
        return null == bytes ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    void close() throws Exception
    {
        admin.close();
        cluster.close();
    }
}
