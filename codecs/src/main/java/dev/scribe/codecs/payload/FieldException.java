package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;

/**
 * A field could not be encoded or decoded. Thrown inside the record codec tree without a stack trace; containers
 * fill in element indices on the way out and {@link RecordCodec} turns it into a {@link CodecException}.
 */
final class FieldException extends RuntimeException
{
    private static final long serialVersionUID = 1L;
    private static final String INDEX_PLACEHOLDER = "[]";

    private String path;
    private final int offset;
    private final String reason;

    FieldException(final String path, final int offset, final String reason)
    {
        this(path, offset, reason, null);
    }

    FieldException(final String path, final int offset, final String reason, final Throwable cause)
    {
        super(reason, cause, false, false);
        this.path = path;
        this.offset = offset;
        this.reason = reason;
    }

    /**
     * A value of the wrong class was found while encoding, e.g. through an unchecked cast in the application.
     */
    static FieldException wrongType(final String path, final int offset, final Class<?> expected, final Object value)
    {
        return new FieldException(
            path, offset, "expected " + expected.getName() + " but found " + value.getClass().getName());
    }

    /**
     * A failure in application code (an accessor or a constructor). Errors of the virtual machine itself are
     * rethrown unchanged; a failure of this codec tree passes through.
     */
    static FieldException failure(final String path, final int offset, final String reason, final Throwable cause)
    {
        if (cause instanceof VirtualMachineError)
        {
            throw (VirtualMachineError)cause;
        }
        if (cause instanceof FieldException)
        {
            return (FieldException)cause;
        }
        return new FieldException(path, offset, reason + ": " + cause, cause);
    }

    /**
     * Name the element a container was reading or writing when this was thrown: the first {@code []} after the
     * container's own path becomes {@code [index]}.
     *
     * @param containerPath path of the list or map.
     * @param index         of the element or entry.
     * @return this exception, to be rethrown.
     */
    FieldException atIndex(final String containerPath, final int index)
    {
        if (path.startsWith(INDEX_PLACEHOLDER, containerPath.length()) && path.startsWith(containerPath))
        {
            path = containerPath + '[' + index + ']' + path.substring(containerPath.length() + 2);
        }
        return this;
    }

    String path()
    {
        return path;
    }

    int offset()
    {
        return offset;
    }

    CodecException toCodecException()
    {
        return new CodecException(path, offset, reason, getCause());
    }
}
