package dev.scribe.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How a journal lays its records out in Chronicle documents. Positions mean the same in both: a record's cycle in the
 * high bits and its sequence within the cycle in the low bits, as Chronicle's roll cycle splits an index; only the
 * documents that hold the records differ.
 *
 * <ul>
 *     <li>{@link #V1}, the first format: one record a document (and its MAC in a keyed journal), so a record's
 *     position is its document's Chronicle index. A journal without the marker file that holds records is of this
 *     format, and stays so: it is read and appended to as it was written.</li>
 *     <li>{@link #V2}: a document holds the records of one batch, each at its own position, laid out as
 *     {@link BatchDocument} draws; its Chronicle index is no longer a record's position. A journal of this format has
 *     the marker file {@value #MARKER_FILE}, written (and its directory forced) before its first record.</li>
 * </ul>
 *
 * A new journal is of format {@link #V2}. A marker that names another format is refused, naming the file: a journal
 * of a newer Scribe is not read as an older one.
 */
enum JournalFormat
{
    /** One record a document; position = the document's Chronicle index. */
    V1(1),
    /** A batch of records a document, each with its own position. */
    V2(2);

    /** The marker of a journal of format 2 or later, in its directory. */
    static final String MARKER_FILE = "scribe-journal-format";

    private static final String MARKER_PREFIX = "scribe journal format ";
    private static final int MAX_MARKER_BYTES = 256;

    private final int version;

    JournalFormat(final int version)
    {
        this.version = version;
    }

    /**
     * The format's number, as the marker file names it.
     */
    int version()
    {
        return version;
    }

    /**
     * The format a journal directory's marker names.
     *
     * @return the format, or null if the directory has no marker (a journal of format 1, or one not written yet).
     * @throws JournalException naming the marker if it cannot be read, is not a regular file, or names a format this
     *                          version of Scribe does not know.
     */
    static JournalFormat marked(final Path directory)
    {
        final Path marker = directory.resolve(MARKER_FILE);
        final String text;
        try
        {
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS))
            {
                if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS))
                {
                    throw new JournalException("journal format marker " + marker + " is not a regular file");
                }
                return null;
            }
            if (Files.size(marker) > MAX_MARKER_BYTES)
            {
                throw new JournalException("journal format marker " + marker + " is " + Files.size(marker) +
                    " bytes long, more than a marker has: it is not one Scribe wrote");
            }
            text = Files.readString(marker, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read journal format marker " + marker + ": " + ex, ex);
        }
        final JournalFormat format = parse(text);
        if (null == format)
        {
            throw new JournalException("journal format marker " + marker + " says '" + printable(text.trim()) +
                "'; this version of Scribe reads '" + MARKER_PREFIX + V2.version + "' (and journals without a " +
                "marker, of format 1): the journal was written by another version of Scribe, or is damaged");
        }
        return format;
    }

    /**
     * A problem with a directory's marker, for the health check, or null if it is fine or absent.
     */
    static String problemOf(final Path directory)
    {
        try
        {
            marked(directory);
            return null;
        }
        catch (final JournalException ex)
        {
            return ex.getMessage();
        }
    }

    /** The text with anything but printable ASCII shown as '?', for a message. */
    private static String printable(final String text)
    {
        final StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            shown.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return shown.toString();
    }

    private static JournalFormat parse(final String text)
    {
        if (!text.startsWith(MARKER_PREFIX) || !text.endsWith("\n"))
        {
            return null;
        }
        final String number = text.substring(MARKER_PREFIX.length(), text.length() - 1);
        for (final JournalFormat format : values())
        {
            if (format != V1 && Integer.toString(format.version).equals(number))
            {
                return format;
            }
        }
        return null;
    }

    /**
     * Mark a directory as holding a journal of this format, forcing the marker and the directory.
     *
     * @throws JournalException naming the marker if it cannot be written.
     */
    void mark(final Path directory, final FileAccess access)
    {
        if (this == V1)
        {
            return; // the first format has no marker
        }
        final Path marker = directory.resolve(MARKER_FILE);
        try
        {
            OwnedFiles.writeDurably(marker, (MARKER_PREFIX + version + "\n").getBytes(StandardCharsets.US_ASCII),
                access);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write journal format marker " + marker + ": " + ex, ex);
        }
    }

    /**
     * Give a copy of a journal (truncated, dropped records, archive) the marker of the journal it comes from.
     */
    static void copyMarker(final Path from, final Path to, final FileAccess access)
    {
        final JournalFormat format = marked(from);
        if (null != format && null == marked(to))
        {
            format.mark(to, access);
        }
    }
}
