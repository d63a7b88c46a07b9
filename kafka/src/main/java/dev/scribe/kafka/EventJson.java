package dev.scribe.kafka;

import dev.scribe.engine.JournalEvent;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The default value of an exported record: a small JSON text of the event, UTF-8. It needs no schema and no library,
 * and never uses Java serialization.
 *
 * <ul>
 *   <li>A record becomes an object of its components, in declaration order, by name: {@code Deposited(long amount)}
 *   with 100 is {@code {"amount":100}}. Nested records nest.</li>
 *   <li>Integral numbers and {@link BigDecimal}s are JSON numbers, as are finite floats and doubles; NaN and the
 *   infinities are strings.</li>
 *   <li>Booleans are booleans and null is null.</li>
 *   <li>Arrays and {@link Iterable}s are arrays, except {@code byte[]}, which is a Base64 string; {@link Map}s are
 *   objects keyed by {@link String#valueOf} of the key.</li>
 *   <li>An enum is its {@link Enum#name()}; anything else (a string, a character, an {@link java.time.Instant}, a
 *   class that is not a record) is its {@code toString()}, as a JSON string.</li>
 * </ul>
 *
 * The event's type, aggregate, version and place in the journal travel in the record's headers and key, not in the
 * value (see {@link KafkaExport}). Give {@link KafkaExportContext#serializer} your own function for another format
 * (Avro, Protobuf, the engine's binary codecs).
 */
public final class EventJson
{
    /** Deepest nesting rendered: deeper values (a collection that holds itself, say) are refused. */
    public static final int MAX_DEPTH = 32;

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>()
    {
        @Override
        protected Component[] computeValue(final Class<?> type)
        {
            final RecordComponent[] components = type.getRecordComponents();
            final Component[] result = new Component[components.length];
            for (int i = 0; i < components.length; i++)
            {
                final Method accessor = components[i].getAccessor();
                try
                {
                    accessor.setAccessible(true);
                }
                catch (final RuntimeException ex)
                {
                    throw new IllegalArgumentException("cannot read component " + components[i].getName() + " of " +
                        type.getName() + " to render it as JSON: " + ex.getMessage(), ex);
                }
                result[i] = new Component(components[i].getName(), accessor);
            }
            return result;
        }
    };

    /** A record component: its name and its accessor. */
    private record Component(String name, Method accessor)
    {
    }

    private EventJson()
    {
    }

    /**
     * An event as JSON, UTF-8: the default {@link KafkaExportContext#serializer}.
     *
     * @param event a journal event.
     * @return the JSON text of {@link JournalEvent#event()}.
     * @throws IllegalArgumentException if a component cannot be read or the value nests deeper than
     *                                  {@value #MAX_DEPTH}.
     */
    public static byte[] render(final JournalEvent event)
    {
        return json(event.event()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A value as JSON text, by the rules above.
     *
     * @param value any value.
     * @return its JSON text.
     * @throws IllegalArgumentException if a component cannot be read or the value nests deeper than
     *                                  {@value #MAX_DEPTH}.
     */
    public static String json(final Object value)
    {
        final StringBuilder out = new StringBuilder(64);
        write(out, value, 0);
        return out.toString();
    }

    private static void write(final StringBuilder out, final Object value, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("a value nests deeper than " + MAX_DEPTH + " levels: it cannot be " +
                "rendered as JSON");
        }
        if (null == value)
        {
            out.append("null");
        }
        else if (value instanceof Boolean || value instanceof Byte || value instanceof Short ||
            value instanceof Integer || value instanceof Long || value instanceof BigInteger)
        {
            out.append(value);
        }
        else if (value instanceof BigDecimal decimal)
        {
            out.append(decimal.toString());
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final double number = ((Number)value).doubleValue();
            if (Double.isFinite(number))
            {
                out.append(value);
            }
            else
            {
                string(out, value.toString());
            }
        }
        else if (value instanceof Enum<?> constant)
        {
            string(out, constant.name());
        }
        else if (value instanceof byte[] bytes)
        {
            string(out, Base64.getEncoder().encodeToString(bytes));
        }
        else
        {
            writeStructure(out, value, depth);
        }
    }

    private static void writeStructure(final StringBuilder out, final Object value, final int depth)
    {
        if (value.getClass().isRecord())
        {
            out.append('{');
            final Component[] components = COMPONENTS.get(value.getClass());
            for (int i = 0; i < components.length; i++)
            {
                if (i > 0)
                {
                    out.append(',');
                }
                string(out, components[i].name());
                out.append(':');
                write(out, read(value, components[i]), depth + 1);
            }
            out.append('}');
        }
        else if (value instanceof Map<?, ?> map)
        {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                if (!first)
                {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(entry.getKey()));
                out.append(':');
                write(out, entry.getValue(), depth + 1);
            }
            out.append('}');
        }
        else if (value instanceof Iterable<?> iterable)
        {
            out.append('[');
            boolean first = true;
            for (final Object element : iterable)
            {
                if (!first)
                {
                    out.append(',');
                }
                first = false;
                write(out, element, depth + 1);
            }
            out.append(']');
        }
        else if (value.getClass().isArray())
        {
            out.append('[');
            final int length = Array.getLength(value);
            for (int i = 0; i < length; i++)
            {
                if (i > 0)
                {
                    out.append(',');
                }
                write(out, Array.get(value, i), depth + 1);
            }
            out.append(']');
        }
        else
        {
            string(out, value.toString());
        }
    }

    private static Object read(final Object record, final Component component)
    {
        try
        {
            return component.accessor().invoke(record);
        }
        catch (final IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalArgumentException("cannot read component " + component.name() + " of " +
                record.getClass().getName() + " to render it as JSON: " + ex, ex);
        }
    }

    private static void string(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default ->
                {
                    if (c < 0x20 || 0x2028 == c || 0x2029 == c)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
