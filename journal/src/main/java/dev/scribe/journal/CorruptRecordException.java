package dev.scribe.journal;

import dev.scribe.codecs.CodecException;

/**
 * A record in the journal failed its checks (CRC32C, structure, or its record MAC in a keyed journal). Its bytes
 * are never returned as data.
 */
public final class CorruptRecordException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final long position;

    /**
     * A corrupt record.
     *
     * @param position of the record.
     * @param cause    the check that failed, naming the field and offset.
     */
    public CorruptRecordException(final long position, final CodecException cause)
    {
        super("corrupt record at position " + PositionFormat.position(position) + ": " + cause.getMessage(), cause);
        this.position = position;
    }

    /**
     * A record that failed a check of the journal's own (its MAC, the document around it).
     *
     * @param position of the record.
     * @param problem  what is wrong with it.
     */
    public CorruptRecordException(final long position, final String problem)
    {
        super("corrupt record at position " + PositionFormat.position(position) + ": " + problem);
        this.position = position;
    }

    /**
     * Position of the corrupt record.
     *
     * @return the position.
     */
    public long position()
    {
        return position;
    }
}
