package dev.scribe.engine;

/**
 * The engine's own check refused what a handler asked of its {@link Decision} (an event its aggregate does not
 * apply, an aggregate id of another type, a saga run already started, a timer it cannot send): the command is
 * {@link Outcome.Status#REJECTED} with this message, as by {@code out.reject}. Anything else a handler throws is a
 * {@link Outcome.Status#HANDLER_FAILED handler failure}.
 */
final class RefusedDecision extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    RefusedDecision(final String message)
    {
        super(message);
    }
}
