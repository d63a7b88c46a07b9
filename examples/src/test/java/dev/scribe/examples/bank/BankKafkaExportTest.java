package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EventPage;
import dev.scribe.engine.JournalEvent;
import dev.scribe.examples.bank.KafkaBroker.TopicRecord;
import dev.scribe.kafka.EventJson;
import dev.scribe.kafka.KafkaExport;
import dev.scribe.kafka.KafkaExportContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank's events in Kafka: the demo run with its export on, then the bank relaunched twice on the same directory
 * with more commands; every event the bank journaled must be in the topic once, keyed by its account, each account's
 * events in journal order.
 */
class BankKafkaExportTest
{
    private static final String TOPIC = BankKafkaExport.TOPIC_DEFAULT;
    private static final int PRODUCERS = 2;
    private static final int WINDOW = 64;

    private static KafkaBroker broker;

    @TempDir
    Path dir;

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

    private static KafkaExportContext context()
    {
        return BankKafkaExport.context(broker.bootstrapServers(), TOPIC)
            .connectTimeout(Deadlines.scaled(Duration.ofSeconds(10)))
            .deliveryTimeout(Deadlines.scaled(Duration.ofSeconds(10)));
    }

    @Test
    void everyEventTheBankJournaledIsInTheTopicOnceInOrderPerAccountAcrossRelaunches() throws Exception
    {
        broker.createTopic(TOPIC, 3);

        // 1: the demo with the export on: it checks the export caught up with the journal before its restart
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BankDemo.Report report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            report = BankDemo.run(dir, 4_000, PRODUCERS, context(), out);
        }
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), report.problems(), printed);
        assertTrue(printed.contains("Kafka export to topic '" + TOPIC + "' at " + broker.bootstrapServers()),
            printed);

        // 2: relaunched; commands journaled before the export starts, more while it runs, then it is closed with
        // the engine without waiting for it to catch up
        try (Engine engine = Engine.launch(Bank.context(dir, new BalancesView())))
        {
            load(engine, 2_000, 7);
            try (BankKafkaExport export = BankKafkaExport.launch(engine, context()))
            {
                load(engine, 2_000, 8);
                assertNull(export.export().failure());
            }
        }

        // 3: relaunched again with more commands; the export resumes from its checkpoint and catches up
        final Map<String, List<String>> journal;
        try (Engine engine = Engine.launch(Bank.context(dir, new BalancesView()));
            BankKafkaExport export = BankKafkaExport.launch(engine, context()))
        {
            final long last = load(engine, 2_000, 9);
            final KafkaExport running = export.export();
            Deadlines.await(() -> running.subscription().position() >= last || !running.isRunning(),
                () -> "the export to reach position " + last + " (at " + running.subscription().position() +
                    ", last failure " + running.lastFailure() + ")", Deadlines.standard());
            assertNull(running.failure());
            journal = journalByAccount(engine);
        }

        assertExportedOnceInOrder(journal, broker.read(TOPIC));
    }

    /** Sends commands from the producer threads to the bank's open accounts; returns the last position. */
    private static long load(final Engine engine, final int commands, final long seed) throws InterruptedException
    {
        final BankLoad.Result result = new BankLoad(engine, BankDemo.ACCOUNTS, PRODUCERS, WINDOW, seed)
            .run(commands);
        assertTrue(result.accepted() > 0, result::toString);
        return result.lastPosition();
    }

    /** Every event of the journal, by account, in journal order, as {@link #describe} gives it. */
    private static Map<String, List<String>> journalByAccount(final Engine engine)
    {
        final Map<String, List<String>> byAccount = new TreeMap<>();
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(cursor, 10_000);
            for (final JournalEvent event : page.events())
            {
                byAccount.computeIfAbsent(event.aggregateId(), k -> new ArrayList<>()).add(describe(
                    Long.toString(event.position()), Integer.toString(event.index()), event.type().getName(),
                    Long.toString(event.version()), new String(EventJson.render(event), StandardCharsets.UTF_8)));
            }
            cursor = page.cursor();
        }
        while (!page.end());
        return byAccount;
    }

    private static String describe(final String position, final String index, final String type,
        final String version, final String value)
    {
        return position + "/" + index + " " + type + " v" + version + " " + value;
    }

    private static void assertExportedOnceInOrder(final Map<String, List<String>> journal,
        final List<TopicRecord> records)
    {
        final Map<String, List<String>> byKey = new TreeMap<>();
        final Map<String, Set<Integer>> partitions = new HashMap<>();
        final Set<String> places = new HashSet<>();
        final List<String> twice = new ArrayList<>();
        for (final TopicRecord record : records)
        {
            final Map<String, String> headers = record.headers();
            final String place = headers.get(KafkaExport.HEADER_POSITION) + "/" + headers.get(KafkaExport.HEADER_INDEX);
            if (!places.add(place))
            {
                twice.add(place);
            }
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(describe(
                headers.get(KafkaExport.HEADER_POSITION), headers.get(KafkaExport.HEADER_INDEX),
                headers.get(KafkaExport.HEADER_TYPE), headers.get(KafkaExport.HEADER_VERSION), record.value()));
            partitions.computeIfAbsent(record.key(), k -> new HashSet<>()).add(record.partition());
        }
        assertEquals(List.of(), twice, "events exported more than once");
        final long events = journal.values().stream().mapToLong(List::size).sum();
        assertEquals(events, records.size(), "records in the topic, events in the journal");
        assertEquals(BankDemo.ACCOUNTS, journal.size(), "accounts in the journal");
        assertEquals(journal.keySet(), byKey.keySet(), "the topic's keys are the journal's account ids");
        journal.forEach((account, expected) -> assertEquals(expected, byKey.get(account),
            () -> "the events of " + account + " in the topic, in partition order"));
        partitions.forEach((account, used) -> assertEquals(1, used.size(), () -> account + " in one partition"));
    }
}
