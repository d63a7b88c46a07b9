package dev.scribe.engine;

import dev.scribe.engine.tool.EngineStat;
import dev.scribe.journal.Journal;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolExit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One run of {@link EngineStat} in the test JVM, with what it printed.
 */
record ToolRun(int exitCode, String out, String err)
{
    private static final Pattern COUNTER = Pattern.compile("^ *(\\d+): +(-?\\d+|[0-9a-f]{16}|none) - (.+)$");

    static ToolRun of(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = new EngineStat(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new ToolRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code stat DIR}, which must succeed, as label to value. */
    static Map<String, Long> counters(final Path dir)
    {
        return of("stat", dir.toString()).counters();
    }

    /** {@code errors DIR}, which must succeed. */
    static String errors(final Path dir)
    {
        final ToolRun run = of("errors", dir.toString());
        assertEquals(ToolExit.OK, run.exitCode(), run.err());
        return run.out();
    }

    /** The counters printed, as label to value. */
    Map<String, Long> counters()
    {
        assertEquals(ToolExit.OK, exitCode, err);
        final Map<String, Long> values = new LinkedHashMap<>();
        for (final String line : out.split("\n"))
        {
            final Matcher matcher = COUNTER.matcher(line);
            if (matcher.matches())
            {
                final String label = matcher.group(3);
                final String value = matcher.group(2);
                // positions print as positions do everywhere: 16 hex digits, or none
                values.put(label, !label.contains("position") ? Long.parseLong(value) :
                    PositionFormat.NONE.equals(value) ? Journal.NULL_POSITION : PositionFormat.parsePosition(value));
            }
        }
        return values;
    }

    /** The first line: file, pid, whether that process is alive, start time. */
    String header()
    {
        return out.lines().findFirst().orElse("");
    }
}
