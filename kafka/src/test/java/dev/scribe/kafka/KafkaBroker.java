package dev.scribe.kafka;

import dev.scribe.test.Deadlines;
import dev.scribe.test.TcpProxy;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker in KRaft mode (broker and controller in one node), in the test's JVM, behind a {@link TcpProxy}:
 * the broker advertises the proxy's address, so every client connection goes through it, and {@link #down()} makes
 * the broker unreachable to clients as a crashed broker would be (new connections refused, open ones reset) while
 * the broker itself keeps its data; {@link #up()} brings it back. The test reads the topics directly, bypassing the
 * proxy.
 */
final class KafkaBroker
{
    private final TcpProxy proxy;
    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private KafkaBroker(final TcpProxy proxy, final KafkaClusterTestKit cluster)
    {
        this.proxy = proxy;
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    static KafkaBroker start() throws Exception
    {
        final TcpProxy proxy = TcpProxy.start(new InetSocketAddress("127.0.0.1", 1));
        final TestKitNodes nodes = new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
        final String listener = nodes.brokerListenerName().value();
        final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("advertised.listeners", listener + "://127.0.0.1:" + proxy.port())
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("num.partitions", "1")
            .build();
        try
        {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            final BrokerServer broker = cluster.brokers().values().iterator().next();
            proxy.target(new InetSocketAddress("127.0.0.1", broker.boundPort(ListenerName.normalised(listener))));
            return new KafkaBroker(proxy, cluster);
        }
        catch (final Exception ex)
        {
            cluster.close();
            proxy.close();
            throw ex;
        }
    }

    /**
     * Where clients reach the broker: through the proxy.
     *
     * @return host:port.
     */
    String bootstrapServers()
    {
        return "127.0.0.1:" + proxy.port();
    }

    void createTopic(final String topic, final int partitions) throws Exception
    {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all()
            .get(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Clients can no longer reach the broker: connections refused, open ones reset. */
    void down()
    {
        proxy.refuse();
        proxy.reset();
    }

    /** Clients reach the broker again. */
    void up()
    {
        proxy.pass();
    }

    /**
     * Every record of a topic, read directly from the broker (not through the proxy), partition by partition.
     *
     * @param topic the topic.
     * @return its records.
     */
    List<ConsumerRecord<byte[], byte[]>> read(final String topic)
    {
        final String direct = cluster.bootstrapServers();
        final Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, direct,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
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
                consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p, deadline) >= ends.get(p));
            }, () -> "reading topic " + topic + " to its end " + ends, deadline);
        }
        return records;
    }

    public void close() throws Exception
    {
        admin.close();
        cluster.close();
        proxy.close();
    }
}
