package dev.scribe.test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log records of the tests' SLF4J provider, slf4j-simple, which every module's tests have on their class path and
 * which prints each record to standard error as one line ({@code [thread] LEVEL logger - message}), followed by the
 * stack trace of its throwable, if any. While a capture is open, standard error is still printed as before and is
 * also kept, to be read back as {@link Entry records}. Records of every thread are captured, so a test opens the
 * capture before it starts what logs and filters by logger name.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.start())
 * {
 *     ... // run what logs
 *     final LogCapture.Entry entry = log.await(e -> e.logger().equals("dev.scribe.engine"), "the engine's warning");
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable
{
    private static final Pattern RECORD =
        Pattern.compile("^(?:\\[[^\\]]*] )?(TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

    private final PrintStream original;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean closed;

    /**
     * One record as slf4j-simple printed it.
     *
     * @param level   TRACE, DEBUG, INFO, WARN or ERROR.
     * @param logger  the logger's name.
     * @param message the formatted message.
     * @param detail  the lines printed after the message (a throwable's stack trace), or empty.
     */
    public record Entry(String level, String logger, String message, String detail)
    {
    }

    private LogCapture()
    {
        original = System.err;
        final OutputStream tee = new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                synchronized (kept)
                {
                    kept.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(final byte[] bytes, final int offset, final int length)
            {
                synchronized (kept)
                {
                    kept.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }

            @Override
            public void flush()
            {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /**
     * Start capturing standard error.
     *
     * @return the capture; close it to put standard error back.
     */
    public static LogCapture start()
    {
        return new LogCapture();
    }

    /**
     * Everything printed to standard error since the capture started.
     *
     * @return the text.
     */
    public String text()
    {
        synchronized (kept)
        {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The records printed so far, oldest first; lines before the first record are left out.
     *
     * @return the records.
     */
    public List<Entry> records()
    {
        final List<Entry> records = new ArrayList<>();
        String level = null;
        String logger = null;
        String message = null;
        final StringBuilder detail = new StringBuilder();
        for (final String line : text().split("\n"))
        {
            final Matcher matcher = RECORD.matcher(line);
            if (matcher.matches())
            {
                if (null != level)
                {
                    records.add(new Entry(level, logger, message, detail.toString()));
                }
                level = matcher.group(1);
                logger = matcher.group(2);
                message = matcher.group(3);
                detail.setLength(0);
            }
            else if (null != level && !line.isEmpty())
            {
                detail.append(line).append('\n');
            }
        }
        if (null != level)
        {
            records.add(new Entry(level, logger, message, detail.toString()));
        }
        return records;
    }

    /**
     * The records of one logger, or of the loggers under it ({@code dev.scribe.engine} takes
     * {@code dev.scribe.engine.snapshot} too).
     *
     * @param name the logger's name.
     * @return its records, oldest first.
     */
    public List<Entry> records(final String name)
    {
        return records().stream()
            .filter(entry -> entry.logger().equals(name) || entry.logger().startsWith(name + "."))
            .toList();
    }

    /**
     * Wait, up to {@link Deadlines#standard()}, for a record that matches.
     *
     * @param matches what the record must be.
     * @param what    what is waited for, for the failure's message.
     * @return the first record that matches.
     * @throws AssertionError naming what was waited for, and the records seen, if none came in time.
     */
    public Entry await(final Predicate<Entry> matches, final String what)
    {
        Deadlines.await(() -> records().stream().anyMatch(matches),
            () -> what + "; the records were " + records(), Deadlines.standard());
        return records().stream().filter(matches).findFirst().orElseThrow();
    }

    /**
     * Put standard error back as it was when the capture started.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            System.err.flush();
            System.setErr(original);
        }
    }
}
