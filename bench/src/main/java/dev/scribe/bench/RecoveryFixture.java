package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A bank journal of a given number of events over a given number of accounts, written straight through
 * {@link Journal#append} in the engine's record format, and cached on disk so that a large one is written once.
 *
 * <p>Event {@code k} (from 0) goes to account {@code k % aggregates} in round {@code k / aggregates}: round 0 opens
 * every account ({@code Opened}), odd rounds deposit {@link BenchBank#AMOUNT} into each ({@code Deposited}), even
 * rounds from 2 withdraw it again ({@code Withdrawn}), so no balance goes below zero. Each record is the one the
 * engine journals for the command that emits that event with {@link BenchBank}'s handlers: epoch
 * {@link BenchBank#EPOCH}, the decision's timestamp (here the wall clock when the build started plus {@code k}
 * nanoseconds), correlation id
 * {@code k + 1} (the engine counts from 1 at each launch), causation 0, one aggregate at its new version
 * ({@code round + 1}), one event encoded by the record codec the engine registers for it (type id CRC32C of the
 * simple name, version 1), no idempotency key. Account ids are {@code acc-} and seven digits, so every record of a
 * round has the same length. Writing through the journal rather than through an engine takes seconds for ten
 * million events instead of tens of seconds, and replaying it is the same work.
 *
 * <p>A fixture lives in {@code <cache>/bank-v1-<events>-events-<aggregates>-aggregates}: the engine's
 * {@code journal} directory and a {@code complete} marker written last. A directory without the marker is a build
 * that did not finish; it is deleted and built again. Measure on a {@link #copyJournal copy}: an engine launched on
 * the fixture would add its own files and records to it.
 */
final class RecoveryFixture
{
    /** Digits of the account number in every account id. */
    static final int ID_DIGITS = 7;
    /** Most accounts a fixture may have: what {@value #ID_DIGITS} digits hold. */
    static final int MAX_AGGREGATES = 10_000_000;

    private static final String ID_PREFIX = "acc-";
    private static final String MARKER = "complete";
    private static final String FORMAT = "bank-v1";
    private static final int PROGRESS_EVERY = 1_000_000;

    private final PayloadCodec<BenchBank.Opened> openedCodec = BenchBank.codec(BenchBank.Opened.class);
    private final PayloadCodec<BenchBank.Deposited> depositedCodec = BenchBank.codec(BenchBank.Deposited.class);
    private final PayloadCodec<BenchBank.Withdrawn> withdrawnCodec = BenchBank.codec(BenchBank.Withdrawn.class);
    private final BenchBank.Deposited deposited = new BenchBank.Deposited(BenchBank.AMOUNT);
    private final BenchBank.Withdrawn withdrawn = new BenchBank.Withdrawn(BenchBank.AMOUNT);
    private final char[] id = (ID_PREFIX + "0".repeat(ID_DIGITS)).toCharArray();

    private RecoveryFixture()
    {
    }

    /**
     * The fixture of this size in the cache, written first if it is not there.
     *
     * @param cache      the cache directory, created if missing.
     * @param events     events (and records) in the journal.
     * @param aggregates accounts they go to, at most {@code events}.
     * @param progress   where to say that a fixture is being written, and how long it took.
     * @return the fixture's directory; its {@code journal} directory is an engine's journal.
     */
    static Path ensure(final Path cache, final long events, final int aggregates, final PrintStream progress)
    {
        if (aggregates < 1 || aggregates > MAX_AGGREGATES || events < aggregates)
        {
            throw new IllegalArgumentException("a fixture needs 1 to " + MAX_AGGREGATES + " aggregates and at least " +
                "as many events: " + events + " events, " + aggregates + " aggregates");
        }
        final Path directory = cache.resolve(String.format(
            Locale.ROOT, "%s-%d-events-%d-aggregates", FORMAT, events, aggregates));
        if (Files.exists(directory.resolve(MARKER)))
        {
            progress.println("fixture " + directory + " is cached");
            return directory;
        }
        BenchFixtures.delete(directory);
        progress.println(String.format(Locale.ROOT, "writing fixture %s: %,d events over %,d accounts",
            directory, events, aggregates));
        final long start = System.nanoTime();
        new RecoveryFixture().write(directory.resolve("journal"), events, aggregates, progress);
        final long nanos = System.nanoTime() - start;
        try
        {
            Files.writeString(directory.resolve(MARKER), String.format(Locale.ROOT,
                "format=%s%nevents=%d%naggregates=%d%nwriteNanos=%d%n", FORMAT, events, aggregates, nanos),
                StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + directory.resolve(MARKER), ex);
        }
        progress.println(String.format(Locale.ROOT, "fixture written in %.1f s (%,.0f records/s)",
            nanos / 1e9, events / (nanos / 1e9)));
        return directory;
    }

    /**
     * Copy a fixture's journal into an engine directory, as its {@code journal} directory.
     *
     * @param fixture         a directory {@link #ensure} returned.
     * @param engineDirectory the engine directory; its journal must not exist yet.
     * @return the copy's journal directory.
     */
    static Path copyJournal(final Path fixture, final Path engineDirectory)
    {
        final Path source = fixture.resolve("journal");
        final Path target = engineDirectory.resolve("journal");
        try (Stream<Path> paths = Files.walk(source))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(copy);
                }
                else
                {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot copy the fixture journal " + source + " to " + target, ex);
        }
        return target;
    }

    /**
     * The id of account {@code index}, as the fixture writes it.
     *
     * @param index from 0.
     * @return {@code acc-} and {@value #ID_DIGITS} digits.
     */
    static String accountId(final int index)
    {
        return ID_PREFIX + String.format(Locale.ROOT, "%0" + ID_DIGITS + "d", index);
    }

    private void write(final Path journalDirectory, final long events, final int aggregates, final PrintStream progress)
    {
        final RecordWriter writer = new RecordWriter();
        final long startNs = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        try (Journal journal = Journal.open(new JournalContext().directory(journalDirectory)))
        {
            for (long k = 0; k < events; k++)
            {
                final long round = k / aggregates;
                final String accountId = setId((int)(k % aggregates));
                writer.begin(BenchBank.EPOCH, startNs + k, k + 1, 0).aggregate(accountId, round + 1);
                if (0 == round)
                {
                    writer.event(0, openedCodec, new BenchBank.Opened(accountId));
                }
                else if (1 == (round & 1))
                {
                    writer.event(0, depositedCodec, deposited);
                }
                else
                {
                    writer.event(0, withdrawnCodec, withdrawn);
                }
                writer.idempotencyKey(null).finish();
                journal.append(writer);
                if (0 == (k + 1) % PROGRESS_EVERY && k + 1 < events)
                {
                    progress.println(String.format(Locale.ROOT, "  %,d records", k + 1));
                }
            }
        }
    }

    /**
     * The id of account {@code index}, built without formatting: the fixture writes millions of them.
     */
    private String setId(final int index)
    {
        int rest = index;
        for (int i = id.length - 1; i >= ID_PREFIX.length(); i--)
        {
            id[i] = (char)('0' + rest % 10);
            rest /= 10;
        }
        return new String(id);
    }
}
