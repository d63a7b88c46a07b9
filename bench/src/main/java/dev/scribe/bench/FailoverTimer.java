package dev.scribe.bench;

import dev.scribe.engine.EngineRole;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.replication.ReplicationContext;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fail-over time: from SIGKILL of a loaded primary to the first command accepted by the standby that promotes
 * itself.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.scribe.bench.FailoverTimer \
 *     [--rounds 5] [--rate 10000] [--window 256] [--load-seconds 2] \
 *     [--heartbeat-interval-ms 50] [--heartbeat-timeout-ms 250]
 * </pre>
 * Each round starts a primary and a standby {@link FailoverNode} as two child JVMs on this machine, with Scribe's
 * JVM flags (the ones {@link BenchMain} gives JMH's forks, plus this JVM's own options such as
 * {@code -Dscribe.bench.dir}), linked over TCP on 127.0.0.1, with automatic promotion on and the heartbeat settings
 * given. Once the standby streams and the primary's load of {@code REPLICATED} bank commands at {@code rate}
 * per second has run for {@code load-seconds}, the timer notes the wall-clock time and kills the primary with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux). The standby notices the silence after the heartbeat
 * timeout, promotes itself and, trying a command every millisecond, reports the wall-clock time its first command
 * as the primary is accepted. Both children and the timer run on the same machine, so their clocks agree.
 *
 * <p>An attempt in which the pair leaves its steady state before the kill measures nothing and is discarded: a node
 * failed, or the standby promoted itself while the primary was alive (it heard nothing for the heartbeat timeout,
 * which a stalled JVM on a busy machine can cause). The timer says why, counts it in the summary and starts the
 * round again, at most {@value #MAX_ATTEMPTS} times.
 *
 * <p>It prints one markdown table per round (kill to the standby seeing itself promoted, kill to its first
 * accepted command, in milliseconds) and a summary: minimum, median and maximum over the rounds, against the
 * target of under a second. Each round's nodes run in a fresh directory, deleted afterwards. The children's log
 * lines go to standard error, prefixed with their role.
 */
public final class FailoverTimer
{
    /** Rounds when {@code --rounds} is not given. */
    public static final int ROUNDS_DEFAULT = 5;
    /** The primary's offered load in commands per second when {@code --rate} is not given. */
    public static final int RATE_DEFAULT = 10_000;
    /** The primary's window of outstanding commands when {@code --window} is not given. */
    public static final int WINDOW_DEFAULT = 256;
    /** Seconds of load before the kill when {@code --load-seconds} is not given. */
    public static final int LOAD_SECONDS_DEFAULT = 2;
    /** Fail-over time the replication aims to stay under, in milliseconds. */
    public static final double TARGET_MS = 1000;
    /** Attempts at one round before the timer gives up, when each goes wrong before the kill. */
    public static final int MAX_ATTEMPTS = 10;

    private static final String USAGE = "usage: java -cp bench/target/benchmarks.jar dev.scribe.bench.FailoverTimer " +
        "[--rounds N] [--rate N] [--window N] [--load-seconds S] [--heartbeat-interval-ms MS] " +
        "[--heartbeat-timeout-ms MS]";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String EXITED = "EXITED";
    private static final double MICROS_PER_MILLI = 1000.0;

    private final List<String> discarded = new ArrayList<>();
    private final Settings settings;
    private final PrintStream out;
    private final PrintStream progress;

    private FailoverTimer(final Settings settings, final PrintStream out, final PrintStream progress)
    {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Time the fail-over over the rounds asked for and print the tables.
     *
     * @param args the options; see the class documentation.
     * @throws Exception if a child cannot be started, or a round fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = System.err;
        final Settings settings =
            BenchMain.settingsOrExit(args, Settings::parse, Settings::help, USAGE, out, err);
        if (null == settings)
        {
            return;
        }
        new FailoverTimer(settings, out, err).run();
    }

    private void run() throws IOException, InterruptedException
    {
        progress.println("Fail-over timer: JDK " + Runtime.version() + ", " +
            Runtime.getRuntime().availableProcessors() + " CPUs, " + settings.rounds() + " rounds, heartbeat " +
            settings.heartbeatIntervalMs() + " ms, timeout " + settings.heartbeatTimeoutMs() + " ms, load " +
            load() + " for " + settings.loadSeconds() + " s before each kill");
        final List<Round> rounds = new ArrayList<>();
        for (int i = 1; i <= settings.rounds(); i++)
        {
            final Round round = round(i);
            progress.println(String.format(Locale.ROOT, "round %d: kill to promoted %.1f ms, kill to first " +
                "accepted command %.1f ms", i, round.promotedMs(), round.acceptedMs()));
            rounds.add(round);
        }
        out.println();
        out.println("| Round | Kill to standby promoted (ms) | Kill to first accepted command (ms) |");
        out.println("|---:|---:|---:|");
        for (final Round round : rounds)
        {
            out.println(String.format(Locale.ROOT, "| %d | %.1f | %.1f |", round.number(), round.promotedMs(),
                round.acceptedMs()));
        }
        final double[] promoted = rounds.stream().mapToDouble(Round::promotedMs).sorted().toArray();
        final double[] accepted = rounds.stream().mapToDouble(Round::acceptedMs).sorted().toArray();
        out.println();
        out.println("| Rounds | Heartbeat interval / timeout (ms) | Load on the primary | Kill to standby promoted, " +
            "min / median / max (ms) | Kill to first accepted command, min / median / max (ms) | " +
            "Target < 1 s (max) | Attempts discarded before the kill |");
        out.println("|---:|---|---|---:|---:|---|---:|");
        out.println(String.format(Locale.ROOT, "| %d | %d / %d | %s | %s | %s | %s | %d |", rounds.size(),
            settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs(), load(), summary(promoted),
            summary(accepted), accepted[accepted.length - 1] < TARGET_MS ? "met" : "missed", discarded.size()));
        if (!discarded.isEmpty())
        {
            out.println();
            out.println("Attempts discarded before the kill:");
            discarded.forEach(why -> out.println("- " + why));
        }
    }

    private String load()
    {
        return (0 == settings.rate() ? "as fast as the window allows" :
            String.format(Locale.ROOT, "%,d/s", settings.rate())) + " REPLICATED, window " + settings.window();
    }

    private static String summary(final double[] sorted)
    {
        final int n = sorted.length;
        final double median = 1 == n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", sorted[0], median, sorted[n - 1]);
    }

    /**
     * One round: attempts until one reaches the kill with the pair in its steady state, at most
     * {@link #MAX_ATTEMPTS}.
     */
    private Round round(final int number) throws IOException, InterruptedException
    {
        for (int attempt = 1; true; attempt++)
        {
            try
            {
                return attempt(number);
            }
            catch (final BeforeKillException ex)
            {
                discarded.add("round " + number + ", attempt " + attempt + ": " + ex.getMessage());
                progress.println("round " + number + ", attempt " + attempt + " discarded: " + ex.getMessage());
                if (attempt == MAX_ATTEMPTS)
                {
                    throw new IllegalStateException("round " + number + " failed " + MAX_ATTEMPTS + " times before " +
                        "the kill; the last time: " + ex.getMessage(), ex);
                }
            }
        }
    }

    /**
     * Start the primary, then the standby; let the load run; kill the primary; wait for the standby's first
     * accepted command.
     *
     * @throws BeforeKillException if the pair left its steady state before the kill: a node failed, or the standby
     *                             promoted itself while the primary was alive.
     */
    private Round attempt(final int number) throws IOException, InterruptedException
    {
        final Path directory = BenchFixtures.createTrialDirectory("scribe-failover-");
        // the primary picks its port and prints it; the standby dials it there and is the only one that dials
        final InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
        Child primary = null;
        Child standby = null;
        try
        {
            final long killMicros;
            try
            {
                primary = Child.start("primary", nodeArgs(EngineRole.PRIMARY, 1, anyPort, anyPort,
                    directory.resolve("primary")), progress);
                final String started = primary.await(FailoverNode.STARTED);
                final InetSocketAddress primaryAddress = new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(started.substring(FailoverNode.STARTED.length() + 1)));
                standby = Child.start("standby", nodeArgs(EngineRole.STANDBY, 2, anyPort, primaryAddress,
                    directory.resolve("standby")), progress);
                standby.await(FailoverNode.FOLLOWING);
                primary.await(FailoverNode.LOADING);
                TimeUnit.SECONDS.sleep(settings.loadSeconds()); // the load runs: this is its length, not a wait
                if (!primary.process().isAlive() || !standby.process().isAlive())
                {
                    throw new IllegalStateException("a node exited during the load");
                }
                killMicros = FailoverNode.wallMicros();
                primary.process().destroyForcibly();
            }
            catch (final IllegalStateException ex)
            {
                throw new BeforeKillException(ex.getMessage());
            }
            if (!primary.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the primary did not die");
            }
            final long promotedMicros = micros(standby.await(FailoverNode.PROMOTED));
            if (promotedMicros < killMicros)
            {
                throw new BeforeKillException("the standby promoted itself " +
                    (killMicros - promotedMicros) / MICROS_PER_MILLI + " ms before the kill");
            }
            final long acceptedMicros = micros(standby.await(FailoverNode.ACCEPTED));
            standby.stop();
            return new Round(number, (promotedMicros - killMicros) / MICROS_PER_MILLI,
                (acceptedMicros - killMicros) / MICROS_PER_MILLI);
        }
        finally
        {
            kill(standby);
            kill(primary);
            BenchFixtures.delete(directory);
        }
    }

    private List<String> nodeArgs(
        final EngineRole role,
        final int nodeId,
        final InetSocketAddress listen,
        final InetSocketAddress peer,
        final Path directory) throws IOException
    {
        final String[] args = {
            "--role", role.name(),
            "--node-id", Integer.toString(nodeId),
            "--listen", Integer.toString(listen.getPort()),
            "--peer", Integer.toString(peer.getPort()),
            "--dir", directory.toString(),
            "--heartbeat-interval-ms", Integer.toString(settings.heartbeatIntervalMs()),
            "--heartbeat-timeout-ms", Integer.toString(settings.heartbeatTimeoutMs()),
            "--rate", Integer.toString(settings.rate()),
            "--window", Integer.toString(settings.window()),
        };
        return Relauncher.command(FailoverNode.class, args);
    }

    private static long micros(final String line)
    {
        return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
    }

    private static void kill(final Child child) throws InterruptedException
    {
        if (null != child && child.process().isAlive())
        {
            child.process().destroyForcibly();
            child.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * An attempt at a round that went wrong before the kill, so measured nothing.
     */
    private static final class BeforeKillException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        BeforeKillException(final String message)
        {
            super(message);
        }
    }

    /**
     * One round's result, in milliseconds after the kill.
     */
    private record Round(int number, double promotedMs, double acceptedMs)
    {
    }

    /**
     * A node's child JVM and the lines it prints on standard output, which are also echoed, prefixed with its role,
     * to the progress stream.
     */
    private record Child(String name, Process process, BlockingQueue<String> lines)
    {
        static Child start(final String name, final List<String> command, final PrintStream progress)
            throws IOException
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            final Thread reader = new Thread(() -> read(name, process, lines, progress), "failover-" + name);
            reader.setDaemon(true);
            reader.start();
            return new Child(name, process, lines);
        }

        private static void read(
            final String name, final Process process, final BlockingQueue<String> lines, final PrintStream progress)
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); null != line; line = in.readLine())
                {
                    progress.println(name + ": " + line);
                    lines.add(line);
                }
            }
            catch (final IOException ex)
            {
                progress.println(name + ": output unreadable: " + ex);
            }
            lines.add(EXITED);
        }

        /**
         * Wait for the next line that starts with a word, skipping others.
         *
         * @return the line.
         * @throws IllegalStateException if the node fails, exits or does not print it within the deadline.
         */
        String await(final String word) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
            while (true)
            {
                final String line = lines.poll(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (null == line)
                {
                    throw new IllegalStateException("the " + name + " did not print " + word + " within " +
                        DEADLINE.toSeconds() + " s");
                }
                if (line.equals(EXITED) || line.startsWith(FailoverNode.FAILED))
                {
                    throw new IllegalStateException("the " + name + " ended before printing " + word + ": " + line);
                }
                if (line.equals(word) || line.startsWith(word + " "))
                {
                    return line;
                }
            }
        }

        /**
         * End the node's standard input, which closes it, and wait for it to exit.
         */
        void stop() throws IOException, InterruptedException
        {
            process.getOutputStream().close();
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the " + name + " did not exit after its input ended");
            }
        }
    }

    /**
     * The timer's options.
     *
     * @param rounds              fail-overs to time.
     * @param rate                the primary's offered load, commands per second; 0 for as fast as it goes.
     * @param window              the primary's outstanding commands at most.
     * @param loadSeconds         seconds of load before each kill.
     * @param heartbeatIntervalMs the nodes' heartbeat interval.
     * @param heartbeatTimeoutMs  the nodes' heartbeat timeout, after which the standby promotes itself.
     * @param help                whether only the usage was asked for.
     */
    private record Settings(int rounds, int rate, int window, int loadSeconds, int heartbeatIntervalMs,
        int heartbeatTimeoutMs, boolean help)
    {
        static Settings parse(final String[] args)
        {
            final int[] values = {ROUNDS_DEFAULT, RATE_DEFAULT, WINDOW_DEFAULT, LOAD_SECONDS_DEFAULT,
                (int)ReplicationContext.Configuration.HEARTBEAT_INTERVAL_DEFAULT.toMillis(),
                (int)ReplicationContext.Configuration.HEARTBEAT_TIMEOUT_DEFAULT.toMillis()};
            final List<String> names = Arrays.asList("--rounds", "--rate", "--window", "--load-seconds",
                "--heartbeat-interval-ms", "--heartbeat-timeout-ms");
            final int[] minimums = {1, 0, 1, 0, 1, 2};
            final ToolArgs.Parser parser = ToolArgs.parser();
            names.forEach(parser::option);
            final ToolArgs parsed = parser.parse(args);
            if (parsed.help())
            {
                return new Settings(0, 0, 0, 0, 0, 0, true);
            }
            for (int i = 0; i < names.size(); i++)
            {
                if (parsed.has(names.get(i)))
                {
                    values[i] = number(names.get(i), parsed.value(names.get(i)), minimums[i]);
                }
            }
            if (Integer.bitCount(values[2]) != 1)
            {
                throw new IllegalArgumentException("--window must be a power of two: " + values[2]);
            }
            if (values[5] < 2 * values[4])
            {
                throw new IllegalArgumentException("--heartbeat-timeout-ms must be at least twice " +
                    "--heartbeat-interval-ms");
            }
            return new Settings(values[0], values[1], values[2], values[3], values[4], values[5], false);
        }

        private static int number(final String option, final String value, final int min)
        {
            final int number;
            try
            {
                number = Integer.parseInt(value.replace("_", ""));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(option + " must be a whole number: " + value, ex);
            }
            if (number < min)
            {
                throw new IllegalArgumentException(option + " must be at least " + min + ": " + value);
            }
            return number;
        }
    }
}
