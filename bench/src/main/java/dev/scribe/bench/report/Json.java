package dev.scribe.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON reader and writer, enough for JMH's result files and the benchmark report's data: objects are
 * {@link Map}s in field order, arrays {@link List}s, numbers {@link Double}s when read, and strings, booleans and null
 * themselves.
 */
public final class Json
{
    private final String text;
    private int index;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * Parse one JSON value.
     *
     * @param text the JSON text.
     * @return the value: a map, list, double, string, boolean or null.
     * @throws IllegalArgumentException at the first character that is not valid JSON, naming its offset.
     */
    public static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.value();
        json.skipWhitespace();
        if (json.index != text.length())
        {
            throw json.error("trailing characters");
        }
        return value;
    }

    /**
     * Write a value as JSON, objects and arrays indented by two spaces a level.
     *
     * @param value a map with string keys, a collection, a number, a string, a boolean or null; a number that is not
     *              finite (NaN, an infinity) is written as null, which JSON has instead.
     * @return the JSON text.
     * @throws IllegalArgumentException naming the type of a value that has no JSON form.
     */
    public static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(final Object value, final StringBuilder out, final int depth)
    {
        if (null == value || value instanceof Boolean)
        {
            out.append(value);
        }
        else if (value instanceof Number)
        {
            writeNumber((Number)value, out);
        }
        else if (value instanceof CharSequence)
        {
            writeString(value.toString(), out);
        }
        else if (value instanceof Map)
        {
            writeObject((Map<?, ?>)value, out, depth);
        }
        else if (value instanceof Collection)
        {
            writeArray((Collection<?>)value, out, depth);
        }
        else
        {
            throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
        }
    }

    private static void writeNumber(final Number number, final StringBuilder out)
    {
        final double value = number.doubleValue();
        if (!Double.isFinite(value))
        {
            out.append("null");
        }
        else if (number instanceof Long || number instanceof Integer || value == Math.rint(value) &&
            Math.abs(value) < 1e15)
        {
            out.append(number.longValue());
        }
        else
        {
            out.append(value);
        }
    }

    private static void writeObject(final Map<?, ?> map, final StringBuilder out, final int depth)
    {
        if (map.isEmpty())
        {
            out.append("{}");
            return;
        }
        out.append('{');
        String separator = "\n";
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            out.append(separator);
            indent(out, depth + 1);
            writeString(String.valueOf(entry.getKey()), out);
            out.append(": ");
            write(entry.getValue(), out, depth + 1);
            separator = ",\n";
        }
        out.append('\n');
        indent(out, depth);
        out.append('}');
    }

    private static void writeArray(final Collection<?> list, final StringBuilder out, final int depth)
    {
        if (list.isEmpty())
        {
            out.append("[]");
            return;
        }
        final boolean flat = list.stream().allMatch(element -> element instanceof Number);
        out.append('[');
        String separator = flat ? "" : "\n";
        for (final Object element : list)
        {
            out.append(separator);
            if (!flat)
            {
                indent(out, depth + 1);
            }
            write(element, out, depth + 1);
            separator = flat ? ", " : ",\n";
        }
        if (!flat)
        {
            out.append('\n');
            indent(out, depth);
        }
        out.append(']');
    }

    private static void writeString(final String text, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || '<' == c)
                    {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                    break;
            }
        }
        out.append('"');
    }

    private static void indent(final StringBuilder out, final int depth)
    {
        out.append("  ".repeat(depth));
    }

    private Object value()
    {
        skipWhitespace();
        if (index >= text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(index);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        index++;
        skipWhitespace();
        if (peek('}'))
        {
            index++;
            return map;
        }
        while (true)
        {
            skipWhitespace();
            final String key = string();
            skipWhitespace();
            expect(':');
            map.put(key, value());
            skipWhitespace();
            if (peek(','))
            {
                index++;
            }
            else
            {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        index++;
        skipWhitespace();
        if (peek(']'))
        {
            index++;
            return list;
        }
        while (true)
        {
            list.add(value());
            skipWhitespace();
            if (peek(','))
            {
                index++;
            }
            else
            {
                expect(']');
                return list;
            }
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder builder = new StringBuilder();
        while (index < text.length())
        {
            final char c = text.charAt(index++);
            if ('"' == c)
            {
                return builder.toString();
            }
            if ('\\' != c)
            {
                builder.append(c);
                continue;
            }
            if (index >= text.length())
            {
                break;
            }
            final char escaped = text.charAt(index++);
            switch (escaped)
            {
                case 'b':
                    builder.append('\b');
                    break;
                case 'f':
                    builder.append('\f');
                    break;
                case 'n':
                    builder.append('\n');
                    break;
                case 'r':
                    builder.append('\r');
                    break;
                case 't':
                    builder.append('\t');
                    break;
                case 'u':
                    if (index + 4 > text.length())
                    {
                        throw error("short \\u escape");
                    }
                    builder.append((char)Integer.parseInt(text.substring(index, index + 4), 16));
                    index += 4;
                    break;
                default:
                    builder.append(escaped);
                    break;
            }
        }
        throw error("unterminated string");
    }

    private Double number()
    {
        final int start = index;
        while (index < text.length() && "+-0123456789.eE".indexOf(text.charAt(index)) >= 0)
        {
            index++;
        }
        try
        {
            return Double.valueOf(text.substring(start, index));
        }
        catch (final NumberFormatException ex)
        {
            index = start;
            throw error("not a value");
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, index))
        {
            throw error("not a value");
        }
        index += word.length();
        return value;
    }

    private void skipWhitespace()
    {
        while (index < text.length() && Character.isWhitespace(text.charAt(index)))
        {
            index++;
        }
    }

    private boolean peek(final char c)
    {
        return index < text.length() && text.charAt(index) == c;
    }

    private void expect(final char c)
    {
        if (!peek(c))
        {
            throw error("expected '" + c + "'");
        }
        index++;
    }

    private IllegalArgumentException error(final String message)
    {
        return new IllegalArgumentException("invalid JSON at offset " + index + ": " + message);
    }
}
