package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.ReadOnlyEngine;
import dev.scribe.engine.Recovery;
import dev.scribe.engine.SnapshotPolicy;
import dev.scribe.examples.DemoDirectory;
import dev.scribe.examples.MetricsEndpoint;
import dev.scribe.examples.MetricsOption;
import dev.scribe.examples.Progress;
import dev.scribe.examples.bank.BalancesView.AccountBalance;
import dev.scribe.examples.bank.BalancesView.Summary;
import dev.scribe.journal.PositionFormat;
import dev.scribe.kafka.KafkaExportContext;
import dev.scribe.kafka.KafkaExportException;
import dev.scribe.metrics.ScribeMetrics;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The bank demo ({@code bin/demo}): launches the bank on a fresh journal, opens the accounts, sends commands from
 * several threads and prints the throughput, the balances and the state hash, while the engine takes a snapshot
 * every quarter of the load; then closes the engine, launches it again from the newest snapshot and the journal
 * after it, rebuilds the state once more from the whole journal without snapshots, and checks both give the same
 * state: the same hash, the same balances, and as much money as was deposited less what was withdrawn.
 *
 * <p>While the load runs, the bank's read side ({@link ReadSide}) mails statements, keeps a live "largest balances"
 * query and an audit log; given {@code --kafka HOST:PORT}, it also exports every event to a Kafka topic
 * ({@link BankKafkaExport}). Without it the demo needs no Kafka, and says how to turn the export on. Given
 * {@code --metrics-port PORT}, it serves the engine's meters at {@code http://127.0.0.1:PORT/metrics}
 * ({@link MetricsEndpoint}) while the load runs, and after the demo until Enter is pressed.
 */
public final class BankDemo
{
    /** Where the demo's engine lives, relative to the working directory. */
    public static final String DIRECTORY = "data/bank";
    /** Accounts the demo opens. */
    public static final int ACCOUNTS = 1_000;
    /** Commands sent when no count is given. */
    public static final int COMMANDS_DEFAULT = 400_000;
    /** Producer threads when no count is given. */
    public static final int PRODUCERS_DEFAULT = 4;

    private static final long SEED = 42;
    private static final int TOP = 3;
    private static final long VIEW_TIMEOUT_MS = 30_000;
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(120);
    private static final String USAGE = "usage: bin/demo [bank] [commands] [producers] [--kafka HOST:PORT] " +
        "[--kafka-topic NAME] [--metrics-port PORT]";

    /**
     * What the demo saw: the load, then the view and hash before the restart and after it.
     *
     * @param accounts        accounts opened.
     * @param load            what the producers did.
     * @param before          the balances view before the restart.
     * @param hashBefore      the state hash before the restart.
     * @param relaunchNs      how long the relaunch took, recovery from the snapshot included.
     * @param replayedRecords records replayed by the rebuild from the whole journal.
     * @param after           the balances view after the restart.
     * @param hashAfter       the state hash after the restart from the snapshot.
     * @param fullReplayHash  the state hash rebuilt from the whole journal, without snapshots.
     * @param readSide        what the read side found wrong: statements that do not add up, a live query behind, a
     *                        Kafka export short of the journal.
     */
    public record Report(int accounts, BankLoad.Result load, Summary before, long hashBefore, long relaunchNs,
        long replayedRecords, Summary after, long hashAfter, long fullReplayHash, List<String> readSide)
    {
        /**
         * Everything that is not as it must be.
         *
         * @return one message per problem; empty when the state survived the restart intact.
         */
        public List<String> problems()
        {
            final List<String> problems = new ArrayList<>(readSide);
            final long expectedMoney = load.deposited() - load.withdrawn();
            if (hashAfter != hashBefore)
            {
                problems.add("the state hash after replay, " + hex(hashAfter) + ", differs from the hash before " +
                    "the restart, " + hex(hashBefore));
            }
            if (fullReplayHash != hashBefore)
            {
                problems.add("the state hash rebuilt from the whole journal, " + hex(fullReplayHash) + ", differs " +
                    "from the hash before the restart, " + hex(hashBefore));
            }
            if (before.totalMoney() != expectedMoney || after.totalMoney() != expectedMoney)
            {
                problems.add("total money is " + before.totalMoney() + " before the restart and " +
                    after.totalMoney() + " after, but deposits - withdrawals = " + expectedMoney);
            }
            if (!after.equals(before))
            {
                problems.add("the balances view differs after replay: " + before + " before, " + after + " after");
            }
            if (replayedRecords != accounts + load.accepted())
            {
                problems.add("replayed " + replayedRecords + " records, but " + accounts + " accounts were opened " +
                    "and " + load.accepted() + " commands accepted, one record each");
            }
            return problems;
        }
    }

