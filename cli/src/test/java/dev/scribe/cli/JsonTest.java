package dev.scribe.cli;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code --json} text reads back as what was written: strings with quotes, backslashes, control characters and
 * characters beyond the basic plane, numbers at the ends of a long, nested lists and objects, null.
 */
class JsonTest
{
    @Test
    void whatIsWrittenReadsBack()
    {
        final Map<String, Object> value = Json.object();
        value.put("text", "a \"quoted\" \\ path\nwith\ttabs, \u0001 and \uD83D\uDE00");
        value.put("min", Long.MIN_VALUE);
        value.put("max", Long.MAX_VALUE);
        value.put("flags", List.of(true, false));
        value.put("none", null);
        value.put("position", Json.position(0x4e9b_0000_002aL));
        value.put("noPosition", Json.position(-1));
        value.put("nested", List.of(Map.of("k", 1)));
        final Map<String, Object> read = JsonReader.object(Json.write(value));
        assertEquals(value.get("text"), read.get("text"));
        assertEquals(new BigDecimal(Long.MIN_VALUE), read.get("min"));
        assertEquals(new BigDecimal(Long.MAX_VALUE), read.get("max"));
        assertEquals(List.of(true, false), read.get("flags"));
        assertNull(read.get("none"));
        assertEquals("00004e9b0000002a", read.get("position"));
        assertNull(read.get("noPosition"));
        assertEquals(List.of(Map.of("k", BigDecimal.ONE)), read.get("nested"));
        assertEquals(Arrays.asList(value.keySet().toArray()), Arrays.asList(read.keySet().toArray()), "key order");
    }

    @Test
    void aLoneSurrogateIsEscapedSoTheTextStaysValid()
    {
        final String written = Json.write(List.of("x\uD800y"));
        assertEquals("[\"x\\ud800y\"]", written);
        assertEquals(List.of("x\uD800y"), JsonReader.parse(written));
    }
}
