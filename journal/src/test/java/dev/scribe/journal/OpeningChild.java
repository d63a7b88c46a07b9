package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;

import java.nio.file.Path;

/**
 * Child process for the JVM flags tests: {@code DIR} opens a journal in DIR (nothing else of Scribe is touched first),
 * appends one record and prints {@code APPENDED position}. A JVM without Scribe's flags fails in the open.
 */
public final class OpeningChild
{
    private OpeningChild()
    {
    }

    public static void main(final String[] args)
    {
        try (Journal journal = Journal.open(new JournalContext().directory(Path.of(args[0]))))
        {
            final long position = journal.append(TestRecords.record(new RecordWriter(), 1, 1));
            journal.sync(position);
            System.out.println("APPENDED " + position);
        }
    }
}
