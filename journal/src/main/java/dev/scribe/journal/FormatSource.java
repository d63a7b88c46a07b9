package dev.scribe.journal;

import java.nio.file.Path;

/**
 * The format of an open journal's documents. A journal opened for writing, or one that held records when it was
 * opened, knows it from the start. One opened read-only while it held nothing may be written later by another
 * process, which marks it (see {@link JournalFormat}) before its first record: its format is read from the marker
 * when the first document is seen, and then kept.
 */
final class FormatSource
{
    private final Path directory;
    private volatile JournalFormat format;

    private FormatSource(final Path directory, final JournalFormat format)
    {
        this.directory = directory;
        this.format = format;
    }

    /**
     * A known format.
     */
    static FormatSource of(final JournalFormat format)
    {
        return new FormatSource(null, format);
    }

    /**
     * A format to read from a directory's marker once a document is seen.
     */
    static FormatSource undecided(final Path directory)
    {
        return new FormatSource(directory, null);
    }

    /**
     * The format, once a document of the journal has been seen; decides it if it was not known.
     *
     * @throws JournalException naming the marker if it is damaged or names an unknown format.
     */
    JournalFormat resolve()
    {
        JournalFormat known = format;
        if (null == known)
        {
            final JournalFormat marked = JournalFormat.marked(directory);
            known = null == marked ? JournalFormat.V1 : marked;
            format = known;
        }
        return known;
    }

    /**
     * The format if it is known or marked, else null: the journal holds nothing yet, or (if it holds documents) it is
     * of format 1.
     */
    JournalFormat known()
    {
        JournalFormat known = format;
        if (null == known && null != directory)
        {
            known = JournalFormat.marked(directory);
            if (null != known)
            {
                format = known;
            }
        }
        return known;
    }
}
