package dev.scribe.engine;

import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.codecs.payload.RecordCodec;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * What the engine knows, resolved once at launch: aggregate types, the aggregate type each event belongs to, the
 * codec of each event, and each command's handler. Immutable after construction, so any thread may read it.
 */
final class Registry
{
    private final Map<Class<?>, AggregateType> aggregates = new IdentityHashMap<>();
    private final Map<Class<?>, AggregateType> aggregateByEvent = new IdentityHashMap<>();
    private final Map<Class<?>, CommandType> commands = new IdentityHashMap<>();
    private final Map<String, CommandType> commandsByName = new HashMap<>();
    private final Int2ObjectHashMap<CommandType> binaryCommands = new Int2ObjectHashMap<>();
    private final CodecRegistry codecs = new CodecRegistry();
    private final EventVersions versions;
    private final List<AggregateType> aggregateTypes;
    private final List<Class<?>> pooledEvents;
    private final List<Class<?>> unpinnedEvents = new ArrayList<>();
    private final SagaRunner sagas;

    Registry(
        final List<AggregateType> aggregateTypes,
        final List<CommandType> commandTypes,
        final Map<Class<?>, Integer> pinnedTypeIds,
        final List<PayloadCodec<?>> customCodecs,
        final EventVersions versions,
        final List<Saga<?>> sagas)
    {
        this.versions = versions;
        // the engine's own timers aggregate comes last, after the application's
        final List<AggregateType> withTimers = new ArrayList<>(aggregateTypes);
        withTimers.add(new AggregateType(Timers.class, Timers::new));
        withTimers.add(new AggregateType(SagaInstance.class, SagaInstance::new));
        this.aggregateTypes = List.copyOf(withTimers);
        for (final AggregateType type : this.aggregateTypes)
        {
            if (null != aggregates.put(type.type(), type))
            {
                throw new IllegalArgumentException("aggregate " + type.type().getName() + " is registered twice");
            }
            for (final Class<?> eventType : type.eventTypes())
            {
                final AggregateType other = aggregateByEvent.put(eventType, type);
                if (null != other)
                {
                    throw new IllegalArgumentException("event " + eventType.getName() + " is applied by both " +
                        other.type().getName() + " and " + type.type().getName() +
                        "; give each aggregate type its own event types");
                }
            }
        }
        pooledEvents = List.copyOf(EventPool.poolable(aggregateByEvent.keySet()));
        for (final PayloadCodec<?> codec : customCodecs)
        {
            codecs.register(codec);
        }
        final Map<Class<?>, Integer> pinned = new IdentityHashMap<>(pinnedTypeIds);
        pinned.put(TimerScheduled.class, TimerScheduled.TYPE_ID);
        pinned.put(TimerFired.class, TimerFired.TYPE_ID);
        pinned.put(TimerCancelled.class, TimerCancelled.TYPE_ID);
        pinned.put(SagaStarted.class, SagaStarted.TYPE_ID);
        pinned.put(SagaStepStarted.class, SagaStepStarted.TYPE_ID);
        pinned.put(SagaStepEnded.class, SagaStepEnded.TYPE_ID);
        pinned.put(SagaTimedOut.class, SagaTimedOut.TYPE_ID);
        pinned.put(SagaEnded.class, SagaEnded.TYPE_ID);
        pinned.put(EffectRequested.class, EffectRequested.TYPE_ID);
        registerEventCodecs(pinned);
        try
        {
            versions.registerInto(codecs);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("event versions: " + ex.getMessage(), ex);
        }
        for (final CommandType command : commandTypes)
        {
            resolve(command, aggregateTypes); // the application's aggregates only
        }
        this.sagas = new SagaRunner(sagas);
        final Function<SagaSignal, String> signalled = SagaSignal::saga;
        final CommandHandler<SagaSignal, SagaInstance> signal = this.sagas::signal;
        resolve(new CommandType(SagaSignal.class, SagaInstance.class, signalled, signal), this.aggregateTypes);
        final Function<SagaTimeout, String> timedOut = SagaTimeout::saga;
        final CommandHandler<SagaTimeout, SagaInstance> timeout = this.sagas::timeout;
        resolve(new CommandType(SagaTimeout.class, SagaInstance.class, timedOut, timeout), this.aggregateTypes);
    }

