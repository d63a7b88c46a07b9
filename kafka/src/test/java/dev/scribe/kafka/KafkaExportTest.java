package dev.scribe.kafka;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Engine;
import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.RetryPolicy;
import dev.scribe.engine.RunningSubscription;
import dev.scribe.engine.Subscription;
import dev.scribe.test.Deadlines;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaExportTest
{
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Engine engine;

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        if (null != broker)
        {
            broker.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception
    {
        broker.up();
        for (int i = open.size() - 1; i >= 0; i--)
        {
            open.get(i).close();
        }
    }

    private Engine launchEngine()
    {
        engine = Engine.launch(Bank.context(dir));
        open.add(engine);
        return engine;
    }

    private KafkaExport launchExport(final KafkaExportContext context)
    {
        final KafkaExport export = KafkaExport.launch(engine, context);
        open.add(export);
        return export;
    }

    private KafkaExportContext context(final String topic)
    {
        return new KafkaExportContext()
            .bootstrapServers(broker.bootstrapServers())
            .topic(topic)
            .connectTimeout(Deadlines.scaled(Duration.ofSeconds(10)))
            .deliveryTimeout(Deadlines.scaled(Duration.ofSeconds(10)))
            .closeTimeout(Duration.ZERO)
            .retry(RetryPolicy.backoff(Integer.MAX_VALUE, Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    private long send(final Object command)
    {
        final Outcome outcome = engine.send(command).join();
        assertTrue(outcome.accepted(), () -> command + ": " + outcome);
        return outcome.position();
    }

    /** Opens {@code accounts} accounts from {@code from} on and deposits into each {@code deposits} times. */
    private long fill(final int from, final int accounts, final int deposits)
    {
        long last = -1;
        for (int a = from; a < from + accounts; a++)
        {
            last = send(new Bank.Open("acc-" + a));
        }
        for (int d = 1; d <= deposits; d++)
        {
            for (int a = from; a < from + accounts; a++)
            {
                last = send(new Bank.Deposit("acc-" + a, d));
            }
        }
        return last;
    }

    private static void awaitExported(final KafkaExport export, final long position)
    {
        Deadlines.await(() -> export.subscription().position() >= position || !export.isRunning(),
            () -> "the export to reach position " + position + " (at " + export.subscription().position() +
                ", last failure " + export.lastFailure() + ")", Deadlines.standard());
        if (null != export.failure())
        {
            throw new AssertionError("the export stopped", export.failure());
        }
    }

    /** Every event of the journal, as (position/index), read by a subscription of its own. */
    private Set<String> journalEvents(final String name)
    {
        final Set<String> all = ConcurrentHashMap.newKeySet();
        final RunningSubscription reference = engine.subscriptions().start(Subscription.named(name)
            .eachEvent(event -> all.add(place(event.position(), event.index()))));
        final long last = engine.lastPosition();
        Deadlines.await(() -> reference.position() >= last, "the reference subscription to read the journal");
        reference.close();
        return all;
    }

    private static String place(final long position, final int index)
    {
        return position + "/" + index;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name)
    {
        final Header header = record.headers().lastHeader(name);
        assertNotNull(header, () -> "no header " + name + " on " + record);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** How often each (position/index) is in the topic. */
    private static Map<String, Integer> exportedCounts(final String topic)
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : broker.read(topic))
        {
            counts.merge(place(Long.parseLong(header(record, KafkaExport.HEADER_POSITION)),
                Integer.parseInt(header(record, KafkaExport.HEADER_INDEX))), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertExactlyOnce(final Set<String> journal, final Map<String, Integer> exported)
    {
        final List<String> twice = new ArrayList<>();
        exported.forEach((place, count) ->
        {
            if (count != 1)
            {
                twice.add(place + " x" + count);
            }
        });
        assertEquals(List.of(), twice, "events exported more than once");
        final Set<String> missing = new HashSet<>(journal);
        missing.removeAll(exported.keySet());
        assertEquals(Set.of(), missing, "events not exported");
        assertEquals(journal, exported.keySet());
    }

    @Test
    void exportsEachEventKeyedByAggregateWithItsPlaceInTheJournalInHeaders() throws Exception
    {
        broker.createTopic("bank-headers", 3);
        launchEngine();
        send(new Bank.Open("acc-1"));
        send(new Bank.Open("acc-2"));
        final long deposit = send(new Bank.Deposit("acc-1", 100));
        final long transfer = send(new Bank.Transfer("acc-1", "acc-2", 40));
        final KafkaExport export = launchExport(context("bank-headers"));
        final long last = send(new Bank.Deposit("acc-2", 7));
        awaitExported(export, last);
        assertEquals(6, export.exported());

        final Map<String, ConsumerRecord<byte[], byte[]>> byPlace = new HashMap<>();
        final Map<String, Set<Integer>> partitionsOf = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : broker.read("bank-headers"))
        {
            byPlace.put(header(record, KafkaExport.HEADER_POSITION) + "/" + header(record, KafkaExport.HEADER_INDEX),
                record);
            partitionsOf.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new HashSet<>())
                .add(record.partition());
        }
        assertEquals(6, byPlace.size(), byPlace::toString);
        assertEquals(Set.of("acc-1", "acc-2"), partitionsOf.keySet());
        partitionsOf.forEach((key, partitions) -> assertEquals(1, partitions.size(), key + " in one partition"));

        final ConsumerRecord<byte[], byte[]> deposited = byPlace.get(place(deposit, 0));
        assertNotNull(deposited, byPlace::toString);
        assertEquals("acc-1", new String(deposited.key(), StandardCharsets.UTF_8));
        assertEquals("{\"amount\":100}", new String(deposited.value(), StandardCharsets.UTF_8));
        assertEquals("2", header(deposited, KafkaExport.HEADER_VERSION));
        assertEquals(Bank.Deposited.class.getName(), header(deposited, KafkaExport.HEADER_TYPE));
        final long timestampNs = Long.parseLong(header(deposited, KafkaExport.HEADER_TIMESTAMP));
        assertEquals(timestampNs / 1_000_000L, deposited.timestamp());
        assertTrue(Math.abs(System.currentTimeMillis() - deposited.timestamp()) < TimeUnit.HOURS.toMillis(1),
            "a wall-clock timestamp: " + timestampNs);

        final ConsumerRecord<byte[], byte[]> withdrawn = byPlace.get(place(transfer, 0));
        final ConsumerRecord<byte[], byte[]> credited = byPlace.get(place(transfer, 1));
        assertEquals("acc-1", new String(withdrawn.key(), StandardCharsets.UTF_8));
        assertEquals(Bank.Withdrawn.class.getName(), header(withdrawn, KafkaExport.HEADER_TYPE));
        assertEquals("3", header(withdrawn, KafkaExport.HEADER_VERSION));
        assertEquals("acc-2", new String(credited.key(), StandardCharsets.UTF_8));
        assertEquals("{\"amount\":40}", new String(credited.value(), StandardCharsets.UTF_8));
        assertEquals("2", header(credited, KafkaExport.HEADER_VERSION));
        assertTrue(engine.subscriptions().names().contains("kafka.bank-headers"));
    }

    @Test
    void aChunkThatFailsPartWayIsRetriedWithoutSendingAgainWhatKafkaHolds() throws Exception
    {
        broker.createTopic("bank-retry", 4);
        launchEngine();
        final long last = fill(0, 10, 5);
        final Set<String> journal = journalEvents("reference");
        final AtomicInteger calls = new AtomicInteger();
        final KafkaExport export = launchExport(context("bank-retry").chunkSize(20).serializer(event ->
        {
            if (30 == calls.incrementAndGet())
            {
                throw new IllegalStateException("the serializer fails once");
            }
            return EventJson.render(event);
        }));
        awaitExported(export, last);
        assertEquals(1, export.failedAttempts());
        assertTrue(export.lastFailure().getMessage().contains("the serializer fails once"),
            export.lastFailure()::toString);
        assertTrue(export.lastFailure().getMessage().startsWith("the serializer failed on the event at position"),
            "a serializer's failure is named as its own, not Kafka's: " + export.lastFailure());
        assertEquals(9, export.skipped(), "the 9 events of the chunk sent before the failure");
        assertExactlyOnce(journal, exportedCounts("bank-retry"));
    }

    @Test
    void anEngineRelaunchedMidStreamWithItsExportExportsEveryEventExactlyOnce() throws Exception
    {
        broker.createTopic("bank-restart", 3);
        launchEngine();
        fill(0, 20, 10);

        // 1: the serializer fails at one event for good: the export stops part-way through a chunk, the engine runs
        final AtomicReference<JournalEvent> poison = new AtomicReference<>();
        final List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            positions.add(send(new Bank.Deposit("acc-" + i, 1000)));
        }
        final long poisonPosition = positions.get(1);
        final KafkaExport first = launchExport(context("bank-restart").chunkSize(16).retry(RetryPolicy.none())
            .serializer(event ->
            {
                if (event.position() == poisonPosition)
                {
                    poison.set(event);
                    throw new IllegalStateException("poisoned");
                }
                return EventJson.render(event);
            }));
        Deadlines.await(() -> !first.isRunning(), "the export to stop at the poisoned event");
        assertNotNull(first.failure());
        assertTrue(first.failure().getMessage().contains("poisoned"), first.failure()::toString);
        assertTrue(first.subscription().position() < poisonPosition);
        assertTrue(first.exported() > 0);
        send(new Bank.Deposit("acc-0", 1));
        first.close();
        engine.close();

        // 2: relaunched, more journaled meanwhile; the export is closed while it is in the middle of the journal
        launchEngine();
        fill(20, 10, 20);
        final CountDownLatch atGate = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final long gatePosition = send(new Bank.Deposit("acc-3", 5));
        final long beyond = fill(30, 10, 5);
        final KafkaExport second = launchExport(context("bank-restart").chunkSize(8).serializer(event ->
        {
            if (event.position() == gatePosition)
            {
                atGate.countDown();
                awaitLatch(gate);
            }
            return EventJson.render(event);
        }));
        assertTrue(atGate.await(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS), "the export at the gate");
        final Thread closer = new Thread(second::close, "export-closer");
        closer.start();
        Deadlines.await(() -> Thread.State.WAITING == closer.getState() ||
            Thread.State.TIMED_WAITING == closer.getState() || !closer.isAlive(),
            "the export to be closing");
        gate.countDown();
        closer.join(Deadlines.standard().toMillis());
        assertFalse(closer.isAlive());
        assertTrue(second.subscription().position() < beyond, "closed mid-stream");
        engine.close();

        // 3: relaunched again; the export catches up, sending nothing twice
        launchEngine();
        final long last = fill(40, 5, 2);
        final KafkaExport third = launchExport(context("bank-restart").chunkSize(32));
        awaitExported(third, last);
        assertExactlyOnce(journalEvents("reference"), exportedCounts("bank-restart"));
        assertNotNull(poison.get());
    }

    @Test
    void aBrokerThatIsDownIsRetriedByThePolicyWhileTheEngineRunsOn() throws Exception
    {
        broker.createTopic("bank-down", 2);
        launchEngine();
        final long before = fill(0, 5, 2);
        final KafkaExport export = launchExport(context("bank-down").chunkSize(10)
            .deliveryTimeout(Duration.ofMillis(500))
            .connectTimeout(Deadlines.scaled(Duration.ofSeconds(2))));
        awaitExported(export, before);

        broker.down();
        final long during = fill(5, 5, 2);
        Deadlines.await(() -> export.failedAttempts() >= 2, () -> "failed attempts while the broker is down: " +
            export.failedAttempts(), Deadlines.standard());
        assertTrue(export.isRunning());
        assertTrue(export.subscription().position() < during, "nothing past the outage acknowledged");
        final long stillAccepted = send(new Bank.Deposit("acc-1", 3));

        broker.up();
        awaitExported(export, stillAccepted);
        assertExactlyOnce(journalEvents("reference"), exportedCounts("bank-down"));
    }

    @Test
    void badSettingsFailTheLaunchClearlyAndLeaveTheEngineRunning() throws Exception
    {
        launchEngine();
        send(new Bank.Open("acc-1"));

        final IllegalArgumentException noTopic = assertThrows(IllegalArgumentException.class,
            () -> KafkaExport.launch(engine, new KafkaExportContext().bootstrapServers(broker.bootstrapServers())));
        assertTrue(noTopic.getMessage().contains("topic"), noTopic::getMessage);

        final IllegalArgumentException noServers = assertThrows(IllegalArgumentException.class,
            () -> KafkaExport.launch(engine, new KafkaExportContext().topic("t")));
        assertTrue(noServers.getMessage().contains("bootstrapServers"), noServers::getMessage);

        final IllegalArgumentException owned = assertThrows(IllegalArgumentException.class,
            () -> new KafkaExportContext().clientProperty("acks", "1"));
        assertTrue(owned.getMessage().contains("acks"), owned::getMessage);

        final KafkaExportException missing = assertThrows(KafkaExportException.class,
            () -> KafkaExport.launch(engine, context("no-such-topic")));
        assertTrue(missing.getMessage().contains("\"no-such-topic\" does not exist"), missing::getMessage);

        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            closedPort = socket.getLocalPort();
        }
        final long start = System.nanoTime();
        final KafkaExportException unreachable = assertThrows(KafkaExportException.class,
            () -> KafkaExport.launch(engine, context("bank").bootstrapServers("127.0.0.1:" + closedPort)
                .connectTimeout(Duration.ofMillis(500))));
        assertTrue(unreachable.getMessage().contains("no Kafka broker answered"), unreachable::getMessage);
        assertTrue(System.nanoTime() - start < Deadlines.standard().toNanos());

        assertEquals(List.of(), engine.subscriptions().names());
        send(new Bank.Deposit("acc-1", 5));
    }

    private static void awaitLatch(final CountDownLatch latch)
    {
        try
        {
            if (!latch.await(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("the test never opened the gate");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
