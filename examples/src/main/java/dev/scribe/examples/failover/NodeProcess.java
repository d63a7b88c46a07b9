package dev.scribe.examples.failover;

import dev.scribe.journal.JvmFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A {@link BankNode} in a child JVM with Scribe's JVM flags. Its answers are read line by line; its {@code ack}
 * lines are also appended to a file, the ledger of what clients were told.
 */
final class NodeProcess implements AutoCloseable
{
    private final Process process;
    private final PrintWriter in;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Writer ledger;
    private final String name;

    private NodeProcess(final String name, final Process process, final Path ledgerFile) throws IOException
    {
        this.name = name;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        // each process its own file: a process killed mid-line must not run into another's lines
        this.ledger = Files.newBufferedWriter(ledgerFile.resolveSibling(ledgerFile.getFileName() + "." +
            process.pid()), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        reader = new Thread(this::read, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static NodeProcess start(final String name, final Path ledgerFile, final Path stderr, final List<String> args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.forJdk(Runtime.version().feature()));
        command.add("-Xmx256m");
        command.add("-Dchronicle.announcer.disable=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BankNode.class.getName());
        command.addAll(args);
        final Process process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .start();
        return new NodeProcess(name, process, ledgerFile);
    }

    /**
     * Concatenate the ledgers of every process started with this ledger file into it, for {@code verify}.
     *
     * @param ledgerFile the ledger file given to {@link #start}.
     * @throws IOException if a file cannot be read or written.
     */
    static void mergeLedgers(final Path ledgerFile) throws IOException
    {
        final String prefix = ledgerFile.getFileName() + ".";
        try (Stream<Path> files = Files.list(ledgerFile.getParent());
            Writer merged = Files.newBufferedWriter(ledgerFile, StandardCharsets.UTF_8))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> String.valueOf(f.getFileName()).startsWith(prefix))
                .sorted()::iterator)
            {
                for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
                {
                    merged.write(line);
                    merged.write('\n');
                }
            }
        }
    }

    private void read()
    {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line = completeLine(out); null != line; line = completeLine(out))
            {
                if (line.startsWith("ack "))
                {
                    synchronized (ledger)
                    {
                        ledger.write(line);
                        ledger.write('\n');
                    }
                }
                lines.add(line);
            }
        }
        catch (final IOException ex)
        {
            lines.add("error " + ex);
        }
        finally
        {
            lines.add("exited");
            synchronized (ledger)
            {
                try
                {
                    ledger.flush();
                }
                catch (final IOException ignore)
                {
                    // the ledger is best effort once the node is gone
                }
            }
        }
    }

    /** The next line ended by a newline; a last line cut short (the process was killed while writing it) is not. */
    private static String completeLine(final BufferedReader out) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        for (int c = out.read(); c != -1; c = out.read())
        {
            if (c == '\n')
            {
                return line.toString();
            }
            line.append((char)c);
        }
        return null;
    }

    void send(final String line)
    {
        in.println(line);
    }

    /** Wait for the next line starting with a prefix, passing over others; the deadline is a hard limit. */
    String await(final String prefix, final Duration deadline) throws InterruptedException
    {
        return await(prefix, deadline, line -> { });
    }

    /** As {@link #await(String, Duration)}, handing each line passed over to a listener (to count "ack" lines). */
    String await(final String prefix, final Duration deadline, final Consumer<String> passedOver)
        throws InterruptedException
    {
        final long end = System.nanoTime() + deadline.toNanos();
        while (true)
        {
            final String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (null == line)
            {
                throw new IllegalStateException(name + " did not answer '" + prefix + "' within " + deadline);
            }
            if (line.startsWith(prefix))
            {
                return line;
            }
            if (line.equals("exited") || line.startsWith("error"))
            {
                throw new IllegalStateException(name + " ended before answering '" + prefix + "': " + line);
            }
            passedOver.accept(line);
        }
    }

    /** Send a request and wait for its answer. */
    String ask(final String request, final String answerPrefix, final Duration deadline) throws InterruptedException
    {
        send(request);
        return await(answerPrefix, deadline);
    }

    /** Flush the ledger so far. */
    void flushLedger() throws IOException
    {
        synchronized (ledger)
        {
            ledger.flush();
        }
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
    }

    /** SIGSTOP: the process stops where it is, as in a long GC pause or a frozen VM, until {@link #resume}. */
    void pause() throws IOException, InterruptedException
    {
        signal("STOP");
    }

    /** SIGCONT: a paused process goes on where it stopped. */
    void resume() throws IOException, InterruptedException
    {
        signal("CONT");
    }

    private void signal(final String name) throws IOException, InterruptedException
    {
        if (!process.isAlive())
        {
            return;
        }
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true).start();
        final String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0)
        {
            throw new IOException("kill -" + name + " " + process.pid() + " failed: " + output.trim());
        }
    }

    boolean alive()
    {
        return process.isAlive();
    }

    long pid()
    {
        return process.pid();
    }

    @Override
    public void close()
    {
        try
        {
            if (process.isAlive())
            {
                send("quit");
                if (!process.waitFor(20, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
            }
            reader.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try
        {
            ledger.close();
        }
        catch (final IOException ignore)
        {
            // nothing more to write
        }
    }
}
