package dev.scribe.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for tests (RFC 8259: one value, whitespace around it, nothing else): objects as maps, arrays
 * as lists, numbers as {@link BigDecimal}, strings, booleans and null. Anything else fails with the offset.
 */
final class JsonReader
{
    private final String text;
    private int at;

    private JsonReader(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final JsonReader reader = new JsonReader(text);
        reader.space();
        final Object value = reader.value();
        reader.space();
        if (reader.at != text.length())
        {
            throw reader.wrong("text after the value");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final String text)
    {
        final Object value = parse(text);
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>)value;
    }

    private Object value()
    {
        if (at >= text.length())
        {
            throw wrong("a value");
        }
        final char c = text.charAt(at);
        return switch (c)
        {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (peek('}'))
        {
            at++;
            return map;
        }
        while (true)
        {
            space();
            if (!peek('"'))
            {
                throw wrong("a key");
            }
            final String key = string();
            space();
            expect(':');
            space();
            if (map.containsKey(key))
            {
                throw wrong("a key given once: " + key);
            }
            map.put(key, value());
            space();
            if (peek(','))
            {
                at++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        at++;
        space();
        if (peek(']'))
        {
            at++;
            return list;
        }
        while (true)
        {
            space();
            list.add(value());
            space();
            if (peek(','))
            {
                at++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            if (at >= text.length())
            {
                throw wrong("the end of a string");
            }
            final char c = text.charAt(at++);
            if (c == '"')
            {
                return out.toString();
            }
            if (c < 0x20)
            {
                throw wrong("no control character in a string");
            }
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            final char e = text.charAt(at++);
            switch (e)
            {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' ->
                {
                    out.append((char)Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw wrong("an escape");
            }
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, at))
        {
            throw wrong(word);
        }
        at += word.length();
        return value;
    }

    private BigDecimal number()
    {
        final int start = at;
        if (peek('-'))
        {
            at++;
        }
        if (peek('0'))
        {
            at++;
        }
        else
        {
            digits();
        }
        if (peek('.'))
        {
            at++;
            digits();
        }
        if (peek('e') || peek('E'))
        {
            at++;
            if (peek('+') || peek('-'))
            {
                at++;
            }
            digits();
        }
        return new BigDecimal(text.substring(start, at));
    }

    private void digits()
    {
        final int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at)))
        {
            at++;
        }
        if (start == at)
        {
            throw wrong("a digit");
        }
    }

    private void space()
    {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0)
        {
            at++;
        }
    }

    private boolean peek(final char c)
    {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(final char c)
    {
        if (!peek(c))
        {
            throw wrong("'" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException wrong(final String expected)
    {
        return new IllegalArgumentException("not JSON: expected " + expected + " at offset " + at + " of: " + text);
    }
}
