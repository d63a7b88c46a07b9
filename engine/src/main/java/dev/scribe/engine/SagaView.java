package dev.scribe.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a saga run is and what happened to it, folded from its events ({@link JournalEvents#saga},
 * {@link JournalEvents#sagas()}).
 *
 * @param saga         the saga's name.
 * @param id           the run's id.
 * @param status       {@code RUNNING}, {@code COMPENSATING}, {@code COMPLETED}, {@code COMPENSATED} or
 *                     {@code FAILED}.
 * @param step         the step in progress or last ended, or null before the first.
 * @param compensating whether that step's compensation is what runs.
 * @param timedOut     whether its timeout fired.
 * @param reason       why it did not complete, or null.
 * @param history      each step's end, oldest first: {@code reserve ok: accepted}, {@code undo reserve ok: ...}.
 * @param startedNs    when it started, on the engine clock.
 * @param changedNs    when it last moved, on the engine clock.
 */
public record SagaView(String saga, String id, String status, String step, boolean compensating, boolean timedOut,
    String reason, List<String> history, long startedNs, long changedNs)
{
    /**
     * A view; the history is kept as an unmodifiable copy.
     *
     * @param saga         the saga's name.
     * @param id           the run's id.
     * @param status       its status.
     * @param step         the step in progress or last ended.
     * @param compensating whether the step's compensation runs.
     * @param timedOut     whether the timeout fired.
     * @param reason       why it did not complete.
     * @param history      each step's end.
     * @param startedNs    when it started.
     * @param changedNs    when it last moved.
     */
    public SagaView
    {
        history = List.copyOf(history);
    }

    /**
     * Whether the run has ended: completed, compensated or failed.
     *
     * @return true if it has.
     */
    public boolean ended()
    {
        return SagaInstance.COMPLETED.equals(status) || SagaInstance.COMPENSATED.equals(status) ||
            SagaInstance.FAILED.equals(status);
    }

    /** One line of history for a step's end. */
    static String describe(final SagaStepEnded event)
    {
        return (event.compensation() ? "undo " : "") + event.name() + (event.ok() ? " ok" : " failed") +
            (null == event.detail() ? "" : ": " + event.detail());
    }

    /** Why a run compensates, from the step that failed. */
    static String failure(final SagaStepEnded event)
    {
        return "step " + event.name() + " failed: " + event.detail();
    }

    /** Folds one run's events, oldest first, into its view. */
    static final class Fold
    {
        private String saga;
        private String id;
        private String status;
        private String step;
        private boolean compensating;
        private boolean timedOut;
        private String reason;
        private final List<String> history = new ArrayList<>();
        private long startedNs;
        private long changedNs;

        void add(final JournalEvent journaled)
        {
            final Object event = journaled.event();
            changedNs = journaled.timestampNs();
            if (event instanceof SagaStarted started)
            {
                saga = started.saga();
                id = started.id();
                status = SagaInstance.RUNNING;
                startedNs = journaled.timestampNs();
            }
            else if (event instanceof SagaStepStarted started)
            {
                step = started.name();
                compensating = started.compensation();
                status = compensating ? SagaInstance.COMPENSATING : status;
            }
            else if (event instanceof SagaStepEnded ended)
            {
                history.add(describe(ended));
                reason = !ended.ok() && !ended.compensation() && null == reason ? failure(ended) : reason;
            }
            else if (event instanceof SagaTimedOut)
            {
                timedOut = true;
                history.add("timed out");
                reason = null == reason ? "timed out" : reason;
            }
            else if (event instanceof SagaEnded ended)
            {
                status = ended.status();
                reason = null == ended.reason() ? reason : ended.reason();
            }
        }

        /** The view, or null if no run started. */
        SagaView view()
        {
            return null == saga ? null :
                new SagaView(saga, id, status, step, compensating, timedOut, reason, history, startedNs, changedNs);
        }
    }
}
