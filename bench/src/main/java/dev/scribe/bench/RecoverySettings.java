package dev.scribe.bench;

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
        String events = RecoveryReport.EVENTS_DEFAULT;
        int aggregates = RecoveryReport.AGGREGATES_DEFAULT;
        int rounds = RecoveryReport.ROUNDS_DEFAULT;
        int tail = RecoveryReport.TAIL_DEFAULT;
        Path fixtureDirectory = Path.of(System.getProperty(BenchFixtures.BENCH_DIR_PROP_NAME,
            System.getProperty("java.io.tmpdir"))).resolve(FIXTURE_DIRECTORY_DEFAULT);
        Path recoverOnce = null;
        boolean verify = true;
        int i = 0;
        while (i < args.length)
        {
            final String option = args[i++];
            if ("--help".equals(option) || "-h".equals(option))
            {
                return new RecoverySettings(List.of(), 0, 0, 0, null, null, false, true);
            }
            if (i >= args.length)
            {
                throw new IllegalArgumentException("missing value of " + option);
            }
            final String value = args[i++];
            switch (option)
            {
                case "--events" -> events = value;
                case "--aggregates" -> aggregates = (int)number(option, value, 1, RecoveryFixture.MAX_AGGREGATES);
                case "--rounds" -> rounds = (int)number(option, value, 1, 1000);
                case "--tail" -> tail = (int)number(option, value, 1, Integer.MAX_VALUE);
                case "--fixture-dir" -> fixtureDirectory = Path.of(value);
                case "--recover-once" -> recoverOnce = Path.of(value);
                case "--verify" -> verify = Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        final List<Long> sizes = new ArrayList<>();
        for (final String size : events.split(","))
        {
            final long parsed = number("--events", size, aggregates, Long.MAX_VALUE);
            sizes.add(parsed);
        }
        return new RecoverySettings(List.copyOf(sizes), aggregates, rounds, tail, fixtureDirectory.toAbsolutePath(),
            recoverOnce, verify, false);
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
