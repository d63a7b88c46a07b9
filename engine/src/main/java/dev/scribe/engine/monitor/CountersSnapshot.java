package dev.scribe.engine.monitor;

import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The counters of an engine, read once from its counters file ({@code counters.dat} in the engine directory) by
 * another process, while the engine runs or after it has stopped or crashed. The file is mapped read-only and
 * unmapped before {@link #read(Path)} returns; each value is read with acquire semantics, one counter at a time, so
 * two counters may be from slightly different moments.
 *
 * <p>Tools use it to print counters ({@link EngineStat}) or to pick out the ones they know by type id: the engine's
 * own below 100 (such as {@link #JOURNAL_POSITION_TYPE_ID}), those of components beside the engine from 100 up.
 *
 * <p>Counters that count since the engine directory was created (commands, outcomes, events, batches, journal
 * records and bytes, snapshots) go on across restarts: each launch starts them where the previous run's file left
 * them. The others (positions, the ring's room, maxima, errors) describe the run that wrote the file.
 */
public final class CountersSnapshot
{
    /** Type id of the engine's journal position counter: the last position journaled and applied, or -1. */
    public static final int JOURNAL_POSITION_TYPE_ID = 5;

    /** Type id of the engine's error counter: errors reported on any thread, each also in the error log. */
    public static final int ERRORS_TYPE_ID = 8;

    /** Type id of the engine's counter of snapshots written. */
    public static final int SNAPSHOTS_WRITTEN_TYPE_ID = 10;

    /** Type id of the engine's counter of the position of the last snapshot written, or -1. */
    public static final int LAST_SNAPSHOT_POSITION_TYPE_ID = 11;

    /**
     * Type id of the engine's counter of snapshot requests taken from other processes; an engine has it only if it
     * takes them (it was launched with a snapshot policy).
     */
    public static final int SNAPSHOT_REQUESTS_TYPE_ID = 13;

    /**
     * Type id of the engine's counter of commands whose handler (or an interceptor, or a binary command's codec)
     * threw: each was rejected with {@code HANDLER_FAILED}, is counted rejected as well, and the first of each kind
     * is logged and kept in the error log.
     */
    public static final int HANDLER_FAILURES_TYPE_ID = 14;

    /** Type id of the engine's counter of business-logic batches: ring batches the business logic ended. */
    public static final int BATCHES_TYPE_ID = 20;

    /** Type id of the engine's counter of records written to the journal. */
    public static final int JOURNAL_RECORDS_TYPE_ID = 21;

    /** Type id of the engine's counter of bytes of the records written to the journal. */
    public static final int JOURNAL_BYTES_TYPE_ID = 22;

    /**
     * Type id of the engine's counter of the time, in nanoseconds, the business logic spent copying the state for
     * the snapshots written: with {@link #SNAPSHOTS_WRITTEN_TYPE_ID}, the mean snapshot pause.
     */
    public static final int SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID = 23;

    /** Type id of a replication node's counter of the last position it sent to the standby, or -1. */
    public static final int NODE_SENT_POSITION_TYPE_ID = 103;

    /** Type id of a replication node's counter of the last position the standby acknowledged, or -1. */
    public static final int NODE_ACKNOWLEDGED_POSITION_TYPE_ID = 104;

    /** The name of the counters file in an engine directory. */
    public static final String FILE_NAME = CountersFile.FILE_NAME;

    private final Path file;
    private final long pid;
    private final long startTimeMs;
    private final List<Counter> counters;

    /**
     * One counter as it was read.
     *
     * @param id     its id in the file.
     * @param typeId what kind of counter it is.
     * @param value  its value.
     * @param label  what it counts.
     */
    public record Counter(int id, int typeId, long value, String label)
    {
        /**
         * Whether the value is a journal position ({@link #JOURNAL_POSITION_TYPE_ID},
         * {@link #LAST_SNAPSHOT_POSITION_TYPE_ID}, {@link #NODE_SENT_POSITION_TYPE_ID},
         * {@link #NODE_ACKNOWLEDGED_POSITION_TYPE_ID}), which the tools print as positions are printed everywhere.
         *
         * @return true for a position counter.
         */
        public boolean isPosition()
        {
            return typeId == JOURNAL_POSITION_TYPE_ID || typeId == LAST_SNAPSHOT_POSITION_TYPE_ID ||
                typeId == NODE_SENT_POSITION_TYPE_ID || typeId == NODE_ACKNOWLEDGED_POSITION_TYPE_ID;
        }
    }

    private CountersSnapshot(final Path file, final long pid, final long startTimeMs, final List<Counter> counters)
    {
        this.file = file;
        this.pid = pid;
        this.startTimeMs = startTimeMs;
        this.counters = List.copyOf(counters);
    }

    /**
     * Read the counters of an engine.
     *
     * @param path the engine directory, or the counters file itself.
     * @return the counters, in id order, with the header of the file.
     * @throws EngineException if there is no counters file, or it is not a counters file of this version.
     */
    public static CountersSnapshot read(final Path path)
    {
        final Path target = Files.isDirectory(path) ? path.resolve(CountersFile.FILE_NAME) : path;
        try (CountersFile file = CountersFile.openReadOnly(target))
        {
            final CountersReader reader = new CountersReader(file.metaDataBuffer(), file.valuesBuffer());
            final List<Counter> counters = new ArrayList<>();
            reader.forEach((id, typeId, key, label) ->
                counters.add(new Counter(id, typeId, reader.getCounterValue(id), label)));
            return new CountersSnapshot(file.file(), file.pid(), file.startTimeMs(), counters);
        }
    }

    /**
     * The file read.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * The process id of the engine that wrote the file.
     *
     * @return the pid.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * Whether the process that wrote the file is running, as of this call.
     *
     * @return true if a process with its pid is alive.
     */
    public boolean processAlive()
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * When the engine that wrote the file started.
     *
     * @return milliseconds since 1970.
     */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * Every counter allocated in the file.
     *
     * @return the counters, in id order.
     */
    public List<Counter> counters()
    {
        return counters;
    }

    /**
     * The value of the first counter of a type.
     *
     * @param typeId the counter's type id.
     * @return its value, or empty if the file has no counter of that type.
     */
    public OptionalLong value(final int typeId)
    {
        for (final Counter counter : counters)
        {
            if (counter.typeId() == typeId)
            {
                return OptionalLong.of(counter.value());
            }
        }
        return OptionalLong.empty();
    }
}
