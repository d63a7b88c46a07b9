package dev.scribe.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * What the health check of a journal directory found ({@link Journal#inspect}): every problem, each naming the file
 * and what is wrong with it, and what the journal holds. A journal with problems is never opened: nothing in it can
 * be accounted for, so nothing may read, move or write it until a person has looked.
 */
public final class JournalInspection
{
    private static final int PROBLEMS_IN_MESSAGE = 5;

    /**
     * One thing wrong with a journal directory.
     *
     * @param file   the file (or directory) it is about.
     * @param reason what is wrong with it, as a phrase that follows the file's name.
     */
    public record Problem(Path file, String reason)
    {
        @Override
        public String toString()
        {
            return file + " " + reason;
        }
    }

    private final Path directory;
    private final List<Problem> problems;
    private final int cycleFiles;
    private final long records;
    private final long documents;

    JournalInspection(final Path directory, final List<Problem> problems, final int cycleFiles, final long records,
        final long documents)
    {
        this.documents = documents;
        this.directory = directory;
        this.problems = List.copyOf(problems);
        this.cycleFiles = cycleFiles;
        this.records = records;
    }

    /**
     * The directory checked.
     *
     * @return its absolute path.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Whether nothing is wrong: the directory is a journal whose every file checks out, or does not exist or is empty
     * (a journal not written yet).
     *
     * @return true if healthy.
     */
    public boolean healthy()
    {
        return problems.isEmpty();
    }

    /**
     * Everything found wrong, in the order of the directory's files.
     *
     * @return the problems; empty when healthy.
     */
    public List<Problem> problems()
    {
        return problems;
    }

    /**
     * The cycle files found.
     *
     * @return how many.
     */
    public int cycleFiles()
    {
        return cycleFiles;
    }

    /**
     * The complete records counted in the cycle files, without reading them (their checks come when they are read).
     *
     * @return the count.
     */
    public long records()
    {
        return records;
    }

    /**
     * The complete Chronicle documents counted in the cycle files: one a record in a journal of format 1, one a batch
     * (or part of a long one) in a journal of format 2.
     *
     * @return the count.
     */
    public long documents()
    {
        return documents;
    }

    /**
     * Fail unless healthy.
     *
     * @return this inspection, when healthy.
     * @throws JournalException naming the directory and the problems (the first few), each with its file.
     */
    public JournalInspection requireHealthy()
    {
        if (!problems.isEmpty())
        {
            throw new JournalException(describe());
        }
        return this;
    }

    /**
     * A sentence for people: the directory and its problems (the first few), or that it is healthy.
     *
     * @return the text.
     */
    public String describe()
    {
        if (problems.isEmpty())
        {
            return "journal " + directory + " is healthy: " + cycleFiles + " cycle files, " + records + " records in " +
                documents + " documents";
        }
        final StringBuilder text = new StringBuilder("journal ").append(directory).append(" cannot be trusted, so ")
            .append("nothing in it is opened, moved or written: ");
        for (int i = 0; i < Math.min(problems.size(), PROBLEMS_IN_MESSAGE); i++)
        {
            text.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (problems.size() > PROBLEMS_IN_MESSAGE)
        {
            text.append("; and ").append(problems.size() - PROBLEMS_IN_MESSAGE).append(" more problems");
        }
        return text.toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
