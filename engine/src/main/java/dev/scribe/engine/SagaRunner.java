package dev.scribe.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the engine's sagas on the business-logic thread: starts a run, and moves it on when a step ends (its
 * command's record, a {@link SagaSignal}) or its timeout fires. Each reaction emits the run's events, and schedules
 * its next command, into the decision of the record that caused it. A reaction that fails (a step's function that
 * throws) ends the run as {@code FAILED} with the reason, rather than refusing the record that caused it.
 */
final class SagaRunner
{
    private final Map<String, Saga<?>> sagas = new HashMap<>();

    SagaRunner(final List<Saga<?>> sagas)
    {
        for (final Saga<?> saga : sagas)
        {
            if (null != this.sagas.put(saga.name(), saga.check()))
            {
                throw new IllegalArgumentException("saga " + saga.name() + " is registered twice");
            }
        }
    }

    /** Start a run, in the handler's decision. */
    <D extends Record> void start(final DecisionBuffer out, final Saga<D> saga, final String id, final D data)
    {
        if (sagas.get(saga.name()) != saga)
        {
            throw new RefusedDecision("saga " + saga.name() + " is not registered with this engine");
        }
        if (null == id || id.isEmpty() || null == data)
        {
            throw new RefusedDecision("saga " + saga.name() + " needs an id and data to start: " + id);
        }
        final String aggregateId = saga.aggregateId(id);
        final Decision.Target<SagaInstance> run = out.aggregate(SagaInstance.class, aggregateId);
        if (null != run.state().status || ((DecisionBuffer.Participant)(Decision.Target<?>)run).eventCount > 0)
        {
            throw new RefusedDecision("saga " + saga.name() + " " + id + " is already started");
        }
        final long timeoutTimer = null == saga.timeout() ? 0 : out.schedule(new SagaTimeout(aggregateId),
            saturatedAdd(out.timestampNs(), saga.timeout().toNanos()), null, null);
        run.emit(new SagaStarted(saga.name(), id, saga.encode(data), timeoutTimer));
        react(out, run, () -> begin(out, run, saga, id, data, 0, false));
    }

    /** A step's command was decided: its outcome, in the record that fired it. */
    void replied(final DecisionBuffer out, final TimerScheduled timer, final String rejection)
    {
        final Decision.Target<SagaInstance> run = out.aggregate(SagaInstance.class, timer.replyTo());
        final SagaInstance state = run.state();
        if (null == state.status || state.ended() || state.inFlightTimer != timer.timerId())
        {
            return; // not the command the run waits for
        }
        react(out, run, () -> stepEnded(out, run, saga(state), null == rejection, null == rejection ? "accepted" :
            rejection));
    }

    /** A signal: the answer to a signal step, or an effect's result. */
    void signal(final SagaSignal signal, final SagaInstance state, final Decision decision)
    {
        final DecisionBuffer out = (DecisionBuffer)decision;
        if (null == state.status)
        {
            out.reject("no saga " + signal.saga());
            return;
        }
        final Saga<?> saga = saga(state);
        final Saga.Step<?> step = state.step < 0 ? null : saga.steps().get(state.step);
        if (state.ended() || null == step || !step.name().equals(signal.step()) ||
            state.compensating != signal.compensation() || state.inFlightTimer != 0)
        {
            out.reject("saga " + signal.saga() + " is not waiting for " + (signal.compensation() ? "the undoing of " :
                "") + "step " + signal.step() + " (it is " + state.status + (null == step ? "" : " at " +
                (state.compensating ? "the undoing of " : "") + "step " + step.name()) + ")");
            return;
        }
        final Decision.Target<SagaInstance> run = out.aggregate(SagaInstance.class, signal.saga());
        react(out, run, () -> stepEnded(out, run, saga, signal.ok(), signal.detail()));
    }

    /** The run's timeout fired. */
    void timeout(final SagaTimeout timeout, final SagaInstance state, final Decision decision)
    {
        final DecisionBuffer out = (DecisionBuffer)decision;
        if (null != state.status && (0 == state.timeoutTimer || out.firingTimer() != state.timeoutTimer))
        {
            out.reject("saga " + timeout.saga() + ": a SagaTimeout is sent only by the run's own timeout timer");
            return;
        }
        if (null == state.status || state.ended() || state.compensating || state.timedOut)
        {
            out.reject("saga " + timeout.saga() + " is " + (null == state.status ? "unknown" : state.status) +
                (state.timedOut ? " and timed out already" : ""));
            return;
        }
        final Decision.Target<SagaInstance> run = out.aggregate(SagaInstance.class, timeout.saga());
        final Saga<?> saga = saga(state);
        react(out, run, () ->
        {
            run.emit(new SagaTimedOut());
            if (0 != state.inFlightTimer)
            {
                return; // a command in flight: the run compensates when its outcome comes
            }
            final Saga.Action<?> action = saga.steps().get(state.step).action();
            run.emit(new SagaStepEnded(state.step, saga.steps().get(state.step).name(), false, false, "timed out"));
            // an effect in progress may have happened: it is undone too
            compensateFrom(out, run, saga, action.kind == Saga.Action.Kind.EFFECT ? state.step : state.step - 1,
                "timed out");
        });
    }

