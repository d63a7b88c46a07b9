package dev.scribe.engine;

import dev.scribe.codecs.payload.PayloadCodec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * When an engine takes snapshots of its state, how many it keeps, what becomes of the journal before the oldest
 * one kept, and how aggregate state is encoded into them. Set with {@link EngineContext#snapshots(SnapshotPolicy)}
 * (or through the system properties of {@link Configuration}); an engine with a policy also takes snapshots asked
 * for by another process (the {@code scribe snapshot} tool). Without one the engine takes snapshots only when asked
 * through {@link Engine#snapshot()}, and keeps two.
 *
 * <p>A snapshot is taken in order with the commands: the business-logic thread copies every aggregate (through its
 * codec), the idempotency keys and the epoch history into memory, snapshotted projections copy their state on their
 * own threads at the same position, and a background thread checks, hashes and writes the copy. The business logic
 * pauses only for the copy. With {@link #onlyOnStandby(boolean)} scheduled snapshots are taken only while the
 * engine is a standby, so a primary never pauses for them.
 *
 * <pre>{@code
 * new EngineContext().snapshots(new SnapshotPolicy()
 *     .everyRecords(1_000_000)
 *     .every(Duration.ofMinutes(10))
 *     .keep(3)
 *     .journalRetention(SnapshotPolicy.JournalRetention.ARCHIVE))
 * }</pre>
 */
public final class SnapshotPolicy
{
    /**
     * What becomes of journal cycle files that lie wholly before the oldest snapshot kept: recovery no longer
     * needs them, but replaying from the start, a standby far behind and auditing do.
     */
    public enum JournalRetention
    {
        /** Keep the whole journal (the default). */
        KEEP,
        /** Move those cycle files into the {@link #archiveDirectory(Path) archive directory}. */
        ARCHIVE,
        /** Delete those cycle files; each deletion is reported to the error handler's log as a notice. */
        DELETE
    }

    /**
     * Defaults and the system properties that override them (a value set on the policy wins over both).
     */
    public static final class Configuration
    {
        /** System property for {@link SnapshotPolicy#everyRecords(long)}. */
        public static final String EVERY_RECORDS_PROP_NAME = "scribe.snapshot.every.records";
        /** Default records between scheduled snapshots: 0, never. */
        public static final long EVERY_RECORDS_DEFAULT = 0;
        /** System property for {@link SnapshotPolicy#every(Duration)}, in milliseconds. */
        public static final String EVERY_PROP_NAME = "scribe.snapshot.every.ms";
        /** Default time between scheduled snapshots: zero, never. */
        public static final Duration EVERY_DEFAULT = Duration.ZERO;
        /** System property for {@link SnapshotPolicy#keep(int)}. */
        public static final String KEEP_PROP_NAME = "scribe.snapshot.keep";
        /** Default number of snapshots kept. */
        public static final int KEEP_DEFAULT = 2;
        /**
         * System property for {@link SnapshotPolicy#journalRetention(JournalRetention)}: {@code KEEP},
         * {@code ARCHIVE} or {@code DELETE}.
         */
        public static final String JOURNAL_RETENTION_PROP_NAME = "scribe.snapshot.journal.retention";
        /** Default journal retention: keep the whole journal. */
        public static final JournalRetention JOURNAL_RETENTION_DEFAULT = JournalRetention.KEEP;

        private Configuration()
        {
        }

        /** Whether any of the policy's system properties is set: a policy is then configured without code. */
        static boolean anySet()
        {
            return null != System.getProperty(EVERY_RECORDS_PROP_NAME) || null != System.getProperty(EVERY_PROP_NAME) ||
                null != System.getProperty(KEEP_PROP_NAME) || null != System.getProperty(JOURNAL_RETENTION_PROP_NAME);
        }

        static long number(final String property, final long defaultValue)
        {
            final String value = System.getProperty(property);
            if (null == value)
            {
                return defaultValue;
            }
            try
            {
                return Long.parseLong(value.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("system property " + property + " must be a whole number: '" +
                    value + "'", ex);
            }
        }

        static JournalRetention retention(final String property, final JournalRetention defaultValue)
        {
            final String value = System.getProperty(property);
            if (null == value)
            {
                return defaultValue;
            }
            for (final JournalRetention retention : JournalRetention.values())
            {
                if (retention.name().equalsIgnoreCase(value.trim()))
                {
                    return retention;
                }
            }
            throw new IllegalArgumentException("system property " + property + " must be KEEP, ARCHIVE or DELETE: '" +
                value + "'");
        }
    }

    /** The longest interval the scheduler can count in nanoseconds. */
    private static final Duration LONGEST_INTERVAL = Duration.ofNanos(Long.MAX_VALUE);

    // settings a system property may give: null until set in code, or resolved when the engine concludes its context
    private Long everyRecords;
    private Duration every;
    private Integer keep;
    private JournalRetention journalRetention;
    private Path archiveDirectory;
    private boolean onlyOnStandby;
    private boolean verify = true;
    private final Map<Class<?>, PayloadCodec<?>> codecs = new IdentityHashMap<>();

    /**
     * A policy with the defaults, or the system properties named in {@link Configuration} where they are set; a value
     * set in code wins over both, and a property is read (and a wrong one refused, naming it) only for a setting not
     * set in code.
     */
    public SnapshotPolicy()
    {
    }

    /** Fix every setting not set in code from its property or default; called when the engine concludes. */
    SnapshotPolicy resolve()
    {
        everyRecords = everyRecords();
        every = every();
        keep = keep();
        journalRetention = journalRetention();
        return this;
    }

    private static <T> T fromProperty(final String property, final Supplier<T> value)
    {
        try
        {
            return value.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("system property " + property + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Take a snapshot once this many records have been journaled since the last one; 0 (the default) never.
     *
     * @param records the number of records, 0 or more.
     * @return this policy.
     */
    public SnapshotPolicy everyRecords(final long records)
    {
        this.everyRecords = checkEveryRecords(records);
        return this;
    }

    private static long checkEveryRecords(final long records)
    {
        if (records < 0)
        {
            throw new IllegalArgumentException("snapshot everyRecords must not be negative: " + records);
        }
        return records;
    }

    /**
     * The number of records between scheduled snapshots.
     *
     * @return the number, 0 for none.
     */
    public long everyRecords()
    {
        if (null != everyRecords)
        {
            return everyRecords;
        }
        final long records = Configuration.number(Configuration.EVERY_RECORDS_PROP_NAME,
            Configuration.EVERY_RECORDS_DEFAULT);
        return fromProperty(Configuration.EVERY_RECORDS_PROP_NAME, () -> checkEveryRecords(records));
    }

    /**
     * Take a snapshot once this much time has passed since the last one, if records were journaled since;
     * {@link Duration#ZERO} (the default) never.
     *
     * @param interval the interval, zero or positive, at most {@link Long#MAX_VALUE} nanoseconds (292 years).
     * @return this policy.
     */
    public SnapshotPolicy every(final Duration interval)
    {
        this.every = checkEvery(interval);
        return this;
    }

    private static Duration checkEvery(final Duration interval)
    {
        if (null == interval || interval.isNegative())
        {
            throw new IllegalArgumentException("snapshot interval must be zero (never) or positive: " + interval);
        }
        if (interval.compareTo(LONGEST_INTERVAL) > 0)
        {
            throw new IllegalArgumentException("snapshot interval must be at most " + LONGEST_INTERVAL + " (" +
                Long.MAX_VALUE + " ns): " + interval);
        }
        return interval;
    }

    /**
     * The time between scheduled snapshots.
     *
     * @return the interval, zero for none.
     */
    public Duration every()
    {
        if (null != every)
        {
            return every;
        }
        final long ms = Configuration.number(Configuration.EVERY_PROP_NAME, Configuration.EVERY_DEFAULT.toMillis());
        return fromProperty(Configuration.EVERY_PROP_NAME, () -> checkEvery(Duration.ofMillis(ms)));
    }

    /**
     * How many valid snapshots to keep; older ones are deleted after each new snapshot is written.
     *
     * @param snapshots at least 1; the default is 2.
     * @return this policy.
     */
    public SnapshotPolicy keep(final int snapshots)
    {
        this.keep = checkKeep(snapshots);
        return this;
    }

    private static int checkKeep(final long snapshots)
    {
        if (snapshots < 1 || snapshots > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("snapshot keep must be at least 1" +
                (snapshots > Integer.MAX_VALUE ? " and at most " + Integer.MAX_VALUE : "") + ": " + snapshots);
        }
        return (int)snapshots;
    }

    /**
     * How many valid snapshots are kept.
     *
     * @return the number.
     */
    public int keep()
    {
        if (null != keep)
        {
            return keep;
        }
        final long kept = Configuration.number(Configuration.KEEP_PROP_NAME, Configuration.KEEP_DEFAULT);
        return fromProperty(Configuration.KEEP_PROP_NAME, () -> checkKeep(kept));
    }

    /**
     * What to do with the journal before the oldest snapshot kept, after each snapshot.
     *
     * @param retention {@link JournalRetention#KEEP} (the default), {@code ARCHIVE} or {@code DELETE}.
     * @return this policy.
     */
    public SnapshotPolicy journalRetention(final JournalRetention retention)
    {
        this.journalRetention = Objects.requireNonNull(retention, "journalRetention");
        return this;
    }

    /**
     * What is done with the journal before the oldest snapshot kept.
     *
     * @return the retention.
     */
    public JournalRetention journalRetention()
    {
        return null != journalRetention ? journalRetention : Configuration.retention(
            Configuration.JOURNAL_RETENTION_PROP_NAME, Configuration.JOURNAL_RETENTION_DEFAULT);
    }

    /**
     * Where {@link JournalRetention#ARCHIVE} moves journal cycle files; by default {@code journal-archive} in the
     * engine directory.
     *
     * @param directory the archive directory.
     * @return this policy.
     */
    public SnapshotPolicy archiveDirectory(final Path directory)
    {
        this.archiveDirectory = Objects.requireNonNull(directory, "archiveDirectory");
        return this;
    }

    /**
     * Where archived journal cycle files go.
     *
     * @return the directory, or null for the default.
     */
    public Path archiveDirectory()
    {
        return archiveDirectory;
    }

    /**
     * Take scheduled snapshots only while the engine is a standby, so that the primary never pauses for them; a
     * snapshot asked for with {@link Engine#snapshot()} is taken in any role.
     *
     * @param onlyOnStandby true to schedule snapshots on the standby only.
     * @return this policy.
     */
    public SnapshotPolicy onlyOnStandby(final boolean onlyOnStandby)
    {
        this.onlyOnStandby = onlyOnStandby;
        return this;
    }

    /**
     * Whether scheduled snapshots are taken only on a standby.
     *
     * @return true if so.
     */
    public boolean onlyOnStandby()
    {
        return onlyOnStandby;
    }

    /**
     * Whether recovery recomputes the state hash of the state loaded from a snapshot and refuses the snapshot if it
     * differs from the hash in its header (the default). Turning it off saves a pass over the state at launch.
     *
     * @param verify true to check.
     * @return this policy.
     */
    public SnapshotPolicy verify(final boolean verify)
    {
        this.verify = verify;
        return this;
    }

    /**
     * Whether recovery checks the state hash of a loaded snapshot.
     *
     * @return true if so.
     */
    public boolean verify()
    {
        return verify;
    }

    /**
     * Encode an aggregate type's state with a codec of your own instead of the built-in state codec (which writes
     * every non-transient field). Its {@link PayloadCodec#version()} is kept with the snapshot; a snapshot written
     * by another version is not loaded, and the state is rebuilt from the journal instead.
     *
     * @param type  the aggregate class.
     * @param codec encodes and decodes the whole state of one aggregate.
     * @param <A>   the aggregate type.
     * @return this policy.
     */
    public <A extends Aggregate> SnapshotPolicy codec(final Class<A> type, final PayloadCodec<A> codec)
    {
        Objects.requireNonNull(type, "type");
        if (null == codec || codec.type() != type)
        {
            throw new IllegalArgumentException("the snapshot codec for " + type.getName() + " must encode exactly " +
                "that class" + (null == codec ? "; it is null" : "; it encodes " + codec.type().getName()));
        }
        codecs.put(type, codec);
        return this;
    }

    PayloadCodec<?> codec(final Class<?> type)
    {
        return codecs.get(type);
    }

    boolean scheduled()
    {
        return everyRecords > 0 || !every.isZero();
    }
}
