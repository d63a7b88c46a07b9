package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventApplierTest
{
    private static final class Counted
    {
        private final long by;

        private Counted(final long by)
        {
            this.by = by;
        }
    }

    private static final class Counter implements Aggregate
    {
        private long total;

        private void apply(final Counted event)
        {
            if (event.by < 0)
            {
                throw new IllegalStateException("negative " + event.by);
            }
            total += event.by;
        }
    }

    private static Method applyMethod() throws NoSuchMethodException
    {
        final Method method = Counter.class.getDeclaredMethod("apply", Counted.class);
        method.setAccessible(true);
        return method;
    }

    private static MethodHandle handle(final Method method) throws IllegalAccessException
    {
        return MethodHandles.lookup().unreflect(method)
            .asType(MethodType.methodType(void.class, Object.class, Object.class));
    }

    @Test
    void aPrivateApplyIsBoundAsAGeneratedClass() throws Exception
    {
        final Method method = applyMethod();
        final BiConsumer<Object, Object> apply = EventApplier.bind(method, handle(method));
        assertTrue(apply.getClass().isHidden(), "bound as a generated class, not through the handle: " +
            apply.getClass());
        final Counter counter = new Counter();
        apply.accept(counter, new Counted(3));
        apply.accept(counter, new Counted(4));
        assertEquals(7, counter.total);
    }

    @Test
    void whatApplyThrowsArrivesUnchangedEitherWay() throws Exception
    {
        final Method method = applyMethod();
        for (final BiConsumer<Object, Object> apply :
            List.of(EventApplier.bind(method, handle(method)), EventApplier.viaHandle(handle(method))))
        {
            final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> apply.accept(new Counter(), new Counted(-1)));
            assertEquals("negative -1", thrown.getMessage());
        }
        final Counter counter = new Counter();
        EventApplier.viaHandle(handle(method)).accept(counter, new Counted(5));
        assertEquals(5, counter.total);
    }

    @Test
    void anAggregateTypeFindsEachEventsApplierAndItsCodecOnce()
    {
        final AggregateType type = new AggregateType(Counter.class, Counter::new);
        final EventApplier applier = type.applier(Counted.class);
        assertSame(Counted.class, applier.eventType);
        assertSame(applier, type.applier(Counted.class));
        assertEquals(null, type.applier(String.class));
        assertTrue(type.applies(Counted.class));
    }
}
