package dev.scribe.kafka;

import dev.scribe.engine.Bank;
import dev.scribe.engine.JournalEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventJsonTest
{
    enum Kind
    {
        SAVINGS
    }

    record Line(String item, int quantity) {}

    record Order(String id, Kind kind, List<Line> lines, Map<String, Long> totals, double rate, Double missing,
        boolean open, byte[] blob, BigDecimal price, Instant at, char grade, long[] marks) {}

    private record Hidden(String secret) {}

    @Test
    void rendersARecordEventAsAnObjectOfItsComponents()
    {
        final JournalEvent event = new JournalEvent(12, 0, "acc-1", 3, 0, 0, new Bank.Deposited(100));
        assertEquals("{\"amount\":100}", new String(EventJson.render(event), StandardCharsets.UTF_8));
    }

    @Test
    void rendersNestedRecordsCollectionsAndScalars()
    {
        final Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("net", 10L);
        totals.put("tax", null);
        final Order order = new Order("o-1", Kind.SAVINGS, List.of(new Line("pen", 2)), totals, Double.NaN, null,
            true, new byte[] {1, 2, 3}, new BigDecimal("12.50"), Instant.parse("2024-01-02T03:04:05Z"), 'A',
            new long[] {7, 8});
        assertEquals("{\"id\":\"o-1\",\"kind\":\"SAVINGS\",\"lines\":[{\"item\":\"pen\",\"quantity\":2}]," +
            "\"totals\":{\"net\":10,\"tax\":null},\"rate\":\"NaN\",\"missing\":null,\"open\":true,\"blob\":\"AQID\"," +
            "\"price\":12.50,\"at\":\"2024-01-02T03:04:05Z\",\"grade\":\"A\",\"marks\":[7,8]}", EventJson.json(order));
        assertEquals("1.5", EventJson.json(1.5));
    }

    @Test
    void escapesStringsAndReadsPrivateRecords()
    {
        assertEquals("{\"secret\":\"a\\\"b\\\\c\\n\\u0001\u00e9\"}",
            EventJson.json(new Hidden("a\"b\\c\n\u0001\u00e9")));
    }

    @Test
    void refusesValuesNestedTooDeep()
    {
        final List<Object> loop = new ArrayList<>();
        loop.add(loop);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> EventJson.json(loop));
        assertEquals("a value nests deeper than 32 levels: it cannot be rendered as JSON", error.getMessage());
    }
}
