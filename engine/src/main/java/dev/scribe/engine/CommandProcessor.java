package dev.scribe.engine;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.sbe.JournalRecordEncoder;
import dev.scribe.codecs.sbe.MessageHeaderEncoder;
import dev.scribe.journal.Journal;
import dev.scribe.journal.PositionFormat;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The business logic: decides each command against in-memory state, journals its events as one record and applies
 * them. Single-threaded and free of the ring, so tests can step it by hand; {@link BusinessLogicHandler} runs it on
 * the ring.
 *
 * <p>The records of one ring batch go into the journal's batch ({@link JournalBatch}): appended as each command is
 * decided, written as shared Chronicle documents by {@link #endOfBatch}, before the batch's sync and before the ring
 * hands any of the batch's results on.
 */
final class CommandProcessor
{
    /** Where a journal record holds its CRC32C: after the SBE message header (see the codecs' record layout). */
    static final int RECORD_CRC_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + JournalRecordEncoder.crc32cEncodingOffset();
    /** The longest reason a timer that fires alone journals, in characters; longer ones are cut. */
    static final int MAX_REASON_CHARS = 1_000;
    private static final long NO_COMMAND = Long.MIN_VALUE;

    private final Registry registry;
    private final AggregateStore store;
    private final Journal journal;
    private final JournalBatch batch;
    private final List<Interceptor> interceptors;
    private final List<JournalListener> journalListeners;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private final HandlerFailures handlerFailures;
    private final Leadership leadership;
    private long epoch;
    private final int maxRecordBytes;
    private final DecisionBuffer decision;
    private final RecordWriter writer = new RecordWriter();
    private final RecordView view = new RecordView();
    private final IdempotencyKeys idempotency;
    private long pendingSyncPosition = Journal.NULL_POSITION;
    private final ArrayList<CommandSlot> pendingSyncSlots;
    private long correlationId;
    /** When the command being processed started, or {@link #NO_COMMAND}. */
    private long commandStartNs = NO_COMMAND;
    /** Whether the last {@link #decide} ended because the application's code threw. */
    private boolean handlerThrew;

    CommandProcessor(
        final EngineContext context,
        final Registry registry,
        final AggregateStore store,
        final Journal journal,
        final IdempotencyKeys idempotency,
        final EngineCounters counters,
        final ErrorHandler errorHandler,
        final Leadership leadership,
        final HandlerFailures handlerFailures)
    {
        this.handlerFailures = handlerFailures;
        this.leadership = leadership;
        this.registry = registry;
        this.store = store;
        this.journal = journal;
        this.batch = new JournalBatch(journal, leadership, errorHandler, counters, context.ringSize());
        this.pendingSyncSlots = new ArrayList<>(context.ringSize());
        this.idempotency = idempotency;
        this.counters = counters;
        this.interceptors = List.copyOf(context.interceptors());
        this.journalListeners = List.copyOf(context.journalListeners());
        this.clock = context.epochNanoClock();
        this.errorHandler = errorHandler;
        this.epoch = leadership.epoch();
        this.maxRecordBytes = journal.context().maxRecordBytes();
        this.decision = new DecisionBuffer(store, registry);
    }

    /**
     * The journal batch of the ring batch, shared with the standby's {@link ReplicaProcessor}.
     */
    JournalBatch batch()
    {
        return batch;
    }

    /**
     * Decide, journal and apply one command, leaving the result in the slot.
     */
    void process(final CommandSlot slot)
    {
        slot.clearResult();
        // one clock read a command: the decision's timestamp, and the end of the previous command's processing
        final long startNs = clock.nanoTime();
        commandsEnded(startNs);
        commandStartNs = startNs;
        counters.commands();
        if (leadership.role() != EngineRole.PRIMARY)
        {
            slot.status = Outcome.Status.NOT_PRIMARY;
            counters.rejected();
            return;
        }
        final String key = slot.idempotencyKey;
        if (null != key)
        {
            final IdempotencyKeys.Remembered remembered = idempotency.get(key);
            if (null != remembered)
            {
                if (batch.failed())
                {
                    // the remembered record may be one the journal lost; only a relaunch tells
                    reject(slot, "the journal lost a batch of records and journals nothing more until the engine is " +
                        "relaunched, so a repeat of key " + key + " cannot be answered");
                    return;
                }
                accept(slot, remembered.position(), remembered.version(), true);
                batch.trackRepeat(slot);
                if (slot.durability == Durability.SYNCED)
                {
                    // the original record may not be on storage yet: the repeat waits for a sync that covers it
                    awaitSync(slot, remembered.position());
                }
                return;
            }
        }
        final String rejection = decide(slot, startNs);
        if (null != rejection && null != slot.timer)
        {
            fireTimerAlone(slot, slot.timer, rejection);
        }
        else if (null != rejection)
        {
            reject(slot, rejection);
            if (handlerThrew)
            {
                slot.status = Outcome.Status.HANDLER_FAILED; // a rejection, told apart from a rule's
            }
        }
        else if (decision.eventCount() == 0)
        {
            accept(slot, Journal.NULL_POSITION, decision.version(), false);
        }
        else
        {
            final String unwritable = journalAndApply(slot);
            if (null != unwritable && null != slot.timer)
            {
                // a timer's command that can never be journaled is dropped, as a rejected one is: were the timer
                // left due, every tick would decide it again and no timer due after it would ever fire
                fireTimerAlone(slot, slot.timer, unwritable);
            }
            else if (null != unwritable)
            {
                reject(slot, unwritable);
            }
        }
    }

    /** The command being processed, if any, ended: its processing time is counted. */
    void commandsEnded()
    {
        if (NO_COMMAND != commandStartNs)
        {
            commandsEnded(clock.nanoTime());
        }
    }

    private void commandsEnded(final long nowNs)
    {
        if (NO_COMMAND != commandStartNs)
        {
            counters.processingTime(nowNs - commandStartNs);
            commandStartNs = NO_COMMAND;
        }
    }

    /**
     * Run the checks, interceptors and handler; returns the rejection reason, or null if events were emitted. If the
     * application's code threw (an interceptor, the handler, a binary command's codec), {@link #handlerThrew} is set
     * and the failure is handed to {@link HandlerFailures}.
     */
    private String decide(final CommandSlot slot, final long nowNs)
    {
        handlerThrew = false;
        final Object command;
        long numericId = 0;
        try
        {
            command = slot.kind == CommandSlot.KIND_BINARY ?
                slot.type.codec.decode(slot.commandBuffer, 0, slot.commandLength) : slot.command;
            if (slot.kind == CommandSlot.KIND_BINARY)
            {
                numericId = slot.type.numericIdOf.applyAsLong(command);
            }
        }
        catch (final CodecException ex)
        {
            return describe(ex); // bytes the codec refuses: bad input, not a bug
        }
        catch (final RuntimeException ex)
        {
            return handlerFailed(slot, "the binary command's codec or id function", ex);
        }
        final AggregateEntry entry;
        try
        {
            entry = slot.kind == CommandSlot.KIND_BINARY ? store.load(slot.type.aggregateType, numericId) :
                store.load(slot.type.aggregateType, slot.aggregateId);
        }
        catch (final RuntimeException ex)
        {
            return describe(ex); // an id the engine refuses
        }
        if (slot.expectedVersion != SendOptions.ANY_VERSION && slot.expectedVersion != entry.version)
        {
            return "expected version " + slot.expectedVersion + " but " + entry.id + " is at version " +
                entry.version;
        }
        decision.reset(entry, nowNs, slot.eventPool);
        boolean intercepting = true;
        try
        {
            if (null != slot.timer)
            {
                decision.timerFired(slot.timer, null);
            }
            for (int i = 0, size = interceptors.size(); i < size && !decision.rejected(); i++)
            {
                interceptors.get(i).intercept(command, entry.id, decision);
            }
            intercepting = false;
            if (!decision.rejected())
            {
                slot.type.handler.handle(command, entry.state, decision);
            }
            if (null != slot.timer && !decision.rejected())
            {
                decision.replyToSaga(slot.timer, null);
            }
        }
        catch (final RefusedDecision ex)
        {
            return describe(ex); // the engine's own check refused what the handler asked: a rejection
        }
        catch (final Throwable t)
        {
            return handlerFailed(slot, intercepting ? "an interceptor" : "the handler", t);
        }
        return decision.rejection();
    }

    /** The application's code threw deciding a command: count it, hand it over, and say so in the reason. */
    private String handlerFailed(final CommandSlot slot, final String where, final Throwable t)
    {
        handlerThrew = true;
        handlerFailures.failed(slot.type.commandClass, t);
        return where + " threw " + Throwables.describe(t);
    }

    /**
     * Fire a due timer: the tick's slot becomes the timer's command, sent with the timer's idempotency key and decided
     * as any command is, and the timer's {@link TimerFired} (and the reply to its saga, if any) goes into the same
     * record.
     */
    void fireTimer(final CommandSlot slot, final TimerScheduled timer, final Object command, final CommandType type,
        final String aggregateId)
    {
        slot.request(command, type, aggregateId, SendOptions.defaults().idempotencyKey(timer.sendKey()),
            Durability.JOURNALED, null);
        slot.timer = timer;
        process(slot);
    }

    /**
     * Journal that a timer fired without its command: the command was rejected, or cannot be sent (the reason says
     * why), so the timer is done and fires no more; its saga, if any, hears of the failure in the same record.
     */
    void fireTimerAlone(final CommandSlot slot, final TimerScheduled timer, final String reason)
    {
        slot.clearResult();
        slot.idempotencyKey = null;
        slot.durability = Durability.JOURNALED;
        slot.timer = timer;
        // the reason is journaled twice (the timer's, its saga's): a handler's may be any size
        final String kept = null != reason && reason.length() > MAX_REASON_CHARS ?
            reason.substring(0, MAX_REASON_CHARS) + "... (" + reason.length() + " characters)" : reason;
        decision.reset(store.load(store.type(Timers.class), TimerScheduled.AGGREGATE_ID), clock.nanoTime(),
            slot.eventPool);
        decision.timerFired(timer, kept);
        decision.replyToSaga(timer, kept);
        String unwritable = journalAndApply(slot);
        if (null != unwritable)
        {
            // the saga's reaction cannot be journaled either: the timer fires alone, or it would stay due for ever
            // and hold back every timer due after it
            decision.reset(store.load(store.type(Timers.class), TimerScheduled.AGGREGATE_ID), clock.nanoTime(),
                slot.eventPool);
            decision.timerFired(timer, "its record could not be journaled: " + unwritable);
            unwritable = journalAndApply(slot);
        }
        if (null != unwritable)
        {
            reject(slot, unwritable);
        }
    }

    /**
     * Journal the decision's record and apply its events.
     *
     * @return null if it was journaled or the journal refused it (the slot is then rejected); else why the record
     *         cannot be written at all, whatever the journal's state, and nothing is done: the caller rejects it.
     */
    private String journalAndApply(final CommandSlot slot)
    {
        final int length;
        try
        {
            length = encode(slot);
        }
        catch (final RuntimeException ex)
        {
            return "cannot encode the events: " + ex.getMessage();
        }
        if (length > maxRecordBytes)
        {
            return "the events take " + length + " bytes, over the journal's maxRecordBytes " + maxRecordBytes;
        }
        final long position;
        try
        {
            position = batch.append(writer);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
            reject(slot, "the journal refused the record: " + ex.getMessage());
            return null;
        }
        // The bookkeeping comes right after the append, so nothing that runs later can undo it: the key is
        // remembered, the SYNCED result waits for the batch's sync, and the result is in the slot.
        batch.track(slot);
        leadership.recorded(epoch, position);
        final DecisionBuffer.Participant target = decision.participant(0);
        final long version = target.entry.version + target.eventCount;
        if (null != slot.idempotencyKey)
        {
            idempotency.remember(slot.idempotencyKey, position, version);
        }
        if (slot.durability == Durability.SYNCED)
        {
            awaitSync(slot, position);
        }
        accept(slot, position, version, false);
        slot.recordCrc = writer.buffer().getInt(RECORD_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        // each step below reports its own failures and goes on
        apply(slot, position);
        notifyListeners(position, length);
        leadership.applied(position, errorHandler);
        return null;
    }

    /** The slot's result waits for the sync at the end of the batch, which covers the position. */
    private void awaitSync(final CommandSlot slot, final long position)
    {
        pendingSyncPosition = Math.max(pendingSyncPosition, position);
        pendingSyncSlots.add(slot);
    }

    private int encode(final CommandSlot slot)
    {
        writer.begin(epoch, decision.timestampNs(), ++correlationId, 0);
        for (int i = 0, size = decision.participantCount(); i < size; i++)
        {
            final DecisionBuffer.Participant participant = decision.participant(i);
            final AggregateEntry entry = participant.entry;
            if (null != entry.key)
            {
                writer.aggregate(entry.key, entry.keyLength, entry.key0, entry.key1,
                    entry.version + participant.eventCount);
            }
            else
            {
                writer.aggregate(entry.id, entry.version + participant.eventCount);
            }
        }
        for (int i = 0, count = decision.eventCount(); i < count; i++)
        {
            writer.event(decision.owner(i).index, decision.applier(i).codec(registry), decision.event(i));
        }
        writer.idempotencyKey(slot.idempotencyKey);
        return writer.finish();
    }

    private void apply(final CommandSlot slot, final long position)
    {
        for (int i = 0, count = decision.eventCount(); i < count; i++)
        {
            final Object event = decision.event(i);
            final AggregateEntry entry = decision.owner(i).entry;
            try
            {
                decision.applier(i).apply.accept(entry.state, event);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(new EngineException("apply(" + event.getClass().getSimpleName() + ") of " +
                    entry.id + " threw after the event was journaled at " + PositionFormat.position(position), t));
            }
            entry.version++;
            store.keep(entry);
            slot.addEvent(event, entry.id, entry.version);
        }
        counters.events(decision.eventCount());
    }

    private void notifyListeners(final long position, final int length)
    {
        if (journalListeners.isEmpty())
        {
            return;
        }
        try
        {
            view.wrap(writer.buffer(), 0, length);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(new EngineException("the record journaled at " + PositionFormat.position(position) +
                " could not be shown " +
                "to the journal listeners", ex));
            return;
        }
        for (int i = 0, size = journalListeners.size(); i < size; i++)
        {
            try
            {
                journalListeners.get(i).onJournaled(position, view);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
    }

    /**
     * Called at the end of each ring batch: the batch's records are written to the journal, then one sync covers
     * every SYNCED command of the batch.
     */
    void endOfBatch()
    {
        commandsEnded();
        if (!batch.commit())
        {
            // records lost with a document that could not be written are not synced: their slots are rejected
            pendingSyncPosition = Journal.NULL_POSITION;
            for (int i = 0, size = pendingSyncSlots.size(); i < size; i++)
            {
                final CommandSlot slot = pendingSyncSlots.get(i);
                if (slot.status == Outcome.Status.ACCEPTED)
                {
                    pendingSyncPosition = Math.max(pendingSyncPosition, slot.position);
                }
            }
        }
        if (pendingSyncPosition != Journal.NULL_POSITION)
        {
            final long position = pendingSyncPosition;
            pendingSyncPosition = Journal.NULL_POSITION;
            try
            {
                journal.sync(position);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
                for (int i = 0, size = pendingSyncSlots.size(); i < size; i++)
                {
                    final CommandSlot slot = pendingSyncSlots.get(i);
                    if (slot.status == Outcome.Status.ACCEPTED)
                    {
                        slot.status = Outcome.Status.SYNC_FAILED;
                        slot.reason = "journaled at " + PositionFormat.position(slot.position) +
                            " but the sync to storage failed: " +
                            ex.getMessage();
                    }
                }
            }
        }
        pendingSyncSlots.clear();
    }

    /**
     * Make this engine the primary: start the next epoch with an epoch record (no aggregates, no events). Nothing
     * changes if it is the primary already.
     *
     * @param minimumEpoch the new epoch is at least this (an epoch this engine heard of but holds no record of).
     * @return the engine's epoch.
     */
    long promote(final CommandSlot slot, final long minimumEpoch)
    {
        if (leadership.role() == EngineRole.PRIMARY)
        {
            return epoch;
        }
        final long newEpoch = Math.max(leadership.nextEpoch(), minimumEpoch);
        beginEpoch(slot, newEpoch);
        return newEpoch;
    }

    /**
     * Lead exactly the epoch given: journal its epoch record and take commands. A standby becomes the primary; a
     * primary goes on in the newer epoch, and results waiting for its standby keep waiting.
     *
     * @param newEpoch the epoch, above every epoch this engine has journaled or followed.
     * @return the position of the epoch record.
     * @throws EngineException if the epoch is not above them; nothing is journaled.
     */
    long lead(final CommandSlot slot, final long newEpoch)
    {
        final long lowest = leadership.nextEpoch();
        if (newEpoch < lowest)
        {
            throw new EngineException("cannot lead epoch " + newEpoch + ": this engine is at epoch " +
                (lowest - 1) + ", so its next epoch must be " + lowest + " or above");
        }
        return beginEpoch(slot, newEpoch);
    }

    /** Journal the epoch record (no aggregates, no events) that begins an epoch, and take commands in it. */
    private long beginEpoch(final CommandSlot slot, final long newEpoch)
    {
        writer.begin(newEpoch, clock.nanoTime(), ++correlationId, 0);
        writer.finish();
        final long position = batch.append(writer);
        // the request's answer waits for the epoch record's document: if it is lost, the request fails with it
        slot.position = position;
        batch.track(slot);
        epoch = newEpoch;
        leadership.recorded(newEpoch, position);
        leadership.applied(position, errorHandler);
        leadership.role(EngineRole.PRIMARY);
        return position;
    }

    long stateHash()
    {
        return store.stateHash();
    }

    private void accept(final CommandSlot slot, final long position, final long version, final boolean duplicate)
    {
        slot.status = Outcome.Status.ACCEPTED;
        slot.position = position;
        slot.version = version;
        slot.duplicate = duplicate;
        counters.accepted();
    }

    private void reject(final CommandSlot slot, final String reason)
    {
        slot.status = Outcome.Status.REJECTED;
        slot.reason = reason;
        counters.rejected();
    }

    private static String describe(final Throwable t)
    {
        final String message = t.getMessage();
        return null == message || message.isEmpty() ? t.getClass().getName() : message;
    }
}
