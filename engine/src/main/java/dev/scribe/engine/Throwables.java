package dev.scribe.engine;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text for what application code threw, which may not be able to give its own: an exception whose
 * {@code getMessage()} or {@code toString()} throws in turn (a message built from a field that is null) must not
 * turn the failure it reports into another one, on the business-logic thread (where it would escape the command's
 * record, and a timer or saga reaction that caused it would stay due and fail again on every tick) or where it is
 * logged.
 */
final class Throwables
{
    private Throwables()
    {
    }

    /**
     * The throwable as its {@code toString()} gives it, or, if that throws, its class and why it cannot say more.
     *
     * @param t what was thrown.
     * @return the text.
     */
    static String describe(final Throwable t)
    {
        try
        {
            return String.valueOf(t);
        }
        catch (final Throwable broken)
        {
            return unreadable(t, broken);
        }
    }

    /**
     * The throwable itself if it can be printed with its stack trace (its causes and suppressed ones included), or
     * else a stand-in that can: its {@link #describe} text and its stack trace, without its causes.
     *
     * @param t what was thrown.
     * @return what to log.
     */
    static Throwable printable(final Throwable t)
    {
        try
        {
            t.printStackTrace(new PrintWriter(Writer.nullWriter()));
            return t;
        }
        catch (final Throwable broken)
        {
            final EngineException standIn = new EngineException(describe(t));
            standIn.setStackTrace(t.getStackTrace());
            return standIn;
        }
    }

    private static String unreadable(final Throwable t, final Throwable broken)
    {
        return t.getClass().getName() + " (its message cannot be read: " + broken.getClass().getName() + ")";
    }
}