    private void registerEventCodecs(final Map<Class<?>, Integer> pinnedTypeIds)
    {
        final Map<Class<?>, Boolean> events = new IdentityHashMap<>();
        aggregateByEvent.keySet().forEach(type -> events.put(type, Boolean.TRUE));
        pinnedTypeIds.keySet().forEach(type -> events.put(type, Boolean.TRUE));
        for (final Class<?> eventType : events.keySet())
        {
            if (codecs.hasType(eventType))
            {
                continue;
            }
            if (!eventType.isRecord())
            {
                throw new IllegalArgumentException("event " + eventType.getName() + " is not a record; make it a " +
                    "record or register a PayloadCodec for it with EngineContext.codec");
            }
            final Integer pinned = pinnedTypeIds.get(eventType);
            final int typeId = null == pinned ? defaultTypeId(eventType) : pinned;
            registerRecord(eventType, typeId, null != pinned);
            if (null == pinned)
            {
                unpinnedEvents.add(eventType);
            }
        }
        unpinnedEvents.sort(Comparator.comparing(Class::getName));
    }

    /**
     * The event types journaled under their default type id ({@link #defaultTypeId}), by class name: those neither
     * pinned with {@code EngineContext.event} nor given a codec of their own.
     */
    List<Class<?>> unpinnedEvents()
    {
        return Collections.unmodifiableList(unpinnedEvents);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerRecord(final Class<?> eventType, final int typeId, final boolean pinned)
    {
        try
        {
            codecs.register(RecordCodec.of((Class)eventType, typeId, versions.versionOf(eventType)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("event " + eventType.getName() + (pinned ? " with type id " :
                " with its default type id (a hash of its simple name) ") + typeId + ": " + ex.getMessage() +
                "; pin distinct ids with EngineContext.event(type, typeId)", ex);
        }
    }

    /**
     * The default type id of an event: CRC32C of its simple name, so it survives moving the class to another
     * package but not renaming it. Pin an id with {@code EngineContext.event} to rename freely.
     */
    static int defaultTypeId(final Class<?> eventType)
    {
        final CRC32C crc = new CRC32C();
        crc.update(eventType.getSimpleName().getBytes(StandardCharsets.UTF_8));
        return (int)(crc.getValue() & 0x7FFF_FFFF);
    }

    private void resolve(final CommandType command, final List<AggregateType> aggregateTypes)
    {
        if (command.binary())
        {
            if (command.binaryTypeId < 0 || null != binaryCommands.put(command.binaryTypeId, command))
            {
                throw new IllegalArgumentException("binary command type id " + command.binaryTypeId + " of " +
                    command.commandClass.getName() + " is negative or registered twice");
            }
        }
        else if (null != commands.put(command.commandClass, command))
        {
            throw new IllegalArgumentException("command " + command.commandClass.getName() + " is registered twice");
        }
        else
        {
            commandsByName.put(command.commandClass.getName(), command);
        }
        if (null == command.aggregateClass)
        {
            if (aggregateTypes.size() != 1)
            {
                throw new IllegalArgumentException("command " + command.commandClass.getName() + ": " +
                    aggregateTypes.size() + " aggregate types are registered, so register the command with its " +
                    "aggregate class: command(type, aggregateType, idOf, handler)");
            }
            command.aggregateType = aggregateTypes.get(0);
        }
        else
        {
            command.aggregateType = aggregates.get(command.aggregateClass);
            if (null == command.aggregateType)
            {
                throw new IllegalArgumentException("command " + command.commandClass.getName() + " targets " +
                    command.aggregateClass.getName() + ", which is not a registered aggregate; register it with " +
                    "EngineContext.aggregate(type, factory)");
            }
        }
    }

    CommandType command(final Class<?> commandClass)
    {
        return commands.get(commandClass);
    }

    /** The command (not binary) of a class name, or null: the command a timer carries. */
    CommandType command(final String className)
    {
        return commandsByName.get(className);
    }

    CommandType binaryCommand(final int typeId)
    {
        return binaryCommands.get(typeId);
    }

    AggregateType aggregate(final Class<?> aggregateClass)
    {
        return aggregates.get(aggregateClass);
    }

    /** Every aggregate type, in the order registered. */
    List<AggregateType> aggregateTypes()
    {
        return aggregateTypes;
    }

    AggregateType aggregateForEvent(final Class<?> eventClass)
    {
        return aggregateByEvent.get(eventClass);
    }

    /** The event classes every ring slot's {@link EventPool} holds an instance of from launch. */
    List<Class<?>> pooledEvents()
    {
        return pooledEvents;
    }

    /** The sagas, run on the business-logic thread. */
    SagaRunner sagas()
    {
        return sagas;
    }

    CodecRegistry codecs()
    {
        return codecs;
    }
}
