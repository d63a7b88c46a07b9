package dev.scribe.bench;

/**
 * What {@link RecoveryReport} measured for one journal size: times in nanoseconds, sizes in bytes, one sample per
 * round.
 */
final class RecoveryResult
{
    private final long events;
    private final int aggregates;
    private final int tail;
    private final Samples rawRead = new Samples();
    private final Samples journalRead = new Samples();
    private final Samples fullReplay = new Samples();
    private final Samples capture = new Samples();
    private final Samples write = new Samples();
    private final Samples snapshotBytes = new Samples();
    private final Samples probeAlone = new Samples();
    private final Samples probeBehind = new Samples();
    private final Samples verified = new Samples();
    private final Samples unverified = new Samples();
    private final Samples verifiedFreshJvm = new Samples();
    private final Samples unverifiedFreshJvm = new Samples();

    RecoveryResult(final long events, final int aggregates, final int tail)
    {
        this.events = events;
        this.aggregates = aggregates;
        this.tail = tail;
    }

    /** Events (and records) in the journal. */
    long events()
    {
        return events;
    }

    /** Accounts the events go to, and aggregates in each snapshot. */
    int aggregates()
    {
        return aggregates;
    }

    /** Records journaled after the last snapshot, the deposit sent behind it first. */
    int tail()
    {
        return tail;
    }

    /** Time to read every document through a raw Chronicle tailer. */
    Samples rawRead()
    {
        return rawRead;
    }

    /** Time to replay every record through the journal, CRC32C checked. */
    Samples journalRead()
    {
        return journalRead;
    }

    /** {@code Recovery.nanos()} of a launch that replays the whole journal. */
    Samples fullReplay()
    {
        return fullReplay;
    }

    /** The business-logic pause of each snapshot. */
    Samples capture()
    {
        return capture;
    }

    /** The snapshot thread's time to check, hash and write each snapshot. */
    Samples write()
    {
        return write;
    }

    /** Each snapshot file's size. */
    Samples snapshotBytes()
    {
        return snapshotBytes;
    }

    /** Send-to-outcome time of a deposit with no snapshot under way. */
    Samples probeAlone()
    {
        return probeAlone;
    }

    /** Send-to-outcome time of a deposit sent right after a snapshot request. */
    Samples probeBehind()
    {
        return probeBehind;
    }

    /** {@code Recovery.nanos()} of a launch from the snapshot plus the tail, in the report's JVM. */
    Samples fromSnapshot(final boolean verify)
    {
        return verify ? verified : unverified;
    }

    /** {@code Recovery.nanos()} of a launch from the snapshot plus the tail, in a fresh JVM. */
    Samples fromSnapshotFreshJvm(final boolean verify)
    {
        return verify ? verifiedFreshJvm : unverifiedFreshJvm;
    }
}
