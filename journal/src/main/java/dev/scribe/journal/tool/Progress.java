package dev.scribe.journal.tool;

/**
 * Told how a tool's long work is going, on the thread doing it: records done of a total. A tool calls it now and
 * then (every few thousand records at most), and once more when it has finished; a command line shows a bar.
 */
@FunctionalInterface
public interface Progress
{
    /** Progress that goes nowhere. */
    Progress NONE = (done, total) ->
    {
    };

    /**
     * Work done so far.
     *
     * @param done  records done.
     * @param total records to do in all, as well as the tool could tell beforehand; 0 or less if it could not.
     */
    void progress(long done, long total);
}
