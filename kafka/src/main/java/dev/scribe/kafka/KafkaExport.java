package dev.scribe.kafka;

import dev.scribe.engine.Engine;
import dev.scribe.engine.RunningSubscription;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exports the journal's events to a Kafka topic: a {@link dev.scribe.engine.Subscription} whose handler publishes
 * each event as one Kafka record with an idempotent producer ({@code enable.idempotence=true}, {@code acks=all}),
 * and whose checkpoint moves only once Kafka acknowledged a whole chunk.
 *
 * <pre>{@code
 * try (KafkaExport export = KafkaExport.launch(engine, new KafkaExportContext()
 *     .bootstrapServers("localhost:9092")
 *     .topic("bank-events")))
 * {
 *     ...   // the export runs on its own thread until closed (close it before the engine)
 * }
 * }</pre>
 *
 * <h2>The records</h2>
 * <table>
 *   <caption>An exported record</caption>
 *   <tr><th>Part</th><th>Holds</th></tr>
 *   <tr><td>key</td><td>the aggregate id, UTF-8; the partition is the key's murmur2 hash modulo the partition
 *   count, as Kafka's default partitioner picks it</td></tr>
 *   <tr><td>value</td><td>{@link KafkaExportContext#serializer}'s bytes; by default {@link EventJson}</td></tr>
 *   <tr><td>timestamp</td><td>the event's timestamp, in milliseconds</td></tr>
 *   <tr><td>header {@value #HEADER_POSITION}</td><td>the journal position of the event's record</td></tr>
 *   <tr><td>header {@value #HEADER_INDEX}</td><td>the event's index in its record, from 0</td></tr>
 *   <tr><td>header {@value #HEADER_VERSION}</td><td>the aggregate's version after the event</td></tr>
 *   <tr><td>header {@value #HEADER_TYPE}</td><td>the event's class name</td></tr>
 *   <tr><td>header {@value #HEADER_TIMESTAMP}</td><td>the event's timestamp, nanoseconds since the epoch</td></tr>
 * </table>
 * Header values are decimal numbers or the class name, as UTF-8 text. (position, index) names an event uniquely
 * in the journal: a consumer that must never act twice can key on it.
 *
 * <h2>What is guaranteed</h2>
 * <ul>
 *   <li><b>Nothing is lost.</b> The subscription's checkpoint moves only after Kafka acknowledged ({@code acks=all})
 *   every record of a chunk. A chunk that is not acknowledged (a broker down, a timeout) is retried by the
 *   {@link KafkaExportContext#retry} policy, by default for ever; if the policy runs out the export stops (the
 *   engine runs on), {@link #failure()} says why, and a new launch resumes from the checkpoint. The export never
 *   parks or skips an event it could not send.</li>
 *   <li><b>Per aggregate, journal order.</b> An aggregate's events go to one partition, in the order they were
 *   journaled.</li>
 *   <li><b>No duplicates from retries or restarts.</b> Before it sends anything, and again after any failed attempt,
 *   the export reads the last record of each partition and remembers the highest (position, index) it holds; an
 *   event handed over again at or below its partition's mark is not sent again. This holds because, with one
 *   idempotent producer per attempt and ordered sends, the order of a partition is the order the export sent in: if
 *   the last record of a partition is an event, every earlier event of that partition is there too.</li>
 * </ul>
 *
 * <h2>What is not</h2>
 * <ul>
 *   <li>Not atomic across partitions or with anything else: there are no Kafka transactions, so a consumer with
 *   {@code read_committed} sees no difference, and a consumer may read part of a chunk before the rest is
 *   written.</li>
 *   <li>The topic should hold only this export's records, written by one export at a time. Records without the
 *   headers are stepped over; two exports of different journals into one topic would hide each other's events.</li>
 *   <li>The partition count must not change while exporting. If partitions are added, an aggregate's later events
 *   go to another partition (as with Kafka's own partitioner), and an event handed over again after that may be
 *   sent a second time.</li>
 *   <li>A record Kafka wrote but whose acknowledgement was lost, and which becomes readable only after the export
 *   read the partition's end (a broker that commits it late, after a leader change), can be written twice. Topic
 *   retention or compaction that deletes a partition's newest records has the same effect.</li>
 *   <li>If the engine's journal is truncated (a fail-over that drops records) the subscription refuses to resume,
 *   as every subscription does; records already in Kafka stay.</li>
 * </ul>
 *
 * <p>Bad settings fail {@link #launch} with an {@link IllegalArgumentException} naming the setting; a topic that
 * does not exist, or brokers that do not answer within {@link KafkaExportContext#connectTimeout}, with a
 * {@link KafkaExportException}. Neither touches the engine.
 */
public final class KafkaExport implements AutoCloseable
{
    /** Header: the journal position of the event's record, decimal. */
    public static final String HEADER_POSITION = "scribe.position";
    /** Header: the event's index among its record's events, from 0, decimal. */
    public static final String HEADER_INDEX = "scribe.index";
    /** Header: the aggregate's version after the event, decimal. */
    public static final String HEADER_VERSION = "scribe.version";
    /** Header: the event's class name. */
    public static final String HEADER_TYPE = "scribe.type";
    /** Header: the event's timestamp, nanoseconds since the epoch, decimal. */
    public static final String HEADER_TIMESTAMP = "scribe.timestamp";

    private final KafkaExportContext context;
    private final EventPublisher publisher;
    private final RunningSubscription subscription;

    private KafkaExport(final KafkaExportContext context, final EventPublisher publisher,
        final RunningSubscription subscription)
    {
        this.context = context;
        this.publisher = publisher;
        this.subscription = subscription;
    }

    /**
     * Start exporting: check the settings, find the topic and what it holds already, and start the subscription,
     * which resumes after its checkpoint (or starts from the beginning of the journal).
     *
     * @param engine  the engine whose journal is exported.
     * @param context the settings; concluded here.
     * @return the running export.
     * @throws IllegalArgumentException naming a setting that is missing or wrong, or if the subscription of that
     *                                  name runs already.
     * @throws KafkaExportException     if the topic does not exist or no broker answered in time.
     */
    public static KafkaExport launch(final Engine engine, final KafkaExportContext context)
    {
        context.conclude();
        final Consumer<byte[], byte[]> consumer;
        try
        {
            consumer = new KafkaConsumer<>(consumerConfig(context), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        }
        catch (final KafkaException ex)
        {
            throw new IllegalArgumentException("a Kafka export could not set up a client for bootstrapServers \"" +
                context.bootstrapServers() + "\" and the clientProperties: " + ex.getMessage(), ex);
        }
        final Map<String, Object> producerConfig = producerConfig(context);
        final Supplier<Producer<byte[], byte[]>> producers = () -> new KafkaProducer<>(producerConfig,
            new ByteArraySerializer(), new ByteArraySerializer());
        final EventPublisher publisher = new EventPublisher(context.topic(), context.serializer(), producers,
            consumer, context.connectTimeout());
        try
        {
            publisher.readEnds();
            producers.get().close(Duration.ZERO);
            return new KafkaExport(context, publisher,
                engine.subscriptions().start(context.subscription().handler(publisher)));
        }
        catch (final KafkaException ex)
        {
            publisher.close(Duration.ZERO);
            publisher.closeConsumer();
            throw new IllegalArgumentException("a Kafka export could not set up its producer (clientProperties): " +
                ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            publisher.close(Duration.ZERO);
            publisher.closeConsumer();
            throw ex;
        }
    }

    private static Map<String, Object> commonConfig(final KafkaExportContext context, final String role)
    {
        final Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "scribe-" + context.subscriptionName() + "-" + role);
        config.putAll(context.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        return config;
    }

    private static Map<String, Object> consumerConfig(final KafkaExportContext context)
    {
        final Map<String, Object> config = commonConfig(context, "ends");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(context.connectTimeout()));
        // it reads up to ends it knows: a fetch that waits long for more would only hold up the next read
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        return config;
    }

    private static Map<String, Object> producerConfig(final KafkaExportContext context)
    {
        final Map<String, Object> config = commonConfig(context, "producer");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(context.deliveryTimeout()));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(context.deliveryTimeout()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long)millis(context.connectTimeout()));
        return config;
    }

    private static int millis(final Duration duration)
    {
        return (int)Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /**
     * The topic it exports to.
     *
     * @return the topic.
     */
    public String topic()
    {
        return context.topic();
    }

    /**
     * The subscription that reads the journal for it: its checkpoint, whether it runs, why it stopped.
     *
     * @return the subscription.
     */
    public RunningSubscription subscription()
    {
        return subscription;
    }

    /**
     * Whether it runs.
     *
     * @return false once closed, or stopped by a failure ({@link #failure()}).
     */
    public boolean isRunning()
    {
        return subscription.isRunning();
    }

    /**
     * Why it stopped by itself: Kafka did not acknowledge a chunk within the retry policy's attempts.
     *
     * @return the failure, or null.
     */
    public Throwable failure()
    {
        return subscription.failure();
    }

    /**
     * Records Kafka acknowledged since launch.
     *
     * @return the count.
     */
    public long exported()
    {
        return publisher.exported();
    }

    /**
     * Events handed over again that Kafka held already, and so were not sent again, since launch.
     *
     * @return the count.
     */
    public long skipped()
    {
        return publisher.skipped();
    }

    /**
     * Attempts at a chunk that failed since launch (each is retried by the policy).
     *
     * @return the count.
     */
    public long failedAttempts()
    {
        return publisher.failedAttempts();
    }

    /**
     * The last failed attempt's error, whether or not a retry succeeded since.
     *
     * @return the error, or null if none failed.
     */
    public Throwable lastFailure()
    {
        return publisher.lastFailure();
    }

    /**
     * Stop exporting: records in flight get {@link KafkaExportContext#closeTimeout} to be acknowledged, then the
     * subscription stops with its checkpoint after the last chunk Kafka acknowledged wholly. What was sent of an
     * unfinished chunk is recognised and not sent again by the next launch.
     */
    @Override
    public void close()
    {
        publisher.close(context.closeTimeout());
        subscription.close();
        publisher.closeConsumer();
    }

}
