package dev.scribe.examples;

import dev.scribe.engine.tool.ReplayTool;
import dev.scribe.examples.bank.BankDemo;
import dev.scribe.examples.bank.BankSetup;
import dev.scribe.examples.failover.FailoverDemo;
import dev.scribe.examples.orders.OrderDemo;
import dev.scribe.journal.tool.ToolLauncher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry point of the examples jar: {@code bin/demo [example] [args]}. Without a name (or with options first) it
 * runs the bank demo. The bank, fail-over and order demos take {@code --metrics-port PORT} anywhere: they serve their
 * meters at {@code http://127.0.0.1:PORT/metrics} ({@link MetricsEndpoint}), and after their last step until Enter
 * is pressed. A wrong argument, or a port in use, is said in a line on standard error, with exit status 2.
 *
 * <ul>
 *     <li>{@code bin/demo [bank] [commands] [producers] [--kafka HOST:PORT] [--kafka-topic NAME]}: the bank on the
 *     engine, {@link BankDemo}, exporting its events to Kafka if given a broker;</li>
 *     <li>{@code bin/demo journal [dir] [records]}: the journal on its own, {@link JournalDemo};</li>
 *     <li>{@code bin/demo failover [dir] [transfers]}: a replicated pair and a fail-over,
 *     {@link dev.scribe.examples.failover.FailoverDemo};</li>
 *     <li>{@code bin/demo orders [dir]}: order fulfilment sagas paying through a misbehaving service over HTTP,
 *     {@link OrderDemo};</li>
 *     <li>{@code bin/demo replay [dir] [--to POSITION] [--no-snapshots]}: rebuild the bank's state read-only and
 *     print the replay rate and state hash, {@link dev.scribe.engine.tool.ReplayTool}.</li>
 * </ul>
 */
public final class Examples
{
    private Examples()
    {
    }

    /**
     * Run an example.
     *
     * @param args the example's name, then its arguments.
     * @throws Exception if the example fails.
     */
    public static void main(final String[] args) throws Exception
    {
        try
        {
            run(args);
        }
        catch (final IllegalArgumentException | BindException ex)
        {
            final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
            err.println("bin/demo: " + ex.getMessage());
            System.exit(2);
        }
    }

    private static void run(final String[] args) throws Exception
    {
        // no name, or options first (bin/demo --kafka HOST:PORT): the bank demo
        final boolean bankByDefault = args.length == 0 || args[0].startsWith("--");
        final String name = bankByDefault ? "bank" : args[0];
        final String[] rest = bankByDefault ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (name)
        {
            case "bank" -> BankDemo.main(rest);
            case "journal" -> JournalDemo.main(rest);
            case "failover" -> FailoverDemo.main(rest);
            case "orders" -> OrderDemo.main(rest);
            case "replay" -> ToolLauncher.exit(
                (out, err) -> replay -> new ReplayTool(out, err).run(new BankSetup(), withDirectory(replay)), rest);
            default -> throw new IllegalArgumentException("unknown example '" + name + "'; usage:\n" +
                "  bin/demo [bank] [commands] [producers]   the bank on the engine (the default), in data/bank\n" +
                "           [--kafka HOST:PORT] [--kafka-topic NAME]\n" +
                "                                           and its events exported to Kafka (topic bank-events)\n" +
                "  bin/demo journal [dir] [records]         the journal alone, in data/journal-demo\n" +
                "  bin/demo failover [dir] [transfers]      a primary and a standby, fail-over, in data/failover\n" +
                "  bin/demo orders [dir]                    order fulfilment sagas paying over HTTP, in data/orders\n" +
                "  bin/demo replay [dir] [--to POSITION] [--no-snapshots]\n" +
                "                                           rebuild the bank's state (data/bank) and print its hash\n" +
                "  --metrics-port PORT (bank, failover, orders): serve the meters at http://127.0.0.1:PORT/metrics");
        }
    }

    /** The replay's arguments, with the bank demo's directory first unless one is given. */
    private static String[] withDirectory(final String[] args)
    {
        final boolean hasDir = args.length > 0 && !args[0].startsWith("-");
        return hasDir ? args : prepend(BankDemo.DIRECTORY, args);
    }

    private static String[] prepend(final String first, final String[] rest)
    {
        final String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
