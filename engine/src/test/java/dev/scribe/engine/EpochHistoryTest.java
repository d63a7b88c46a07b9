package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Looking epochs up in an epoch history: the newest epoch no newer than one given, and where the next one begins.
 */
class EpochHistoryTest
{
    private static final EpochHistory HISTORY = EpochHistory.EMPTY.with(2, 0).with(4, 10).with(7, 25);

    @Test
    void floorEpochIsTheNewestEpochNoNewerThanTheOneGiven()
    {
        assertEquals(-1, EpochHistory.EMPTY.floorEpoch(5));
        assertEquals(-1, HISTORY.floorEpoch(1));
        assertEquals(2, HISTORY.floorEpoch(2));
        assertEquals(2, HISTORY.floorEpoch(3));
        assertEquals(4, HISTORY.floorEpoch(6));
        assertEquals(7, HISTORY.floorEpoch(7));
        assertEquals(7, HISTORY.floorEpoch(Long.MAX_VALUE));
    }

    @Test
    void nextEpochStartIsWhereTheFirstNewerEpochBegins()
    {
        assertEquals(EpochHistory.NULL_POSITION, EpochHistory.EMPTY.nextEpochStart(-1));
        assertEquals(0, HISTORY.nextEpochStart(-1));
        assertEquals(0, HISTORY.nextEpochStart(1));
        assertEquals(10, HISTORY.nextEpochStart(2));
        assertEquals(10, HISTORY.nextEpochStart(3));
        assertEquals(25, HISTORY.nextEpochStart(4));
        assertEquals(EpochHistory.NULL_POSITION, HISTORY.nextEpochStart(7));
        assertEquals(EpochHistory.NULL_POSITION, HISTORY.nextEpochStart(9));
    }
}