    /**
     * What the command line asks for.
     *
     * @param commands    commands to send after opening the accounts.
     * @param producers   producer threads.
     * @param kafka       the brokers to export the events to, {@code host:port} comma-separated; null for no export.
     * @param topic       the topic to export to.
     * @param metricsPort the port to serve the meters on; 0 for none.
     */
    record Options(int commands, int producers, String kafka, String topic, int metricsPort)
    {
    }

    private BankDemo()
    {
    }

    /**
     * Run the demo on {@value #DIRECTORY}, deleting what an earlier run left there; exits with status 1 if the
     * state did not survive the restart.
     *
     * @param args optional: the number of commands (default 400000) and of producer threads (default 4); and,
     *             anywhere, {@code --kafka HOST:PORT} to export the events to Kafka, {@code --kafka-topic NAME} to
     *             name the topic (default {@code bank-events}), which must exist.
     * @throws IOException          if the directory cannot be emptied.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final Options options = options(args);
        final KafkaExportContext kafka = null == options.kafka() ? null :
            BankKafkaExport.context(options.kafka(), options.topic());
        final Path dir = Path.of(DIRECTORY);
        List<String> problems;
        // the port first, so that one in use fails the demo before it deletes the last run's directory
        try (MetricsEndpoint metrics = 0 == options.metricsPort() ? null : MetricsEndpoint.start(options.metricsPort()))
        {
            DemoDirectory.delete(dir);
            try
            {
                problems = run(dir, options.commands(), options.producers(), kafka, metrics, out).problems();
            }
            catch (final KafkaExportException ex)
            {
                problems = List.of("the Kafka export could not start: " + ex.getMessage());
            }
            problems.forEach(problem -> err.println("FAILED: " + problem));
            if (problems.isEmpty())
            {
                out.println("OK: the same state hash after replay, and total money = deposits - withdrawals");
            }
            if (null != metrics)
            {
                metrics.serveUntilEnter(System.in, out);
            }
        }
        if (!problems.isEmpty())
        {
            System.exit(1);
        }
    }

    /**
     * Read the command line: {@code [commands] [producers]}, and the options {@code --kafka HOST:PORT},
     * {@code --kafka-topic NAME} and {@code --metrics-port PORT} anywhere.
     *
     * @param args the arguments.
     * @return what they ask for, with the defaults filled.
     * @throws IllegalArgumentException naming what is wrong, with the usage.
     */
    static Options options(final String[] all)
    {
        final MetricsOption metrics = MetricsOption.parse(all);
        final String[] args = metrics.restArray();
        final List<String> counts = new ArrayList<>();
        String kafka = null;
        String topic = BankKafkaExport.TOPIC_DEFAULT;
        int i = 0;
        while (i < args.length)
        {
            final String arg = args[i++];
            if ("--kafka".equals(arg) || "--kafka-topic".equals(arg))
            {
                if (i == args.length || args[i].isBlank() || args[i].startsWith("--"))
                {
                    throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
                }
                if ("--kafka".equals(arg))
                {
                    kafka = args[i++];
                }
                else
                {
                    topic = args[i++];
                }
            }
            else if (arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unknown option '" + arg + "'; " + USAGE);
            }
            else
            {
                counts.add(arg);
            }
        }
        if (counts.size() > 2)
        {
            throw new IllegalArgumentException("too many arguments: " + counts + "; " + USAGE);
        }
        final int commands = counts.size() > 0 ? positive(counts.get(0), "commands") : COMMANDS_DEFAULT;
        final int producers = counts.size() > 1 ? positive(counts.get(1), "producer threads") : PRODUCERS_DEFAULT;
        return new Options(commands, producers, kafka, topic, metrics.port());
    }

