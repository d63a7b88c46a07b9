package dev.scribe.kafka;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.RetryPolicy;
import dev.scribe.engine.Subscription;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings of a {@link KafkaExport}: where the events go, how they are rendered and how patiently it retries.
 * Setters are fluent and return this; getters have the same name without an argument. {@link #conclude()} runs once,
 * at {@link KafkaExport#launch}, fills the defaults of {@link Configuration} and fails with an
 * {@link IllegalArgumentException} that names the setting that is wrong.
 *
 * <pre>{@code
 * KafkaExport export = KafkaExport.launch(engine, new KafkaExportContext()
 *     .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *     .topic("bank-events")
 *     .retry(RetryPolicy.backoff(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(10))));
 * }</pre>
 */
public final class KafkaExportContext
{
    /** Defaults. */
    public static final class Configuration
    {
        /** Default name of the export's subscription: this prefix and the topic. */
        public static final String SUBSCRIPTION_NAME_PREFIX = "kafka.";
        /** Default events a chunk holds: one flush to Kafka per chunk. */
        public static final int CHUNK_SIZE_DEFAULT = 256;
        /** Default retry policy: retry for ever, backing off from 100 ms to 10 s, so a broker that is down stalls
         * the export and never skips an event. */
        public static final RetryPolicy RETRY_DEFAULT = RetryPolicy.backoff(Integer.MAX_VALUE, Duration.ofMillis(100),
            Duration.ofSeconds(10));
        /** Default deadline to reach a broker and read the topic's partitions, at launch and after a failure. */
        public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
        /** Default deadline for Kafka to acknowledge a record ({@code delivery.timeout.ms}). */
        public static final Duration DELIVERY_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
        /** Default time {@link KafkaExport#close()} gives records in flight before it abandons them. */
        public static final Duration CLOSE_TIMEOUT_DEFAULT = Duration.ofSeconds(5);

        /**
         * Client settings the export owns; {@link #clientProperty} refuses them.
         */
        public static final Set<String> OWNED_CLIENT_PROPERTIES = Set.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.PARTITIONER_CLASS_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.RETRIES_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG);

        private Configuration()
        {
        }
    }

    private boolean concluded;
    private String bootstrapServers;
    private String topic;
    private String subscriptionName;
    private Function<JournalEvent, byte[]> serializer;
    private RetryPolicy retry;
    private int chunkSize;
    private Duration connectTimeout;
    private Duration deliveryTimeout;
    private Duration closeTimeout;
    private final Map<String, Object> clientProperties = new HashMap<>();
    private final List<Class<?>> eventTypes = new ArrayList<>();
    private final List<Class<? extends Aggregate>> aggregateTypes = new ArrayList<>();

    /**
     * Check the settings and fill the defaults; {@link KafkaExport#launch} calls it.
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting that is missing or wrong.
     * @throws IllegalStateException    if it was concluded before (a context serves one launch).
     */
    public KafkaExportContext conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException("the Kafka export context is already concluded: use a new one for " +
                "each launch");
        }
        if (null == bootstrapServers || bootstrapServers.isBlank())
        {
            throw new IllegalArgumentException("a Kafka export needs bootstrapServers: host:port of one or more " +
                "brokers, comma-separated");
        }
        if (null == topic || topic.isBlank())
        {
            throw new IllegalArgumentException("a Kafka export needs a topic: the topic to export to, which must " +
                "exist");
        }
        if (!topic.matches("[A-Za-z0-9._-]{1,249}"))
        {
            throw new IllegalArgumentException("a Kafka export's topic must be 1 to 249 letters, digits, '.', '_' " +
                "or '-': \"" + topic + "\"");
        }
        if (null == subscriptionName)
        {
            subscriptionName = Configuration.SUBSCRIPTION_NAME_PREFIX + topic;
        }
        Subscription.named(subscriptionName);
        serializer = null == serializer ? EventJson::render : serializer;
        retry = null == retry ? Configuration.RETRY_DEFAULT : retry;
        chunkSize = 0 == chunkSize ? Configuration.CHUNK_SIZE_DEFAULT : chunkSize;
        connectTimeout = null == connectTimeout ? Configuration.CONNECT_TIMEOUT_DEFAULT : connectTimeout;
        deliveryTimeout = null == deliveryTimeout ? Configuration.DELIVERY_TIMEOUT_DEFAULT : deliveryTimeout;
        closeTimeout = null == closeTimeout ? Configuration.CLOSE_TIMEOUT_DEFAULT : closeTimeout;
        concluded = true;
        return this;
    }

    /**
     * The brokers to reach first ({@code bootstrap.servers}). Required.
     *
     * @param servers {@code host:port} of one or more brokers, comma-separated.
     * @return this.
     */
    public KafkaExportContext bootstrapServers(final String servers)
    {
        checkOpen();
        this.bootstrapServers = servers;
        return this;
    }

    /**
     * The brokers to reach first.
     *
     * @return {@code host:port}, comma-separated.
     */
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /**
     * The topic the events go to. Required; it must exist (the export never creates it) and should hold nothing but
     * this export's records. Its partition count must not change while the export runs (see {@link KafkaExport}).
     *
     * @param topic the topic's name.
     * @return this.
     */
    public KafkaExportContext topic(final String topic)
    {
        checkOpen();
        this.topic = topic;
        return this;
    }

    /**
     * The topic the events go to.
     *
     * @return its name.
     */
    public String topic()
    {
        return topic;
    }

    /**
     * Name of the subscription that reads the journal for the export: it keys the checkpoint, so a relaunch under
     * the same name resumes where the last one stopped. Default {@code kafka.<topic>}.
     *
     * @param name a subscription name ({@link Subscription#named}).
     * @return this.
     */
    public KafkaExportContext subscriptionName(final String name)
    {
        checkOpen();
        this.subscriptionName = name;
        return this;
    }

    /**
     * Name of the export's subscription.
     *
     * @return the name; null before {@link #conclude()} unless set.
     */
    public String subscriptionName()
    {
        return subscriptionName;
    }

    /**
     * How an event becomes a record's value. Default {@link EventJson#render}. It runs on the export's thread; one
     * that throws fails the chunk, which is retried like a failed send.
     *
     * @param serializer the event's bytes; not null.
     * @return this.
     */
    public KafkaExportContext serializer(final Function<JournalEvent, byte[]> serializer)
    {
        checkOpen();
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        return this;
    }

    /**
     * How an event becomes a record's value.
     *
     * @return the serializer; null before {@link #conclude()} unless set.
     */
    public Function<JournalEvent, byte[]> serializer()
    {
        return serializer;
    }

    /**
     * How a chunk that Kafka did not acknowledge is retried. Default {@link Configuration#RETRY_DEFAULT}. When the
     * attempts run out the export stops (the engine runs on) and {@link KafkaExport#failure()} says why; it never
     * skips an event.
     *
     * @param policy the policy.
     * @return this.
     */
    public KafkaExportContext retry(final RetryPolicy policy)
    {
        checkOpen();
        this.retry = Objects.requireNonNull(policy, "retry");
        return this;
    }

    /**
     * How a chunk that Kafka did not acknowledge is retried.
     *
     * @return the policy; null before {@link #conclude()} unless set.
     */
    public RetryPolicy retry()
    {
        return retry;
    }

    /**
     * Most events sent before one flush. Default {@value Configuration#CHUNK_SIZE_DEFAULT}.
     *
     * @param size 1 to {@value Subscription#MAX_CHUNK_SIZE}.
     * @return this.
     */
    public KafkaExportContext chunkSize(final int size)
    {
        checkOpen();
        if (size < 1 || size > Subscription.MAX_CHUNK_SIZE)
        {
            throw new IllegalArgumentException("a Kafka export's chunkSize must be 1 to " +
                Subscription.MAX_CHUNK_SIZE + ": " + size);
        }
        this.chunkSize = size;
        return this;
    }

    /**
     * Most events sent before one flush.
     *
     * @return the size; 0 before {@link #conclude()} unless set.
     */
    public int chunkSize()
    {
        return chunkSize;
    }

    /**
     * The deadline to reach a broker and read the topic's partitions: {@link KafkaExport#launch} fails after it, and
     * an attempt after a failure fails after it. Also the longest a send waits for the topic's metadata. Default
     * {@link Configuration#CONNECT_TIMEOUT_DEFAULT}.
     *
     * @param timeout positive.
     * @return this.
     */
    public KafkaExportContext connectTimeout(final Duration timeout)
    {
        checkOpen();
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /**
     * The deadline to reach a broker and read the topic's partitions.
     *
     * @return the timeout; null before {@link #conclude()} unless set.
     */
    public Duration connectTimeout()
    {
        return connectTimeout;
    }

    /**
     * The deadline for Kafka to acknowledge a record ({@code delivery.timeout.ms}, and {@code request.timeout.ms}):
     * a chunk whose records are not all acknowledged by then fails, and is retried. Default
     * {@link Configuration#DELIVERY_TIMEOUT_DEFAULT}.
     *
     * @param timeout positive, whole milliseconds.
     * @return this.
     */
    public KafkaExportContext deliveryTimeout(final Duration timeout)
    {
        checkOpen();
        this.deliveryTimeout = positive(timeout, "deliveryTimeout");
        return this;
    }

    /**
     * The deadline for Kafka to acknowledge a record.
     *
     * @return the timeout; null before {@link #conclude()} unless set.
     */
    public Duration deliveryTimeout()
    {
        return deliveryTimeout;
    }

    /**
     * The time {@link KafkaExport#close()} gives records in flight to be acknowledged before it abandons them (an
     * abandoned chunk is exported again by the next launch). Default {@link Configuration#CLOSE_TIMEOUT_DEFAULT}.
     *
     * @param timeout zero or more.
     * @return this.
     */
    public KafkaExportContext closeTimeout(final Duration timeout)
    {
        checkOpen();
        if (null == timeout || timeout.isNegative())
        {
            throw new IllegalArgumentException("a Kafka export's closeTimeout must be zero or more: " + timeout);
        }
        this.closeTimeout = timeout;
        return this;
    }

    /**
     * The time {@link KafkaExport#close()} gives records in flight.
     *
     * @return the timeout; null before {@link #conclude()} unless set.
     */
    public Duration closeTimeout()
    {
        return closeTimeout;
    }

    /**
     * A Kafka client setting for the export's producer, admin client and consumer alike: security, client id,
     * compression and so on. The settings that make the export what it is are refused
     * ({@link Configuration#OWNED_CLIENT_PROPERTIES}).
     *
     * @param name  the setting's name, as Kafka's client documentation gives it.
     * @param value its value.
     * @return this.
     * @throws IllegalArgumentException if the export owns the setting.
     */
    public KafkaExportContext clientProperty(final String name, final Object value)
    {
        checkOpen();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (Configuration.OWNED_CLIENT_PROPERTIES.contains(name))
        {
            throw new IllegalArgumentException("a Kafka export sets " + name + " itself; it cannot be given as a " +
                "clientProperty");
        }
        clientProperties.put(name, value);
        return this;
    }

    /**
     * The extra Kafka client settings.
     *
     * @return a copy.
     */
    public Map<String, Object> clientProperties()
    {
        return Map.copyOf(clientProperties);
    }

    /**
     * Export only events of these classes (and their subclasses), as {@link Subscription#eventTypes} filters.
     * Default: every event.
     *
     * @param types event classes.
     * @return this.
     */
    public KafkaExportContext eventTypes(final Class<?>... types)
    {
        checkOpen();
        for (final Class<?> type : types)
        {
            eventTypes.add(Objects.requireNonNull(type, "a null event type"));
        }
        return this;
    }

    /**
     * Export only events applied by aggregates of these classes, as {@link Subscription#aggregateTypes} filters.
     *
     * @param types aggregate classes registered with the engine.
     * @return this.
     */
    @SafeVarargs
    public final KafkaExportContext aggregateTypes(final Class<? extends Aggregate>... types)
    {
        checkOpen();
        for (final Class<? extends Aggregate> type : types)
        {
            aggregateTypes.add(Objects.requireNonNull(type, "a null aggregate type"));
        }
        return this;
    }

    Subscription subscription()
    {
        final Subscription subscription = Subscription.named(subscriptionName)
            .chunkSize(chunkSize)
            .retry(retry)
            .stopWhenExhausted();
        for (final Class<?> type : eventTypes)
        {
            subscription.eventTypes(type);
        }
        for (final Class<? extends Aggregate> type : aggregateTypes)
        {
            subscription.aggregateTypes(type);
        }
        return subscription;
    }

    private void checkOpen()
    {
        if (concluded)
        {
            throw new IllegalStateException("the Kafka export context is already concluded; set it up before launch");
        }
    }

    private static Duration positive(final Duration timeout, final String name)
    {
        if (null == timeout || timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("a Kafka export's " + name + " must be positive: " + timeout);
        }
        return timeout;
    }
}
