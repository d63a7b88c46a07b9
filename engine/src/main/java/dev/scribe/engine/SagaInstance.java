package dev.scribe.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of a saga, as an aggregate ({@link Saga#aggregateId(String)}): where it is and what happened, from its
 * events only, so a replay, a standby and a snapshot hold the same.
 */
final class SagaInstance implements Aggregate
{
    static final String RUNNING = "RUNNING";
    static final String COMPENSATING = "COMPENSATING";
    static final String COMPLETED = "COMPLETED";
    static final String COMPENSATED = "COMPENSATED";
    static final String FAILED = "FAILED";

    String saga;
    String id;
    byte[] data;
    String status;
    String reason;
    int step = -1;
    boolean compensating;
    long inFlightTimer;
    long timeoutTimer;
    boolean timedOut;
    long startedNs;
    final List<String> history = new ArrayList<>();

    void apply(final SagaStarted event)
    {
        saga = event.saga();
        id = event.id();
        data = event.data();
        timeoutTimer = event.timeoutTimer();
        status = RUNNING;
    }

    void apply(final SagaStepStarted event)
    {
        step = event.step();
        compensating = event.compensation();
        inFlightTimer = event.timerId();
        if (compensating)
        {
            status = COMPENSATING;
        }
    }

    void apply(final SagaStepEnded event)
    {
        inFlightTimer = 0;
        history.add(SagaView.describe(event));
        if (!event.ok() && !event.compensation() && null == reason)
        {
            reason = SagaView.failure(event);
        }
    }

    void apply(final SagaTimedOut event)
    {
        timedOut = true;
        history.add("timed out");
        reason = null == reason ? "timed out" : reason;
    }

    void apply(final EffectRequested event)
    {
        // the step's start says it waits; the runner reads the request from the journal
    }

    void apply(final SagaEnded event)
    {
        status = event.status();
        reason = event.reason();
    }

    boolean ended()
    {
        return COMPLETED.equals(status) || COMPENSATED.equals(status) || FAILED.equals(status);
    }
}
