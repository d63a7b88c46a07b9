package dev.scribe.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a main class on this JVM's class path with Scribe's JVM flags, whose standard output is read
 * line by line. Tests wait for its lines with deadlines and kill it with SIGKILL. Every deadline given here is taken
 * as already scaled ({@link Deadlines#scaled}); a wait that runs out fails saying the child was slow, what was awaited
 * and the last lines it wrote.
 */
public final class ChildJvm implements AutoCloseable
{
    /** System property carrying Scribe's JVM flags, set by the build for every test JVM. */
    public static final String FLAGS_PROP_NAME = "scribe.jvm.flags";

    private static final String END_OF_OUTPUT = "\u0000end";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(final Process process)
    {
        this.process = process;
        reader = new Thread(this::readLines, "child-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start a child JVM.
     *
     * @param mainClass class whose main to run.
     * @param stderr    file the child's standard error goes to.
     * @param args      its arguments.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    public static ChildJvm start(final Class<?> mainClass, final Path stderr, final String... args) throws IOException
    {
        final String flags = System.getProperty(FLAGS_PROP_NAME, "").trim();
        final List<String> jvmFlags = flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
        return startWithFlags(jvmFlags, mainClass, stderr, args);
    }

    /**
     * Start a child JVM with the given JVM flags instead of Scribe's: none, to see what a JVM without them does.
     *
     * @param jvmFlags  the JVM flags, e.g. {@code List.of()}.
     * @param mainClass class whose main to run.
     * @param stderr    file the child's standard error goes to.
     * @param args      its arguments.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    public static ChildJvm startWithFlags(
        final List<String> jvmFlags, final Class<?> mainClass, final Path stderr, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        final String factor = System.getProperty(Deadlines.FACTOR_PROPERTY, "").trim();
        if (!factor.isEmpty())
        {
            // the child's own deadlines scale as the test's do (the environment variable it inherits anyway)
            command.add("-D" + Deadlines.FACTOR_PROPERTY + "=" + factor);
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        final Process process = new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
        return new ChildJvm(process);
    }

    /**
     * Wait for the next line of output that matches, passing over the others (they stay in {@link #seen()}).
     *
     * @param matcher  which line to wait for.
     * @param deadline how long to wait at most, already scaled ({@link Deadlines#scaled}).
     * @return the line.
     * @throws AssertionError if the child ended or the deadline passed first.
     * @throws InterruptedException if interrupted while waiting.
     */
    public String awaitLine(final Predicate<String> matcher, final Duration deadline) throws InterruptedException
    {
        final long end = System.nanoTime() + deadline.toNanos();
        while (true)
        {
            final long left = end - System.nanoTime();
            final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (null == line)
            {
                throw new AssertionError("child " + process.pid() + " was slow: no matching line within " +
                    Deadlines.describe(deadline) + " (still running: " + process.isAlive() + "); last lines: " +
                    tail());
            }
            if (END_OF_OUTPUT.equals(line))
            {
                lines.add(END_OF_OUTPUT);
                throw new AssertionError("child " + process.pid() + " ended (exit " + exitValueOrNone() +
                    ") before a matching line; last lines: " + tail());
            }
            synchronized (seen)
            {
                seen.add(line);
            }
            if (matcher.test(line))
            {
                return line;
            }
        }
    }

    /**
     * Kill the child with SIGKILL and wait for it to be gone, then collect all the output it had written.
     *
     * @param deadline how long to wait for it to die, already scaled ({@link Deadlines#scaled}).
     * @throws InterruptedException if interrupted while waiting.
     */
    public void kill(final Duration deadline) throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS))
        {
            throw new AssertionError("child " + process.pid() + " was slow to die: still running " +
                Deadlines.describe(deadline) + " after SIGKILL; last lines: " + tail());
        }
        drain(deadline);
    }

    /**
     * Wait for the child to exit by itself, then collect all its output.
     *
     * @param deadline how long to wait, already scaled ({@link Deadlines#scaled}).
     * @return its exit code.
     * @throws InterruptedException if interrupted while waiting.
     */
    public int awaitExit(final Duration deadline) throws InterruptedException
    {
        if (!process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS))
        {
            throw new AssertionError("child " + process.pid() + " was slow: it did not exit within " +
                Deadlines.describe(deadline) + "; last lines: " + tail());
        }
        drain(deadline);
        return process.exitValue();
    }

    /**
     * Every line read so far, in order (after {@link #kill} or {@link #awaitExit}: every line it wrote).
     *
     * @return a copy of the lines.
     */
    public List<String> seen()
    {
        synchronized (seen)
        {
            return new ArrayList<>(seen);
        }
    }

    /**
     * The child's process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return process.pid();
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }

    private void drain(final Duration deadline) throws InterruptedException
    {
        reader.join(deadline.toMillis());
        String line;
        while (null != (line = lines.poll()))
        {
            if (!END_OF_OUTPUT.equals(line))
            {
                synchronized (seen)
                {
                    seen.add(line);
                }
            }
        }
        lines.add(END_OF_OUTPUT);
    }

    private void readLines()
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // the child is gone; what was read is kept
        }
        finally
        {
            lines.add(END_OF_OUTPUT);
        }
    }

    private String exitValueOrNone()
    {
        return process.isAlive() ? "none yet" : Integer.toString(process.exitValue());
    }

    private List<String> tail()
    {
        final List<String> copy = seen();
        return copy.subList(Math.max(0, copy.size() - 5), copy.size());
    }
}
