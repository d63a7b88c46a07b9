package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EventPage;
import dev.scribe.journal.PositionFormat;
import dev.scribe.kafka.KafkaExport;
import dev.scribe.kafka.KafkaExportContext;
import dev.scribe.kafka.KafkaExportException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bank's events exported to a Kafka topic with the {@code kafka} module's {@link KafkaExport}: each account
 * event, once journaled, becomes one record keyed by the account id, so an account's events stay in one partition in
 * the order they happened (a transfer's two events go to the two accounts' partitions). The value is the event as
 * JSON ({@code {"amount":100,"channel":"api"}}); its type, the account's version and its place in the journal travel
 * in the record's headers ({@code scribe.type}, {@code scribe.version}, {@code scribe.position}, ...).
 *
 * <p>The export is a subscription of the engine ({@code kafka.<topic>}) with its checkpoint in the engine directory:
 * closed with the engine and launched again with it, it resumes where it stopped, and nothing Kafka holds already is
 * sent twice. It never slows the bank: a broker that is down holds up the export (retried, backing off) and not the
 * commands. The topic must exist and hold nothing but this bank's events, for example
 * {@code kafka-topics.sh --bootstrap-server localhost:9092 --create --topic bank-events --partitions 3}.
 *
 * <pre>{@code
 * try (Engine engine = Engine.launch(Bank.context(dir, view));
 *     BankKafkaExport export = BankKafkaExport.launch(engine, BankKafkaExport.context("localhost:9092",
 *         BankKafkaExport.TOPIC_DEFAULT)))
 * {
 *     ...   // commands; the export follows the journal on its own thread, and is closed before the engine
 * }
 * }</pre>
 */
final class BankKafkaExport implements AutoCloseable
{
    /** The topic the demo exports to unless told another. */
    static final String TOPIC_DEFAULT = "bank-events";
    /** How long the demo tries to reach a broker before it gives up: a wrong address fails it soon. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaExport export;
    private final String bootstrapServers;

    private BankKafkaExport(final KafkaExport export, final String bootstrapServers)
    {
        this.export = export;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The bank's export settings: every event of the {@link Account} aggregate, to a topic, by default as JSON.
     *
     * @param bootstrapServers {@code host:port} of one or more brokers, comma-separated.
     * @param topic            the topic, which must exist.
     * @return settings for {@link #launch}; more can be set on them before.
     */
    static KafkaExportContext context(final String bootstrapServers, final String topic)
    {
        return new KafkaExportContext()
            .bootstrapServers(bootstrapServers)
            .topic(topic)
            .aggregateTypes(Account.class)
            .connectTimeout(CONNECT_TIMEOUT);
    }

    /**
     * Start exporting the bank's journal: from the beginning the first time, after the export's checkpoint after.
     *
     * @param engine  a bank launched with {@link Bank#context}.
     * @param context the settings, from {@link #context}.
     * @return the running export; close it before the engine.
     * @throws IllegalArgumentException naming a setting that is wrong.
     * @throws KafkaExportException     if no broker answered in time or the topic does not exist.
     */
    static BankKafkaExport launch(final Engine engine, final KafkaExportContext context)
    {
        return new BankKafkaExport(KafkaExport.launch(engine, context), context.bootstrapServers());
    }

    /**
     * The running export, for its counts and its subscription.
     *
     * @return the export.
     */
    KafkaExport export()
    {
        return export;
    }

    /**
     * Wait for the export to reach a position, print what it did, and say what is wrong. Meant for the demo, on a
     * journal the export has followed from its beginning: every event of it must have been sent once.
     *
     * @param engine   the engine exported.
     * @param position the journal position it must reach.
     * @param timeout  the longest wait.
     * @param out      where to print.
     * @return one message per problem.
     * @throws InterruptedException if interrupted while waiting.
     */
    List<String> report(final Engine engine, final long position, final Duration timeout, final PrintStream out)
        throws InterruptedException
    {
        final List<String> problems = new ArrayList<>();
        final boolean caughtUp = export.subscription().awaitPosition(position, timeout);
        if (!caughtUp)
        {
            problems.add("the Kafka export did not reach position " + PositionFormat.position(position) + " within " +
                timeout.toSeconds() + " s: it is at " + PositionFormat.position(export.subscription().position()) +
                (null == export.lastFailure() ? "" : ", the last failed attempt: " + export.lastFailure()));
        }
        final long journaled = countEvents(engine);
        out.printf(Locale.ROOT, "  Kafka export to topic '%s' at %s: %,d events sent, keyed by account id, of the " +
            "%,d in the journal; %,d attempts failed and were retried%n", export.topic(), bootstrapServers,
            export.exported(), journaled, export.failedAttempts());
        if (export.skipped() > 0 && 0 == export.failedAttempts())
        {
            problems.add("the topic '" + export.topic() + "' held records before this run: " + export.skipped() +
                " events were taken for records already there and not sent; delete the topic and create it again, " +
                "or export to another (--kafka-topic)");
        }
        else if (caughtUp && export.exported() + export.skipped() != journaled)
        {
            problems.add("the Kafka export sent " + export.exported() + " events (and found " + export.skipped() +
                " there already), but the journal holds " + journaled);
        }
        return problems;
    }

    /**
     * Say that the export is off, and how to turn it on.
     *
     * @param out where to print.
     */
    static void printHowToTurnOn(final PrintStream out)
    {
        out.printf(Locale.ROOT, "  Kafka export: off; 'bin/demo bank --kafka HOST:PORT' exports every event to the " +
            "topic '%s' (create it first; '--kafka-topic NAME' for another)%n", TOPIC_DEFAULT);
    }

    private static long countEvents(final Engine engine)
    {
        long events = 0;
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(cursor, 10_000);
            events += page.events().size();
            cursor = page.cursor();
        }
        while (!page.end());
        return events;
    }

    /**
     * Stop exporting; the next launch on the same engine directory resumes after what Kafka acknowledged.
     */
    @Override
    public void close()
    {
        export.close();
    }
}
