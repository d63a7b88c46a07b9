package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;

/**
 * Told to a {@link LiveQuery} subscriber (through {@code onError}) whose buffer of results filled up, because it did
 * not ask for results, or its {@code onNext} did not take them, as fast as they came: it is dropped rather than let
 * it hold anyone up, and told as soon as its {@code onNext} in progress returns. Subscribe again for the current
 * result; the position says how far the results it was given went.
 */
public final class LiveQueryOverflowException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long position;

    /**
     * An overflow.
     *
     * @param buffer   the buffer's size.
     * @param position the position of the last result delivered, or -1.
     */
    public LiveQueryOverflowException(final int buffer, final long position)
    {
        super("the subscriber fell " + buffer + " results behind and was dropped; the last result it was given " +
            "was at position " + PositionFormat.position(position) + ": subscribe again for the current result");
        this.position = position;
    }

    /**
     * Position of the last result delivered before the overflow.
     *
     * @return the position, or -1 if none was delivered.
     */
    public long position()
    {
        return position;
    }
}
