package dev.scribe.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the default state hash reads JDK values: through their public API only, so it needs no reflective access to
 * the JDK and gives the same hash whatever the JVM's module flags. Each value is fed as the words below (a tag first
 * for the kinds that have one, so values of two kinds in an {@code Object} or {@code Number} field differ):
 *
 * <ul>
 *   <li>{@code Boolean}: 1 or 0; {@code Character}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long}: the
 *   value as a long; {@code Float}, {@code Double}: the bits of the value as a double (exact: every float widens to
 *   a distinct double), so 0.0 and -0.0 differ;</li>
 *   <li>{@code BigDecimal}: tag, scale, and the two's-complement bytes of the unscaled value. Not a canonical form:
 *   1.50 and 1.5 differ, as they do for {@link BigDecimal#equals};</li>
 *   <li>{@code BigInteger}: tag and its two's-complement bytes;</li>
 *   <li>{@code AtomicInteger}, {@code AtomicLong}, {@code LongAdder}, {@code LongAccumulator}: the value as a long;
 *   {@code DoubleAdder}, {@code DoubleAccumulator}: its bits; {@code AtomicBoolean}: 1 or 0;
 *   {@code AtomicReference}: its value;</li>
 *   <li>{@code UUID}: tag, most and least significant bits; {@code Instant}: tag, epoch second, nanosecond;
 *   {@code Duration}: tag, seconds, nanosecond;</li>
 *   <li>{@code Optional}: tag, 1 and the value, or 0; {@code OptionalInt}, {@code OptionalLong},
 *   {@code OptionalDouble}: tag, 1 and the value, or 0;</li>
 *   <li>any other {@code java.time} type ({@code LocalDate}, {@code ZonedDateTime}, {@code ZoneId}, {@code Period},
 *   ...): its class name and its ISO text, which those classes define exactly and which tells apart any two values
 *   that are not equal.</li>
 * </ul>
 *
 * Strings, enums, collections, maps and arrays are walked by {@link FieldHasher} itself. Any other JDK type is
 * unknown and refused.
 */
final class JdkValues
{
    /** The value was hashed whole. */
    static final Object NONE = new Object();
    /** A JDK type this class cannot read. */
    static final Object UNKNOWN = new Object();

    private static final long TAG_BIG_DECIMAL = 0xDEC1;
    private static final long TAG_BIG_INTEGER = 0xB161;
    private static final long TAG_UUID = 0x0011D;
    private static final long TAG_INSTANT = 0x1257;
    private static final long TAG_DURATION = 0xD0A7;
    private static final long TAG_OPTIONAL = 0x0F71;

    private JdkValues()
    {
    }

    /** Whether a class is the JDK's: loaded by the bootstrap or the platform class loader. */
    static boolean isJdk(final Class<?> type)
    {
        final ClassLoader loader = type.getClassLoader();
        return null == loader || ClassLoader.getPlatformClassLoader() == loader;
    }

    /**
     * Feed a JDK value into a hasher.
     *
     * @return {@link #NONE} if it was hashed whole, {@link #UNKNOWN} if this type cannot be read, or a value it
     *         holds that must be hashed next (an optional's or a reference's content, possibly null).
     */
    static Object hash(final Object value, final StateHasher hasher)
    {
        if (value instanceof Number number)
        {
            return hashNumber(number, hasher);
        }
        if (value instanceof Boolean flag)
        {
            hasher.putBoolean(flag);
            return NONE;
        }
        if (value instanceof Character c)
        {
            hasher.putLong(c);
            return NONE;
        }
        if (value instanceof Optional<?> optional)
        {
            hasher.putLong(TAG_OPTIONAL).putBoolean(optional.isPresent());
            return optional.isPresent() ? optional.get() : NONE;
        }
        if (value instanceof AtomicBoolean flag)
        {
            hasher.putBoolean(flag.get());
            return NONE;
        }
        if (value instanceof AtomicReference<?> reference)
        {
            return reference.get();
        }
        return hashValueType(value, hasher) ? NONE : UNKNOWN;
    }

    private static boolean hashValueType(final Object value, final StateHasher hasher)
    {
        if (value instanceof UUID uuid)
        {
            hasher.putLong(TAG_UUID).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        }
        else if (value instanceof Instant instant)
        {
            hasher.putLong(TAG_INSTANT).putLong(instant.getEpochSecond()).putLong(instant.getNano());
        }
        else if (value instanceof Duration duration)
        {
            hasher.putLong(TAG_DURATION).putLong(duration.getSeconds()).putLong(duration.getNano());
        }
        else if (value instanceof OptionalInt optional)
        {
            hasher.putLong(TAG_OPTIONAL).putBoolean(optional.isPresent());
            if (optional.isPresent())
            {
                hasher.putLong(optional.getAsInt());
            }
        }
        else if (value instanceof OptionalLong optional)
        {
            hasher.putLong(TAG_OPTIONAL).putBoolean(optional.isPresent());
            if (optional.isPresent())
            {
                hasher.putLong(optional.getAsLong());
            }
        }
        else if (value instanceof OptionalDouble optional)
        {
            hasher.putLong(TAG_OPTIONAL).putBoolean(optional.isPresent());
            if (optional.isPresent())
            {
                hasher.putDouble(optional.getAsDouble());
            }
        }
        else if ("java.time".equals(value.getClass().getPackageName()))
        {
            hasher.putString(value.getClass().getName()).putString(value.toString());
        }
        else
        {
            return false;
        }
        return true;
    }

    private static Object hashNumber(final Number number, final StateHasher hasher)
    {
        if (number instanceof Long || number instanceof Integer || number instanceof Short ||
            number instanceof Byte || number instanceof AtomicLong || number instanceof AtomicInteger ||
            number instanceof LongAdder || number instanceof LongAccumulator)
        {
            hasher.putLong(number.longValue());
        }
        else if (number instanceof Double || number instanceof Float || number instanceof DoubleAdder ||
            number instanceof DoubleAccumulator)
        {
            hasher.putDouble(number.doubleValue());
        }
        else if (number instanceof BigDecimal decimal)
        {
            hasher.putLong(TAG_BIG_DECIMAL).putLong(decimal.scale()).putBytes(decimal.unscaledValue().toByteArray());
        }
        else if (number instanceof BigInteger integer)
        {
            hasher.putLong(TAG_BIG_INTEGER).putBytes(integer.toByteArray());
        }
        else
        {
            return UNKNOWN;
        }
        return NONE;
    }
}
