package dev.scribe.bench;

import dev.scribe.journal.tool.ToolArgs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@link RecoveryReport}.
 *
 * @param events           journal sizes to measure, in events.
 * @param aggregates       accounts the events go to.
 * @param rounds           rounds of each measurement.
 * @param tail             records journaled after the last snapshot, at least 1.
 * @param fixtureDirectory where fixtures are cached.
 * @param recoverOnce      for the fresh JVM only: the engine directory to recover once, else null.
 * @param verify           for the fresh JVM only: whether the snapshot's state hash is checked.
 * @param help             whether only the usage was asked for.
 */
record RecoverySettings(List<Long> events, int aggregates, int rounds, int tail, Path fixtureDirectory,
    Path recoverOnce, boolean verify, boolean help)
{
    /** Name of the fixture cache under the benchmark directory when {@code --fixture-dir} is not given. */
    static final String FIXTURE_DIRECTORY_DEFAULT = "scribe-recovery-fixtures";

    static RecoverySettings parse(final String[] args)
    {
        final ToolArgs parsed = ToolArgs.parser().option("--events").option("--aggregates").option("--rounds")
            .option("--tail").option("--fixture-dir").option("--recover-once").option("--verify").parse(args);
        if (parsed.help())
        {
            return new RecoverySettings(List.of(), 0, 0, 0, null, null, false, true);
        }
        final String events = parsed.has("--events") ? parsed.value("--events") : RecoveryReport.EVENTS_DEFAULT;
        final int aggregates = (int)number(parsed, "--aggregates", RecoveryReport.AGGREGATES_DEFAULT, 1,
            RecoveryFixture.MAX_AGGREGATES);
        final int rounds = (int)number(parsed, "--rounds", RecoveryReport.ROUNDS_DEFAULT, 1, 1000);
        final int tail = (int)number(parsed, "--tail", RecoveryReport.TAIL_DEFAULT, 1, Integer.MAX_VALUE);
        final Path fixtureDirectory = parsed.has("--fixture-dir") ? Path.of(parsed.value("--fixture-dir")) :
            Path.of(System.getProperty(BenchFixtures.BENCH_DIR_PROP_NAME, System.getProperty("java.io.tmpdir")))
                .resolve(FIXTURE_DIRECTORY_DEFAULT);
        final Path recoverOnce = parsed.has("--recover-once") ? Path.of(parsed.value("--recover-once")) : null;
        final boolean verify = !parsed.has("--verify") || Boolean.parseBoolean(parsed.value("--verify"));
        final List<Long> sizes = new ArrayList<>();
        for (final String size : events.split(","))
        {
            sizes.add(number("--events", size, aggregates, Long.MAX_VALUE));
        }
        return new RecoverySettings(List.copyOf(sizes), aggregates, rounds, tail, fixtureDirectory.toAbsolutePath(),
            recoverOnce, verify, false);
    }

    private static long number(
        final ToolArgs parsed, final String option, final long absent, final long min, final long max)
    {
        return parsed.has(option) ? number(option, parsed.value(option), min, max) : absent;
    }

    private static long number(final String option, final String value, final long min, final long max)
    {
        final long number;
        try
        {
            number = Long.parseLong(value.trim().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " must be a whole number: " + value, ex);
        }
        if (number < min || number > max)
        {
            throw new IllegalArgumentException(option + " must be " + min + " to " + max + ": " + value);
        }
        return number;
    }
}
