package dev.scribe.replication.protocol;

/**
 * Makes text that came from a peer safe to put in a log line: a peer that could write a line break, a terminal
 * escape sequence or a bidirectional override into the log could forge lines or hide what it did. Everything a peer
 * chose (a cluster id, a Reject's reason, an exception message carrying either) goes through {@link #escape} before
 * it joins a message.
 *
 * <p>The escaping is reversible and unambiguous: a backslash becomes {@code \\}; line feed, carriage return, tab and
 * escape become {@code \n}, {@code \r}, {@code \t} and {@code \e}; any other control or format character, line or
 * paragraph separator or unpaired surrogate becomes {@code \}{@code uXXXX} (or {@code \}{@code UXXXXXXXX} above the
 * basic plane). Everything else, printable non-ASCII included, is kept.
 */
public final class LogSafe
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogSafe()
    {
    }

    /**
     * Escape text for a log line.
     *
     * @param text from a peer, or null.
     * @return the escaped text, or {@code "null"}.
     */
    public static String escape(final CharSequence text)
    {
        if (null == text)
        {
            return "null";
        }
        if (isSafe(text))
        {
            return text.toString();
        }
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); )
        {
            final int codePoint = Character.codePointAt(text, i);
            append(out, codePoint);
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    /**
     * Escape text for a log line and put it in single quotes.
     *
     * @param text from a peer, or null.
     * @return the escaped text in quotes.
     */
    public static String quote(final CharSequence text)
    {
        return "'" + escape(text) + "'";
    }

    private static boolean isSafe(final CharSequence text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\' || needsEscape(c))
            {
                return false;
            }
        }
        return true;
    }

    private static void append(final StringBuilder out, final int codePoint)
    {
        switch (codePoint)
        {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x1b -> out.append("\\e");
            default ->
            {
                if (!needsEscape(codePoint))
                {
                    out.appendCodePoint(codePoint);
                }
                else if (codePoint <= 0xffff)
                {
                    out.append("\\u");
                    hex(out, codePoint, 4);
                }
                else
                {
                    out.append("\\U");
                    hex(out, codePoint, 8);
                }
            }
        }
    }

    private static boolean needsEscape(final int codePoint)
    {
        final int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR ||
            type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    private static void hex(final StringBuilder out, final int value, final int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            out.append(HEX[(value >>> shift) & 0xf]);
        }
    }
}
