package dev.scribe.journal.tool;

/**
 * The exit codes of every Scribe tool. A script can rely on them: 0 means the tool did what it was asked and found
 * nothing wrong, 1 that it ran and what it checked or asked for failed, 2 that it could not do its work with what it
 * was given.
 */
public final class ToolExit
{
    /** Done: everything checked is fine, or what was asked for was done. */
    public static final int OK = 0;
    /**
     * The tool ran and the answer is no: the journal is damaged or holds a corrupt record, a snapshot was not written
     * within the wait, a replication node is not running or did not answer.
     */
    public static final int FAILED = 1;
    /**
     * Wrong usage, or the tool could not work on what it was given: a missing argument or option value, an unknown
     * option, a directory that does not exist or holds no engine (or no replication node), a file it cannot read.
     */
    public static final int USAGE = 2;

    private ToolExit()
    {
    }
}
