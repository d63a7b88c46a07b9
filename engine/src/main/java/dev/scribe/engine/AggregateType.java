package dev.scribe.engine;

import org.agrona.collections.Object2ObjectHashMap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One aggregate class: how to make a new one and the {@code apply} method for each event type, resolved once.
 */
final class AggregateType
{
    private static final int SCANNED_APPLIERS = 8;

    private final Class<? extends Aggregate> type;
    private final Supplier<? extends Aggregate> factory;
    private final Object2ObjectHashMap<Class<?>, EventApplier> applyByEvent = new Object2ObjectHashMap<>();
    /** The same appliers in an array: a few event types are found faster by a scan than by hashing. */
    private EventApplier[] appliers = new EventApplier[0];

    AggregateType(final Class<? extends Aggregate> type, final Supplier<? extends Aggregate> factory)
    {
        this.type = type;
        this.factory = factory;
        resolveApplyMethods();
    }

    private void resolveApplyMethods()
    {
        for (Class<?> c = type; null != c && c != Object.class; c = c.getSuperclass())
        {
            for (final Method method : c.getDeclaredMethods())
            {
                if (method.getName().equals("apply") && method.getParameterCount() == 1 &&
                    !Modifier.isStatic(method.getModifiers()) && method.getReturnType() == void.class &&
                    !method.isBridge() && !method.isSynthetic())
                {
                    addApply(method);
                }
            }
        }
        if (applyByEvent.isEmpty())
        {
            throw new IllegalArgumentException("aggregate " + type.getName() +
                " has no apply methods; give it one void apply(EventType event) per event type");
        }
    }

    private void addApply(final Method method)
    {
        final MethodHandle handle;
        try
        {
            method.setAccessible(true);
            handle = MethodHandles.lookup().unreflect(method)
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
        }
        catch (final IllegalAccessException | RuntimeException ex)
        {
            throw new IllegalArgumentException("cannot use " + type.getName() + "." + method.getName() + "(" +
                method.getParameterTypes()[0].getSimpleName() + "): " + ex.getMessage(), ex);
        }
        final BiConsumer<Object, Object> apply = EventApplier.bind(method, handle);
        for (final Class<?> eventType : concreteTypes(method.getParameterTypes()[0]))
        {
            if (!applyByEvent.containsKey(eventType))
            {
                final EventApplier applier = new EventApplier(eventType, apply);
                applyByEvent.put(eventType, applier);
                appliers = Arrays.copyOf(appliers, appliers.length + 1);
                appliers[appliers.length - 1] = applier;
            }
        }
    }

    /** The concrete event types a parameter type stands for: itself, or the permitted subclasses of a sealed type. */
    private static List<Class<?>> concreteTypes(final Class<?> parameterType)
    {
        final List<Class<?>> types = new ArrayList<>();
        if (parameterType.isSealed())
        {
            for (final Class<?> permitted : parameterType.getPermittedSubclasses())
            {
                types.addAll(concreteTypes(permitted));
            }
        }
        else
        {
            types.add(parameterType);
        }
        return types;
    }

    /** Whether this is one of the engine's own aggregates (timers, saga runs), whose ids start with '$'. */
    boolean builtIn()
    {
        return type == Timers.class || type == SagaInstance.class;
    }

    Class<? extends Aggregate> type()
    {
        return type;
    }

    Aggregate create()
    {
        final Aggregate aggregate = factory.get();
        if (null == aggregate || aggregate.getClass() != type)
        {
            throw new IllegalStateException("the factory of " + type.getName() + " returned " +
                (null == aggregate ? "null" : aggregate.getClass().getName()));
        }
        return aggregate;
    }

    boolean applies(final Class<?> eventType)
    {
        return null != applier(eventType);
    }

    /**
     * How this aggregate applies an event class.
     *
     * @param eventType the event's class.
     * @return the applier, or null if the aggregate has no {@code apply} for it.
     */
    EventApplier applier(final Class<?> eventType)
    {
        final EventApplier[] appliers = this.appliers;
        if (appliers.length <= SCANNED_APPLIERS)
        {
            for (final EventApplier applier : appliers)
            {
                if (applier.eventType == eventType)
                {
                    return applier;
                }
            }
            return null;
        }
        return applyByEvent.get(eventType);
    }

    Iterable<Class<?>> eventTypes()
    {
        return applyByEvent.keySet();
    }

    void apply(final Aggregate aggregate, final Object event) throws Throwable
    {
        applier(event.getClass()).apply.accept(aggregate, event);
    }
}
