package dev.scribe.journal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionFormatTest
{
    @Property
    void everyPositionReadsBackAsWritten(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long position)
    {
        final String text = PositionFormat.position(position);
        assertEquals(PositionFormat.DIGITS, text.length(), text);
        assertEquals(position, PositionFormat.parsePosition(text));
    }

    @Property
    void everyHashReadsBackAsWritten(@ForAll final long hash)
    {
        final String text = PositionFormat.hash(hash);
        assertEquals(PositionFormat.DIGITS, text.length(), text);
        assertEquals(hash, PositionFormat.parseHash(text));
        assertEquals(hash, PositionFormat.parseHash(Long.toString(hash)), "the old decimal form");
    }

    @Test
    void positionsAreSixteenLowerCaseHexDigitsAsInSnapshotFileNames()
    {
        assertEquals("00004e9b0000002a", PositionFormat.position(0x4e9b_0000_002aL));
        assertEquals("0000000000000000", PositionFormat.position(0));
        assertEquals("none", PositionFormat.position(Journal.NULL_POSITION));
        assertEquals("-5", PositionFormat.position(-5), "no position: shown as given");
        assertEquals("ffffffffffffffff", PositionFormat.hash(-1));
    }

    @Test
    void otherFormsAreAcceptedToo()
    {
        assertEquals(0x4e9b_0000_002aL, PositionFormat.parsePosition("00004E9B0000002A"));
        assertEquals(0x2aL, PositionFormat.parsePosition("0x2a"));
        assertEquals(86_290_757_664_810L, PositionFormat.parsePosition("86290757664810"), "the old decimal form");
        assertEquals(42L, PositionFormat.parsePosition("42"));
        assertEquals(-7L, PositionFormat.parseHash("-7"));
    }

    @Test
    void garbageIsRefusedWithTheFormExpected()
    {
        for (final String garbage : new String[] {"", "x", "-5", "0x", "0x12345678901234567", "00004e9b0000002g",
            "12:34", "99999999999999999999", " 42", "4 2",
            "\u0660".repeat(15) + "\u0661", "0x\uff11"}) // digits of other scripts are not the printed form
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> PositionFormat.parsePosition(garbage), garbage);
            assertTrue(ex.getMessage().contains("is not a position"), ex.getMessage());
            assertTrue(ex.getMessage().contains("16 hex digits as the tools print it, such as 00004e9b0000002a"),
                ex.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PositionFormat.parsePosition("-5"))
            .getMessage().contains("never negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PositionFormat.parseHash("hash"))
            .getMessage().contains("'hash' is not a state hash"));
        assertThrows(IllegalArgumentException.class, () -> PositionFormat.parsePosition(null));
    }
}
