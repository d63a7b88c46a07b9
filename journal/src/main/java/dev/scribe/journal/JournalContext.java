package dev.scribe.journal;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Settings of a {@link Journal}. Setters return the context; {@link #conclude()} fills defaults from
 * {@link Configuration} (and its system properties) and fails fast naming the setting that is wrong.
 */
public final class JournalContext
{
    /**
     * Defaults and the system properties that override them.
     */
    public static final class Configuration
    {
        /** System property for the journal directory. */
        public static final String DIRECTORY_PROP_NAME = "scribe.journal.dir";
        /** Default journal directory, relative to the working directory. */
        public static final String DIRECTORY_DEFAULT = "data/journal";
        /** System property for the roll cycle, a {@link JournalRollCycle} name. */
        public static final String ROLL_CYCLE_PROP_NAME = "scribe.journal.roll.cycle";
        /** Default roll cycle: a file a day. */
        public static final JournalRollCycle ROLL_CYCLE_DEFAULT = JournalRollCycle.DAILY;
        /** System property for how many cycle files to keep; 0 keeps all. */
        public static final String RETAIN_CYCLES_PROP_NAME = "scribe.journal.retain.cycles";
        /** Default retention: keep every cycle, since replay needs the whole journal unless snapshots cover it. */
        public static final int RETAIN_CYCLES_DEFAULT = 0;
        /** System property for the largest record accepted, in bytes. */
        public static final String MAX_RECORD_BYTES_PROP_NAME = "scribe.journal.max.record.bytes";
        /** Default largest record: 1 MiB. */
        public static final int MAX_RECORD_BYTES_DEFAULT = 1024 * 1024;
        /** Largest value allowed for the largest record: 16 MiB, a quarter of Chronicle's default block. */
        public static final int MAX_RECORD_BYTES_LIMIT = 16 * 1024 * 1024;
        /** System property for the most records in one batch document. */
        public static final String MAX_BATCH_RECORDS_PROP_NAME = "scribe.journal.max.batch.records";
        /** Default most records in one batch document. */
        public static final int MAX_BATCH_RECORDS_DEFAULT = 64;
        /** Largest value allowed for the most records in one batch document. */
        public static final int MAX_BATCH_RECORDS_LIMIT = 65_536;
        /** System property for the most bytes of one batch document. */
        public static final String MAX_BATCH_BYTES_PROP_NAME = "scribe.journal.max.batch.bytes";
        /** Default most bytes of one batch document: 1 MiB. */
        public static final int MAX_BATCH_BYTES_DEFAULT = 1024 * 1024;
        /** System property for how long an append waits on a record torn by a crashed writer before skipping it. */
        public static final String TORN_TAIL_TIMEOUT_MS_PROP_NAME = "scribe.journal.torn.tail.timeout.ms";
        /** Default torn-tail timeout: 500 ms; a journal has one writer, so nothing live can hold a record that long. */
        public static final long TORN_TAIL_TIMEOUT_MS_DEFAULT = 500;
        /** System property for how far ahead of the writer the pretouching thread brings the file's pages in. */
        public static final String PRETOUCH_BYTES_PROP_NAME = "scribe.journal.pretouch.bytes";
        /** Default distance pretouched ahead of the writer: 8 MiB; 0 turns pretouching off. */
        public static final int PRETOUCH_BYTES_DEFAULT = 8 * 1024 * 1024;
        /** Largest distance pretouched ahead: 1 GiB. */
        public static final int PRETOUCH_BYTES_LIMIT = 1024 * 1024 * 1024;

        private Configuration()
        {
        }

        /**
         * A whole-number system property (decimal, or hexadecimal or octal as {@link Long#decode} reads them), spaces
         * around it allowed, or the default if it is not set.
         *
         * @throws IllegalArgumentException naming the property if its value is not a whole number.
         */
        static long longProperty(final String property, final long defaultValue)
        {
            final String value = System.getProperty(property);
            if (null == value)
            {
                return defaultValue;
            }
            try
            {
                return Long.decode(value.trim()); // as Integer.getInteger read it, hexadecimal and octal too
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("system property " + property + " must be a whole number: '" +
                    value + "'", ex);
            }
        }

        /**
         * As {@link #longProperty}, within the range of an int.
         *
         * @throws IllegalArgumentException naming the property if its value is not a whole number of that range.
         */
        static int intProperty(final String property, final int defaultValue)
        {
            final long value = longProperty(property, defaultValue);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("system property " + property + " is out of range: " + value);
            }
            return (int)value;
        }
    }

    private boolean concluded;
    private Path directory;
    private JournalRollCycle rollCycle;
    private int retainCycles = -1;
    private int maxRecordBytes;
    private int maxBatchRecords;
    private int maxBatchBytes;
    private long tornTailTimeoutMs;
    private int pretouchBytes;
    /** Whether pretouchBytes was set, as 0 is a setting of its own (off), and every int a setting to check. */
    private boolean pretouchBytesSet;
    private boolean readOnly;
    private JournalFormat newJournalFormat = JournalFormat.V2;
    private EpochClock epochClock;
    private FileAccess fileAccess;
    private byte[] macKey;

    /**
     * Fill in defaults and check the settings; called by {@link Journal#open}.
     *
     * @return this context.
     * @throws IllegalArgumentException naming the setting that is out of range.
     */
    public JournalContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null == directory)
        {
            directory = Path.of(System.getProperty(Configuration.DIRECTORY_PROP_NAME, Configuration.DIRECTORY_DEFAULT));
        }
        if (null == rollCycle)
        {
            final String name = System.getProperty(Configuration.ROLL_CYCLE_PROP_NAME);
            rollCycle = null == name ? Configuration.ROLL_CYCLE_DEFAULT : parseRollCycle(name);
        }
        if (retainCycles < 0)
        {
            retainCycles = Configuration.intProperty(
                Configuration.RETAIN_CYCLES_PROP_NAME, Configuration.RETAIN_CYCLES_DEFAULT);
            require(retainCycles >= 0, "retainCycles must be 0 (keep all) or more: " + retainCycles);
        }
        if (0 == maxRecordBytes)
        {
            maxRecordBytes = Configuration.intProperty(
                Configuration.MAX_RECORD_BYTES_PROP_NAME, Configuration.MAX_RECORD_BYTES_DEFAULT);
        }
        require(maxRecordBytes > 0 && maxRecordBytes <= Configuration.MAX_RECORD_BYTES_LIMIT,
            "maxRecordBytes must be 1.." + Configuration.MAX_RECORD_BYTES_LIMIT + ": " + maxRecordBytes);
        if (0 == maxBatchRecords)
        {
            maxBatchRecords = Configuration.intProperty(
                Configuration.MAX_BATCH_RECORDS_PROP_NAME, Configuration.MAX_BATCH_RECORDS_DEFAULT);
        }
        require(maxBatchRecords > 0 && maxBatchRecords <= Configuration.MAX_BATCH_RECORDS_LIMIT,
            "maxBatchRecords must be 1.." + Configuration.MAX_BATCH_RECORDS_LIMIT + ": " + maxBatchRecords);
        if (0 == maxBatchBytes)
        {
            maxBatchBytes = Configuration.intProperty(
                Configuration.MAX_BATCH_BYTES_PROP_NAME, Configuration.MAX_BATCH_BYTES_DEFAULT);
        }
        require(maxBatchBytes > 0 && maxBatchBytes <= Configuration.MAX_RECORD_BYTES_LIMIT,
            "maxBatchBytes must be 1.." + Configuration.MAX_RECORD_BYTES_LIMIT + ": " + maxBatchBytes);
        if (0 == tornTailTimeoutMs)
        {
            tornTailTimeoutMs = Configuration.longProperty(
                Configuration.TORN_TAIL_TIMEOUT_MS_PROP_NAME, Configuration.TORN_TAIL_TIMEOUT_MS_DEFAULT);
        }
        require(tornTailTimeoutMs > 0, "tornTailTimeoutMs must be positive: " + tornTailTimeoutMs);
        if (!pretouchBytesSet)
        {
            pretouchBytes = Configuration.intProperty(
                Configuration.PRETOUCH_BYTES_PROP_NAME, Configuration.PRETOUCH_BYTES_DEFAULT);
        }
        require(pretouchBytes >= 0 && pretouchBytes <= Configuration.PRETOUCH_BYTES_LIMIT,
            "pretouchBytes must be 0 (off) to " + Configuration.PRETOUCH_BYTES_LIMIT + ": " + pretouchBytes +
            (pretouchBytesSet ? "" : " (system property " + Configuration.PRETOUCH_BYTES_PROP_NAME + ")"));
        if (null == epochClock)
        {
            epochClock = SystemEpochClock.INSTANCE;
        }
        if (null == fileAccess)
        {
            fileAccess = FileAccess.fromSystemProperty();
        }
        directory = directory.toAbsolutePath().normalize();
        // a truncation builds beside the directory, and a release forces its parent
        require(null != directory.getParent(), "directory must not be a file system root: " + directory);
        concluded = true;
        return this;
    }

    private static JournalRollCycle parseRollCycle(final String name)
    {
        try
        {
            return JournalRollCycle.valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(Configuration.ROLL_CYCLE_PROP_NAME + " must be one of " +
                Arrays.toString(JournalRollCycle.values()) + ": " + name, ex);
        }
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("the journal context is already concluded; set it up before open");
        }
    }

    /**
     * Set the journal directory; created if missing when opened for writing.
     *
     * @param directory the directory.
     * @return this context.
     */
    public JournalContext directory(final Path directory)
    {
        checkNotConcluded();
        this.directory = directory;
        return this;
    }

    /**
     * The journal directory.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Set how often a new cycle file starts. Must match the existing journal's.
     *
     * @param rollCycle the roll cycle.
     * @return this context.
     */
    public JournalContext rollCycle(final JournalRollCycle rollCycle)
    {
        checkNotConcluded();
        this.rollCycle = rollCycle;
        return this;
    }

    /**
     * How often a new cycle file starts.
     *
     * @return the roll cycle.
     */
    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * Set how many cycle files to keep, the current one included; older ones are deleted when a new cycle starts.
     * Only safe when a snapshot covers everything deleted.
     *
     * @param retainCycles cycles to keep, or 0 to keep all.
     * @return this context.
     */
    public JournalContext retainCycles(final int retainCycles)
    {
        checkNotConcluded();
        this.retainCycles = retainCycles;
        return this;
    }

    /**
     * How many cycle files are kept.
     *
     * @return the count, 0 meaning all.
     */
    public int retainCycles()
    {
        return retainCycles;
    }

    /**
     * Set the largest record accepted.
     *
     * @param maxRecordBytes in bytes.
     * @return this context.
     */
    public JournalContext maxRecordBytes(final int maxRecordBytes)
    {
        checkNotConcluded();
        this.maxRecordBytes = maxRecordBytes;
        return this;
    }

    /**
     * The largest record accepted.
     *
     * @return bytes.
     */
    public int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    /**
     * Set the most records one batch document holds: the records appended in a batch ({@link Journal#beginBatch})
     * share Chronicle documents of at most this many records, a new one begun when one is full. Only for journals
     * of format 2; reading does not depend on it.
     *
     * @param maxBatchRecords records, 1 to {@value Configuration#MAX_BATCH_RECORDS_LIMIT}; default
     *                        {@value Configuration#MAX_BATCH_RECORDS_DEFAULT}.
     * @return this context.
     */
    public JournalContext maxBatchRecords(final int maxBatchRecords)
    {
        checkNotConcluded();
        this.maxBatchRecords = maxBatchRecords;
        return this;
    }

    /**
     * The most records one batch document holds.
     *
     * @return records.
     */
    public int maxBatchRecords()
    {
        return maxBatchRecords;
    }

    /**
     * Set the most bytes of one batch document (its records, their lengths and MACs, and its header): a record that
     * would take a document past it begins the next one; a record larger than this is a document of its own.
     *
     * @param maxBatchBytes bytes, 1 to {@value Configuration#MAX_RECORD_BYTES_LIMIT}; default
     *                      {@value Configuration#MAX_BATCH_BYTES_DEFAULT}.
     * @return this context.
     */
    public JournalContext maxBatchBytes(final int maxBatchBytes)
    {
        checkNotConcluded();
        this.maxBatchBytes = maxBatchBytes;
        return this;
    }

    /**
     * The most bytes of one batch document.
     *
     * @return bytes.
     */
    public int maxBatchBytes()
    {
        return maxBatchBytes;
    }

    /**
     * Set the format of a journal created by this open, for tests that need one of the first format; a journal
     * that exists keeps its own.
     */
    JournalContext newJournalFormat(final JournalFormat format)
    {
        checkNotConcluded();
        this.newJournalFormat = format;
        return this;
    }

    /**
     * The format of a journal created by this open.
     */
    JournalFormat newJournalFormat()
    {
        return newJournalFormat;
    }

    /**
     * Set how long an append waits on a record left incomplete by a crashed writer before skipping it.
     *
     * @param tornTailTimeoutMs milliseconds.
     * @return this context.
     */
    public JournalContext tornTailTimeoutMs(final long tornTailTimeoutMs)
    {
        checkNotConcluded();
        this.tornTailTimeoutMs = tornTailTimeoutMs;
        return this;
    }

    /**
     * How long an append waits on a torn record.
     *
     * @return milliseconds.
     */
    public long tornTailTimeoutMs()
    {
        return tornTailTimeoutMs;
    }

    /**
     * Set how far ahead of the writer a thread of the journal's own brings the cycle file's pages into memory, so
     * that the writer does not stop in the page faults of a new region of the file; 0 turns it off (the writer then
     * faults the pages in itself). Only a journal opened for writing pretouches.
     *
     * @param pretouchBytes bytes, 0 to {@value Configuration#PRETOUCH_BYTES_LIMIT}; default
     *                      {@value Configuration#PRETOUCH_BYTES_DEFAULT}.
     * @return this context.
     */
    public JournalContext pretouchBytes(final int pretouchBytes)
    {
        checkNotConcluded();
        this.pretouchBytes = pretouchBytes;
        this.pretouchBytesSet = true;
        return this;
    }

    /**
     * How far ahead of the writer the file's pages are brought in; 0 if not at all.
     *
     * @return bytes.
     */
    public int pretouchBytes()
    {
        return pretouchBytes;
    }

    /**
     * Open read-only: no writer lock, no appends; the journal may be written by another process meanwhile.
     *
     * @param readOnly true for read-only.
     * @return this context.
     */
    public JournalContext readOnly(final boolean readOnly)
    {
        checkNotConcluded();
        this.readOnly = readOnly;
        return this;
    }

    /**
     * Whether the journal is opened read-only.
     *
     * @return true if read-only.
     */
    public boolean readOnly()
    {
        return readOnly;
    }

    /**
     * Set the clock that decides which cycle file a record goes into.
     *
     * @param epochClock milliseconds since 1970.
     * @return this context.
     */
    public JournalContext epochClock(final EpochClock epochClock)
    {
        checkNotConcluded();
        this.epochClock = epochClock;
        return this;
    }

    /**
     * The clock that decides cycle files.
     *
     * @return the clock.
     */
    public EpochClock epochClock()
    {
        return epochClock;
    }

    /**
     * Set who may read the files created: the journal's, and, in an engine, every file in its directory (see
     * {@link FileAccess}).
     *
     * @param fileAccess the access; default {@link FileAccess#OWNER_ONLY}, or as {@value FileAccess#PROP_NAME} says.
     * @return this context.
     */
    public JournalContext fileAccess(final FileAccess fileAccess)
    {
        checkNotConcluded();
        this.fileAccess = fileAccess;
        return this;
    }

    /**
     * Who may read the files created.
     *
     * @return the access; before {@link #conclude()}, as {@value FileAccess#PROP_NAME} says if not set.
     */
    public FileAccess fileAccess()
    {
        return null == fileAccess ? FileAccess.fromSystemProperty() : fileAccess;
    }

    /**
     * Set the key of the journal's record MACs: each record is then followed, in its Chronicle document, by an
     * HMAC-SHA256 of its position and bytes, written on append and checked on every read, so a record forged or
     * moved by someone without the key is refused, naming its position. Off by default (a CRC32C still guards against
     * accidental damage). A journal is keyed from its first record on: one written without a key cannot be opened
     * with one, nor a keyed one written without. See {@code docs/SECURITY.md} for what this protects.
     *
     * @param macKey at least {@value RecordMac#MIN_KEY_BYTES} bytes (32 random bytes recommended), copied; null for
     *               none.
     * @return this context.
     * @throws IllegalArgumentException if the key is shorter.
     */
    public JournalContext macKey(final byte[] macKey)
    {
        checkNotConcluded();
        if (null != macKey && macKey.length < RecordMac.MIN_KEY_BYTES)
        {
            throw new IllegalArgumentException("macKey must have at least " + RecordMac.MIN_KEY_BYTES +
                " bytes: " + macKey.length);
        }
        this.macKey = null == macKey ? null : macKey.clone();
        return this;
    }

    /**
     * Whether a record MAC key is set.
     *
     * @return true if records are sealed and checked with a key.
     */
    public boolean hasMacKey()
    {
        return null != macKey;
    }

    byte[] macKey()
    {
        return macKey;
    }
}
