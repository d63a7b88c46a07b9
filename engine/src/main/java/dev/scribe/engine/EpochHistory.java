package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;

import java.util.Arrays;

/**
 * Where each leadership epoch begins in the journal: the position of its first record. Epochs only grow; a promoted
 * standby starts the next epoch with an epoch record. Immutable: the engine publishes a new history when an epoch
 * begins.
 */
public final class EpochHistory
{
    /** No position. */
    public static final long NULL_POSITION = -1;

    static final EpochHistory EMPTY = new EpochHistory(new long[0], new long[0]);

    private final long[] epochs;
    private final long[] starts;

    private EpochHistory(final long[] epochs, final long[] starts)
    {
        this.epochs = epochs;
        this.starts = starts;
    }

    long epochAt(final int index)
    {
        return epochs[index];
    }

    long startAt(final int index)
    {
        return starts[index];
    }

    EpochHistory with(final long epoch, final long start)
    {
        if (epochs.length > 0 && epoch <= epochs[epochs.length - 1])
        {
            throw new IllegalStateException("epoch " + epoch + " at " + start + " does not follow epoch " +
                epochs[epochs.length - 1]);
        }
        final long[] newEpochs = Arrays.copyOf(epochs, epochs.length + 1);
        final long[] newStarts = Arrays.copyOf(starts, starts.length + 1);
        newEpochs[epochs.length] = epoch;
        newStarts[starts.length] = start;
        return new EpochHistory(newEpochs, newStarts);
    }

    /**
     * The newest epoch in the journal.
     *
     * @return the epoch, or 0 for an empty journal.
     */
    public long lastEpoch()
    {
        return epochs.length == 0 ? 0 : epochs[epochs.length - 1];
    }

    /**
     * Where an epoch begins.
     *
     * @param epoch an epoch.
     * @return the position of its first record, or {@link #NULL_POSITION} if the journal has no such epoch.
     */
    public long startOf(final long epoch)
    {
        final int i = Arrays.binarySearch(epochs, epoch);
        return i < 0 ? NULL_POSITION : starts[i];
    }

    /**
     * The first epoch newer than the one given: where a node whose journal ends in {@code epoch} parts from this
     * journal, if it holds records at or after that epoch's start.
     *
     * @param epoch an epoch.
     * @return the first newer epoch, or 0 if there is none.
     */
    public long firstEpochAfter(final long epoch)
    {
        for (final long e : epochs)
        {
            if (e > epoch)
            {
                return e;
            }
        }
        return 0;
    }

    /**
     * The newest epoch of the journal no newer than the one given: the epoch the journal was in at the end of that
     * epoch.
     *
     * @param epoch an epoch.
     * @return that epoch, or -1 if every epoch of the journal is newer (or it has none).
     */
    public long floorEpoch(final long epoch)
    {
        final int i = Arrays.binarySearch(epochs, epoch);
        final int floor = i >= 0 ? i : -i - 2;
        return floor < 0 ? -1 : epochs[floor];
    }

    /**
     * Where the first epoch newer than the one given begins: where a journal that ends in {@code epoch} parts from
     * this one, if it holds records at or after it.
     *
     * @param epoch an epoch.
     * @return its first position, or {@link #NULL_POSITION} if the journal has no newer epoch.
     */
    public long nextEpochStart(final long epoch)
    {
        final int i = Arrays.binarySearch(epochs, epoch);
        final int next = i >= 0 ? i + 1 : -i - 1;
        return next < epochs.length ? starts[next] : NULL_POSITION;
    }

    /**
     * Number of epochs.
     *
     * @return the count.
     */
    public int size()
    {
        return epochs.length;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("EpochHistory{");
        for (int i = 0; i < epochs.length; i++)
        {
            text.append(i == 0 ? "" : ", ").append(epochs[i]).append('@').append(PositionFormat.position(starts[i]));
        }
        return text.append('}').toString();
    }
}
