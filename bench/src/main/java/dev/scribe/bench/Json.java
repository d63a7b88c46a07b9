package dev.scribe.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader, enough for JMH's result files: objects become {@link Map}s in field order, arrays
 * {@link List}s, numbers {@link Double}s, and strings, booleans and null themselves.
 */
final class Json
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
     * @throws IllegalArgumentException at the first character that is not valid JSON, naming its offset.
     */
    static Object parse(final String text)
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
