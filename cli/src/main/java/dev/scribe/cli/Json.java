package dev.scribe.cli;

import dev.scribe.journal.Journal;
import dev.scribe.journal.PositionFormat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON text for {@code --json}: a value built from maps (objects, keys in the order put), lists, strings, numbers,
 * booleans and null. Positions and hashes are strings in {@link PositionFormat}'s form, so that a script reads them
 * back as the tools print them and no 64-bit value loses digits in a reader that keeps numbers as doubles.
 */
final class Json
{
    private static final int CONTROL = 0x20;

    private Json()
    {
    }

    /**
     * A new JSON object, keys kept in the order put.
     *
     * @return an empty map.
     */
    static Map<String, Object> object()
    {
        return new LinkedHashMap<>();
    }

    /**
     * A position as JSON: its {@link PositionFormat} string, or null for none.
     *
     * @param position a position, or {@link Journal#NULL_POSITION} (or any negative number) for none.
     * @return the string, or null.
     */
    static String position(final long position)
    {
        return position < 0 ? null : PositionFormat.position(position);
    }

    /**
     * A value as JSON text, on one line.
     *
     * @param value a map, list, string, number, boolean or null.
     * @return the text.
     */
    static String write(final Object value)
    {
        final StringBuilder text = new StringBuilder();
        write(text, value);
        return text.toString();
    }

    private static void write(final StringBuilder text, final Object value)
    {
        if (null == value)
        {
            text.append("null");
        }
        else if (value instanceof Map<?, ?> map)
        {
            text.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                text.append(first ? "" : ",");
                first = false;
                string(text, String.valueOf(entry.getKey()));
                text.append(':');
                write(text, entry.getValue());
            }
            text.append('}');
        }
        else if (value instanceof List<?> list)
        {
            text.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                text.append(0 == i ? "" : ",");
                write(text, list.get(i));
            }
            text.append(']');
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final double number = ((Number)value).doubleValue();
            text.append(Double.isFinite(number) ? String.format(Locale.ROOT, "%s", number) : "null");
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            text.append(value);
        }
        else
        {
            string(text, value.toString());
        }
    }

    private static void string(final StringBuilder text, final String value)
    {
        text.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default ->
                {
                    if (c < CONTROL || Character.isSurrogate(c) && !validSurrogate(value, i))
                    {
                        text.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    /** A surrogate that is half of a whole pair: printed as it is; a lone one is escaped. */
    private static boolean validSurrogate(final String value, final int i)
    {
        final char c = value.charAt(i);
        if (Character.isHighSurrogate(c))
        {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