    private <D extends Record> void stepEnded(final DecisionBuffer out, final Decision.Target<SagaInstance> run,
        final Saga<D> saga, final boolean ok, final String detail)
    {
        final SagaInstance state = run.state();
        final int step = state.step;
        final SagaStepEnded ended = new SagaStepEnded(step, saga.steps().get(step).name(), state.compensating, ok,
            detail);
        run.emit(ended);
        if (state.compensating)
        {
            if (ok)
            {
                compensateFrom(out, run, saga, step - 1, state.reason);
            }
            else
            {
                end(out, run, SagaInstance.FAILED, "the undoing of step " + saga.steps().get(step).name() +
                    " failed: " + detail);
            }
        }
        else if (ok && state.timedOut)
        {
            compensateFrom(out, run, saga, step, "timed out");
        }
        else if (ok && step + 1 < saga.steps().size())
        {
            begin(out, run, saga, state.id, saga.decode(state.data), step + 1, false);
        }
        else if (ok)
        {
            end(out, run, SagaInstance.COMPLETED, null);
        }
        else
        {
            compensateFrom(out, run, saga, step - 1, SagaView.failure(ended));
        }
    }

    private <D extends Record> void compensateFrom(final DecisionBuffer out, final Decision.Target<SagaInstance> run,
        final Saga<D> saga, final int from, final String reason)
    {
        for (int step = from; step >= 0; step--)
        {
            if (null != saga.steps().get(step).compensation())
            {
                begin(out, run, saga, run.state().id, saga.decode(run.state().data), step, true);
                return;
            }
        }
        end(out, run, SagaInstance.COMPENSATED, null != reason ? reason : run.state().reason);
    }

    private static <D extends Record> void begin(final DecisionBuffer out, final Decision.Target<SagaInstance> run,
        final Saga<D> saga, final String id, final D data, final int step, final boolean compensation)
    {
        final Saga.Step<D> definition = saga.steps().get(step);
        final Saga.Action<D> action = compensation ? definition.compensation() : definition.action();
        final String aggregateId = saga.aggregateId(id);
        final String key = aggregateId + ":" + definition.name() + (compensation ? ":undo" : "");
        switch (action.kind)
        {
            case COMMAND -> run.emit(new SagaStepStarted(step, definition.name(), compensation,
                out.schedule(action.make.apply(data), out.timestampNs(), key, aggregateId)));
            case EFFECT ->
            {
                final Record request = (Record)action.make.apply(data);
                run.emit(new SagaStepStarted(step, definition.name(), compensation, 0));
                run.emit(new EffectRequested(aggregateId, definition.name(), compensation,
                    request.getClass().getName(), Effects.encode(request), key));
            }
            default -> run.emit(new SagaStepStarted(step, definition.name(), compensation, 0));
        }
    }

    private static void end(final DecisionBuffer out, final Decision.Target<SagaInstance> run, final String status,
        final String reason)
    {
        if (0 != run.state().timeoutTimer && !run.state().timedOut)
        {
            out.cancelOwnTimer(run.state().timeoutTimer);
        }
        run.emit(new SagaEnded(status, reason));
    }

    /** Run a reaction; if it throws anything, the run ends as failed with the reason, and the record goes on. */
    private static void react(final DecisionBuffer out, final Decision.Target<SagaInstance> run,
        final Runnable reaction)
    {
        final int mark = out.mark();
        try
        {
            reaction.run();
        }
        catch (final Throwable ex)
        {
            // an Error too (an assertion, a class that failed to load): left to escape, it would leave the timer
            // that caused the reaction due, to be fired and fail again on every tick, holding back later timers
            out.rollBack(mark);
            final int step = run.state().step;
            run.emit(new SagaEnded(SagaInstance.FAILED, "the saga failed " +
                (step < 0 ? "starting its first step" : "at step " + step) + ": " + Throwables.describe(ex)));
        }
    }

    private Saga<?> saga(final SagaInstance state)
    {
        final Saga<?> saga = sagas.get(state.saga);
        if (null == saga)
        {
            throw new IllegalStateException("saga " + state.saga + " of run " + state.id + " is not registered");
        }
        return saga;
    }

    private static long saturatedAdd(final long a, final long b)
    {
        return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
    }
}
