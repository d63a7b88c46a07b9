package dev.scribe.journal;

/**
 * How journal positions and state hashes are written for people, and read back from them: each as 16 lower-case
 * hexadecimal digits, the 64 bits of the value in full. A position so written is the same text as in a snapshot
 * file's name ({@code snapshot-00004e9b0000002a.bin}), sorts as the positions do, and keeps its cycle in the leading
 * digits and its sequence in the trailing ones; tools that know the journal's roll cycle add them in words, as
 * {@code 00004e9b0000002a (cycle 20123, sequence 42)}.
 *
 * <pre>
 *   position   00004e9b0000002a    none for Journal.NULL_POSITION
 *   state hash 9f3c0a17d2e4b508
 * </pre>
 *
 * {@link #parsePosition} takes that form back, and also {@code 0x} followed by 1 to 16 hex digits, or a plain decimal
 * number as tools printed positions before (any length but 16 digits: 16 digits are read as the hex form).
 * {@link #parseHash} takes 16 hex digits, {@code 0x} followed by 1 to 16, or a decimal number, signed, as hashes
 * were once printed. Anything else is refused with an {@link IllegalArgumentException} that shows the form expected.
 */
public final class PositionFormat
{
    /** How many hex digits a position or a hash is written with. */
    public static final int DIGITS = 16;
    /** How {@link Journal#NULL_POSITION} is written. */
    public static final String NONE = "none";

    private static final String HEX = "0123456789abcdef";
    private static final int BITS_PER_DIGIT = 4;
    private static final int DIGIT_MASK = 0xf;

    private PositionFormat()
    {
    }

    /**
     * A position as people read it.
     *
     * @param position a journal position, or {@link Journal#NULL_POSITION}.
     * @return 16 hex digits; {@value #NONE} for {@link Journal#NULL_POSITION}; any other negative number, which is
     *         no position, in decimal with its sign, so that a message about a wrong value shows it as given.
     */
    public static String position(final long position)
    {
        if (Journal.NULL_POSITION == position)
        {
            return NONE;
        }
        return position < 0 ? Long.toString(position) : hex(position);
    }

    /**
     * A state hash as people read it.
     *
     * @param hash the hash.
     * @return 16 hex digits, the hash's bits unsigned.
     */
    public static String hash(final long hash)
    {
        return hex(hash);
    }

    /**
     * Read a position back.
     *
     * @param text 16 hex digits, {@code 0x} and up to 16 hex digits, or a decimal number.
     * @return the position, 0 or more.
     * @throws IllegalArgumentException naming the text and the form expected, if it is no position.
     */
    public static long parsePosition(final String text)
    {
        final long position = parse(text, false);
        if (position < 0)
        {
            throw wrong(text, "position", "a position is never negative");
        }
        return position;
    }

    /**
     * Read a state hash back.
     *
     * @param text 16 hex digits, {@code 0x} and up to 16 hex digits, or a decimal number, signed.
     * @return the hash.
     * @throws IllegalArgumentException naming the text and the form expected, if it is no hash.
     */
    public static long parseHash(final String text)
    {
        return parse(text, true);
    }

    private static String hex(final long value)
    {
        final char[] digits = new char[DIGITS];
        long rest = value;
        for (int i = DIGITS - 1; i >= 0; i--)
        {
            digits[i] = HEX.charAt((int)(rest & DIGIT_MASK));
            rest >>>= BITS_PER_DIGIT;
        }
        return new String(digits);
    }

    private static long parse(final String text, final boolean signed)
    {
        final String what = signed ? "state hash" : "position";
        if (null == text || text.isEmpty())
        {
            throw wrong("", what, "it is empty");
        }
        if (text.startsWith("0x") || text.startsWith("0X"))
        {
            return hexDigits(text, 2, what);
        }
        if (DIGITS == text.length() && '-' != text.charAt(0) && '+' != text.charAt(0))
        {
            return hexDigits(text, 0, what);
        }
        final boolean negative = text.startsWith("-");
        final int start = negative || text.startsWith("+") ? 1 : 0;
        if (start == text.length() || !allDecimal(text, start) || (negative && !signed))
        {
            throw wrong(text, what, negative ? "a position is never negative" : null);
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw wrong(text, what, "it does not fit 64 bits");
        }
    }

    private static boolean allDecimal(final String text, final int from)
    {
        for (int i = from; i < text.length(); i++)
        {
            if (text.charAt(i) < '0' || text.charAt(i) > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static long hexDigits(final String text, final int from, final String what)
    {
        final int count = text.length() - from;
        if (count < 1 || count > DIGITS)
        {
            throw wrong(text, what, count < 1 ? "no digits follow 0x" : "more than " + DIGITS + " hex digits");
        }
        long value = 0;
        for (int i = from; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final int digit = c < 128 ? Character.digit(c, DIGITS) : -1; // ASCII only, as printed
            if (digit < 0)
            {
                throw wrong(text, what, "'" + text.charAt(i) + "' is not a hex digit");
            }
            value = (value << BITS_PER_DIGIT) | digit;
        }
        return value;
    }

    private static IllegalArgumentException wrong(final String text, final String what, final String why)
    {
        return new IllegalArgumentException("'" + printable(text) + "' is not a " + what + (null == why ? "" :
            " (" + why + ")") + ": expected " + DIGITS + " hex digits as the tools print it, such as " +
            hex(0x4e9b_0000_002aL) + ", or a decimal number");
    }

    private static String printable(final String text)
    {
        final StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < 2 * DIGITS + 8; i++)
        {
            final char c = text.charAt(i);
            shown.append(c < ' ' || c == 0x7f ? '?' : c);
        }
        return text.length() > shown.length() ? shown + "..." : shown.toString();
    }
}