    private static int positive(final String arg, final String what)
    {
        try
        {
            final int value = Integer.parseInt(arg);
            if (value > 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException("the number of " + what + " must be a positive integer: '" + arg +
            "'; " + USAGE);
    }

    /**
     * The demo itself, without a Kafka export: load the bank in a directory, restart it from the journal, and report.
     *
     * @param dir       an engine directory, empty for a fresh bank.
     * @param commands  commands to send after opening the accounts.
     * @param producers producer threads.
     * @param out       where to print.
     * @return what happened; check {@link Report#problems()}.
     * @throws InterruptedException if interrupted.
     */
    public static Report run(final Path dir, final int commands, final int producers, final PrintStream out)
        throws InterruptedException
    {
        return run(dir, commands, producers, null, out);
    }

    /**
     * The demo itself: load the bank in a directory while its events are exported to Kafka, restart it from the
     * journal, and report. The export runs with the first launch and is checked, like the rest of the read side,
     * before the restart: every event of the journal sent once.
     *
     * @param dir       an engine directory, empty for a fresh bank.
     * @param commands  commands to send after opening the accounts.
     * @param producers producer threads.
     * @param kafka     the export's settings ({@code new KafkaExportContext().bootstrapServers(..).topic(..)}); the
     *                  topic must exist and hold no records yet. Null for no export.
     * @param out       where to print.
     * @return what happened; check {@link Report#problems()}.
     * @throws InterruptedException if interrupted.
     * @throws KafkaExportException if the export cannot start: no broker answered, or the topic does not exist.
     */
    public static Report run(final Path dir, final int commands, final int producers, final KafkaExportContext kafka,
        final PrintStream out) throws InterruptedException
    {
        return run(dir, commands, producers, kafka, null, out);
    }

    /**
     * The demo itself, its meters served: as {@link #run(Path, int, int, KafkaExportContext, PrintStream)}, with
     * the first launch's engine, the one the load runs on, bound to a scrape endpoint. Once that engine has closed,
     * the endpoint answers its last counts.
     *
     * @param dir       an engine directory, empty for a fresh bank.
     * @param commands  commands to send after opening the accounts.
     * @param producers producer threads.
     * @param kafka     the export's settings, or null for no export.
     * @param metrics   the endpoint to bind the engine to, or null for none.
     * @param out       where to print.
     * @return what happened; check {@link Report#problems()}.
     * @throws InterruptedException if interrupted.
     * @throws KafkaExportException if the export cannot start: no broker answered, or the topic does not exist.
     */
    public static Report run(final Path dir, final int commands, final int producers, final KafkaExportContext kafka,
        final MetricsEndpoint metrics, final PrintStream out) throws InterruptedException
    {
        out.printf(Locale.ROOT, "Bank demo: %,d accounts, %,d commands from %d producer threads (at most %,d in " +
            "flight each), engine in %s%n", ACCOUNTS, commands, producers, BankLoad.WINDOW_DEFAULT,
            dir.toAbsolutePath().normalize());
        if (null != metrics)
        {
            out.println("Metrics: " + metrics.uri() + " (Prometheus text format)");
        }
        final BalancesView view = new BalancesView();
        final BankLoad.Result load;
        final Summary before;
        final long hashBefore;
        final long snapshotEvery = Math.max(1, commands / 4);
        final SnapshotPolicy snapshots = new SnapshotPolicy().everyRecords(snapshotEvery);
        final List<String> readSideProblems = new ArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir, view).snapshots(snapshots));
            ReadSide readSide = new ReadSide(engine, view, TOP);
            BankKafkaExport export = null == kafka ? null : BankKafkaExport.launch(engine, kafka))
        {
            if (null != metrics)
            {
                metrics.bind(ScribeMetrics.of(engine));
            }
            out.printf(Locale.ROOT, "The read side follows the load: statements mailed for every deposit and " +
                "withdrawal (the mailer refuses deposits of %d, so they are parked and the engine logs the first), " +
                "a live 'largest balances' query and an audit log.%n", ReadSide.REFUSED_AMOUNT);
            final BankLoad bank = new BankLoad(engine, ACCOUNTS, producers, BankLoad.WINDOW_DEFAULT, SEED);
            bank.openAccounts();
            out.printf(Locale.ROOT, "Opened %,d accounts. Sending %,d deposits, withdrawals and transfers; the " +
                "engine takes a snapshot every %,d records.%n", ACCOUNTS, commands, snapshotEvery);
            load = bank.run(commands, new Progress(out, "  sending", commands, "commands")::update);
            printLoad(out, load);
            BankLoad.awaitView(engine, view, load.lastPosition(), VIEW_TIMEOUT_MS);
            before = engine.query(view, v -> v.summary(TOP));
            hashBefore = engine.stateHash();
            printSummary(out, before, hashBefore);
            readSideProblems.addAll(readSide.report(load.lastPosition(), out));
            if (null == export)
            {
                BankKafkaExport.printHowToTurnOn(out);
            }
            else
            {
                readSideProblems.addAll(export.report(engine, load.lastPosition(), EXPORT_TIMEOUT, out));
            }
        }
        return restart(dir, snapshots, load, before, hashBefore, readSideProblems, out);
    }

    /** Close, launch again from the newest snapshot, rebuild from the whole journal, and compare. */
    private static Report restart(final Path dir, final SnapshotPolicy snapshots, final BankLoad.Result load,
        final Summary before, final long hashBefore, final List<String> readSideProblems, final PrintStream out)
    {
        final BalancesView replayed = new BalancesView();
        final long startNs = System.nanoTime();
        final long relaunchNs;
        final Summary after;
        final long hashAfter;
        try (Engine engine = Engine.launch(Bank.context(dir, replayed).snapshots(snapshots)))
        {
            relaunchNs = System.nanoTime() - startNs;
            final Recovery recovery = engine.recovery();
            out.printf(Locale.ROOT, "%nClosed the engine. Relaunched in %.2f s: %s, then replayed the %,d records " +
                "after it%n", relaunchNs / 1e9, null == recovery.snapshot() ? "no snapshot" :
                "loaded the snapshot at position " + PositionFormat.position(recovery.snapshotPosition()) + " (" +
                engine.snapshots().list().size() + " kept)", recovery.replayedRecords());
            after = engine.query(replayed, v -> v.summary(TOP));
            hashAfter = engine.stateHash();
            printSummary(out, after, hashAfter);
        }
        try (ReadOnlyEngine full = ReadOnlyEngine.rebuild(Bank.context(dir, new BalancesView()), Long.MAX_VALUE,
            false, null))
        {
            final Recovery recovery = full.recovery();
            out.printf(Locale.ROOT, "Rebuilt the state from the whole journal, without snapshots, in %.2f s: " +
                "replayed %,d records (%,.0f records/s)%n", recovery.nanos() / 1e9, recovery.replayedRecords(),
                recovery.replayedRecords() * 1e9 / Math.max(1, recovery.nanos()));
            out.printf(Locale.ROOT, "State hash: %s%n", hex(full.stateHash()));
            return new Report(ACCOUNTS, load, before, hashBefore, relaunchNs, recovery.replayedRecords(), after,
                hashAfter, full.stateHash(), readSideProblems);
        }
    }

    private static void printLoad(final PrintStream out, final BankLoad.Result load)
    {
        out.printf(Locale.ROOT, "Sent %,d commands in %.2f s: %,.0f commands/s%n", load.commands(),
            load.elapsedNs() / 1e9, load.commandsPerSecond());
        out.printf(Locale.ROOT, "  accepted %,d, rejected %,d (%s over the balance)%n", load.accepted(),
            load.rejected(), load.overdrafts() == load.rejected() ? "all" : String.format(Locale.ROOT, "%,d of them",
            load.overdrafts()));
        out.printf(Locale.ROOT, "  deposited %,d, withdrew %,d%n", load.deposited(), load.withdrawn());
    }

    private static void printSummary(final PrintStream out, final Summary summary, final long hash)
    {
        out.printf(Locale.ROOT, "Balances view: %,d open accounts, total money %,d%n", summary.openAccounts(),
            summary.totalMoney());
        out.printf(Locale.ROOT, "  top %d: %s%n", summary.top().size(), summary.top().stream()
            .map(BankDemo::format).collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "State hash: %s%n", hex(hash));
    }

    private static String format(final AccountBalance balance)
    {
        return String.format(Locale.ROOT, "%s %,d", balance.account(), balance.balance());
    }

    private static String hex(final long hash)
    {
        return PositionFormat.hash(hash);
    }
}
