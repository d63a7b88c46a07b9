package dev.scribe.codecs;

/**
 * Bytes could not be encoded or decoded. The message names the field and the byte offset where the problem was
 * found, so a bad journal record or frame can be located without a debugger.
 */
public final class CodecException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Offset used when a problem has no single byte offset. */
    public static final int NO_OFFSET = -1;

    private final String field;
    private final int offset;

    /**
     * A codec failure.
     *
     * @param field  name of the field being read or written.
     * @param offset offset of that field in the buffer, or {@link #NO_OFFSET}.
     * @param reason what is wrong with it.
     */
    public CodecException(final String field, final int offset, final String reason)
    {
        super(field + (offset == NO_OFFSET ? "" : " at offset " + offset) + ": " + reason);
        this.field = field;
        this.offset = offset;
    }

    /**
     * A codec failure caused by another exception.
     *
     * @param field  name of the field being read or written.
     * @param offset offset of that field in the buffer, or {@link #NO_OFFSET}.
     * @param reason what is wrong with it.
     * @param cause  the underlying failure.
     */
    public CodecException(final String field, final int offset, final String reason, final Throwable cause)
    {
        super(field + (offset == NO_OFFSET ? "" : " at offset " + offset) + ": " + reason, cause);
        this.field = field;
        this.offset = offset;
    }

    /**
     * The field that could not be read or written.
     *
     * @return the field name.
     */
    public String field()
    {
        return field;
    }

    /**
     * Where in the buffer the problem was found.
     *
     * @return the byte offset, or {@link #NO_OFFSET}.
     */
    public int offset()
    {
        return offset;
    }
}
