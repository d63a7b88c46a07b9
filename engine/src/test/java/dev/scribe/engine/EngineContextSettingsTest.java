package dev.scribe.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's number-valued and true-or-false system properties: spaces around the value are taken, and a value
 * that is not a number (or neither true nor false) is an error naming the property, never the default in silence.
 */
class EngineContextSettingsTest
{
    private static final List<String> PROPERTIES = List.of(EngineConfiguration.RING_SIZE_PROP_NAME,
        EngineConfiguration.MAX_COMMAND_BYTES_PROP_NAME, EngineConfiguration.IDEMPOTENCY_KEYS_PROP_NAME,
        EngineConfiguration.ERROR_LOG_LENGTH_PROP_NAME,
        EngineConfiguration.HANDLER_STOP_TIMEOUT_PROP_NAME,
        EngineConfiguration.SINGLE_PRODUCER_PROP_NAME);

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties()
    {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void aNumberWithSpacesIsTaken()
    {
        System.setProperty(EngineConfiguration.RING_SIZE_PROP_NAME, "1024 ");
        System.setProperty(EngineConfiguration.MAX_COMMAND_BYTES_PROP_NAME, " 0x1000");
        final EngineContext context = Bank.context(dir).conclude();
        assertEquals(1024, context.ringSize());
        assertEquals(4096, context.maxCommandBytes(), "hexadecimal, as before");
    }

    @Test
    void theSingleProducerPropertyIsTrueOrFalseAndCodeWins()
    {
        assertFalse(Bank.context(dir).conclude().singleProducer(), "the default");
        System.setProperty(EngineConfiguration.SINGLE_PRODUCER_PROP_NAME, " TRUE");
        assertTrue(Bank.context(dir).conclude().singleProducer());
        assertFalse(Bank.context(dir).singleProducer(false).conclude().singleProducer(), "set in code");
        for (final String value : List.of("yes", "1", ""))
        {
            System.setProperty(EngineConfiguration.SINGLE_PRODUCER_PROP_NAME, value);
            final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Bank.context(dir).conclude(), value);
            assertTrue(wrong.getMessage().contains(EngineConfiguration.SINGLE_PRODUCER_PROP_NAME + " must " +
                "be true or false: '" + value + "'"), wrong.getMessage());
        }
    }

    @Test
    void aValueThatIsNoNumberIsNamedNotIgnored()
    {
        for (final String property : PROPERTIES.subList(0, 5))
        {
            for (final String value : List.of("64k", "99999999999", ""))
            {
                System.setProperty(property, value);
                final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> Bank.context(dir).conclude(), property + "=" + value);
                assertTrue(wrong.getMessage().contains(property), wrong.getMessage());
                System.clearProperty(property);
            }
        }
    }

    @Test
    void theHandlerStopTimeoutIsFiveSecondsAPropertyInMillisecondsOrSetInCodeAndPositive()
    {
        assertEquals(Duration.ofSeconds(5), Bank.context(dir).conclude().handlerStopTimeout(), "the default");
        System.setProperty(EngineConfiguration.HANDLER_STOP_TIMEOUT_PROP_NAME, "250");
        assertEquals(Duration.ofMillis(250), Bank.context(dir).conclude().handlerStopTimeout());
        assertEquals(Duration.ofSeconds(1), Bank.context(dir).handlerStopTimeout(Duration.ofSeconds(1)).conclude()
            .handlerStopTimeout(), "set in code");
        for (final Duration wrong : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(999_999)))
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Bank.context(dir).handlerStopTimeout(wrong).conclude(), wrong::toString);
            assertTrue(refused.getMessage().contains("handlerStopTimeout") &&
                refused.getMessage().contains("must be at least a millisecond"), refused.getMessage());
        }
        System.setProperty(EngineConfiguration.HANDLER_STOP_TIMEOUT_PROP_NAME, "-5");
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> Bank.context(dir).conclude());
        assertTrue(negative.getMessage().contains(EngineConfiguration.HANDLER_STOP_TIMEOUT_PROP_NAME),
            negative.getMessage());
        assertThrows(NullPointerException.class, () -> Bank.context(dir).handlerStopTimeout(null));
    }
}
