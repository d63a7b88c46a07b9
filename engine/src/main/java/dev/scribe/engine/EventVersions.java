package dev.scribe.engine;

import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.RecordCodec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How event classes evolved: the current version of an event (1 unless set), the classes of its older versions
 * still found in journals, and the upcasters that turn each older version into the next. Replay and standbys read
 * an old event with its old class and upcast it, so handlers and aggregates only ever see current classes. A
 * missing step is an error at launch.
 *
 * <pre>{@code
 * new EngineContext()
 *     .events(new EventVersions()
 *         .current(Deposited.class, 2)                               // Deposited(long amount, String reference)
 *         .previous(DepositedV1.class, 1, Deposited.class)           // DepositedV1(long amount), as journaled
 *         .upcaster(DepositedV1.class, v1 -> new Deposited(v1.amount(), "")))
 * }</pre>
 */
public final class EventVersions
{
    private final Map<Class<?>, Integer> current = new IdentityHashMap<>();
    private final List<Previous> previous = new ArrayList<>();
    private final Map<Class<?>, Function<Object, Object>> upcasters = new IdentityHashMap<>();

    private record Previous(Class<? extends Record> type, int version, Class<?> currentType)
    {
    }

    /**
     * Set the version an event class is journaled at now.
     *
     * @param type    the current event class.
     * @param version its version, 1 to 65535.
     * @return this.
     */
    public EventVersions current(final Class<?> type, final int version)
    {
        if (version < 1 || version > 0xFFFF)
        {
            throw new IllegalArgumentException("version of " + type.getName() + " must be 1..65535: " + version);
        }
        current.put(type, version);
        return this;
    }

    /**
     * Register the class of an older version of an event, as it was journaled; it shares the current class's type
     * id.
     *
     * @param type        the old class, a record with the fields of that version.
     * @param version     the version it was journaled at.
     * @param currentType the current class of the same event.
     * @return this.
     */
    public EventVersions previous(final Class<? extends Record> type, final int version, final Class<?> currentType)
    {
        previous.add(new Previous(type, version, currentType));
        return this;
    }

    /**
     * Register the step from an older version's class to the next version (an older class, or the current one).
     *
     * @param from the older class.
     * @param step turns a value of it into the next version.
     * @param <A>  the older class.
     * @return this.
     */
    @SuppressWarnings("unchecked")
    public <A> EventVersions upcaster(final Class<A> from, final Function<? super A, ?> step)
    {
        if (null != upcasters.put(from, (Function<Object, Object>)step))
        {
            throw new IllegalArgumentException("an upcaster from " + from.getName() + " is already registered");
        }
        return this;
    }

    int versionOf(final Class<?> type)
    {
        return current.getOrDefault(type, 1);
    }

    /** Register the older versions and their upcasters, once the current codecs are in the registry; then check. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void registerInto(final CodecRegistry codecs)
    {
        for (final Previous old : previous)
        {
            if (!codecs.hasType(old.currentType()))
            {
                throw new IllegalArgumentException(old.type().getName() + " is an older version of " +
                    old.currentType().getName() + ", which is not a registered event");
            }
            final int typeId = codecs.codecFor(old.currentType()).typeId();
            codecs.registerPrevious(RecordCodec.of((Class)old.type(), typeId, old.version()));
            final Function<Object, Object> step = upcasters.get(old.type());
            if (null != step)
            {
                codecs.upcaster(typeId, old.version(), (Class)old.type(), step);
            }
        }
        for (final Class<?> from : upcasters.keySet())
        {
            if (previous.stream().noneMatch(old -> old.type() == from))
            {
                throw new IllegalArgumentException("an upcaster from " + from.getName() + " is registered but " +
                    from.getName() + " is not registered as a previous version of an event");
            }
        }
        codecs.checkUpcasters();
    }
}
