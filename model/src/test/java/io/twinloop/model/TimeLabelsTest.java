package io.twinloop.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reading of traffic time labels, checked against hand-computed epoch seconds. */
class TimeLabelsTest {

    @Test
    void labelsOfEveryStyleAreRead() {
        assertEquals(1078099500L, TimeLabels.epochSeconds("20040301-0005").orElseThrow());
        assertEquals(1107216000L, TimeLabels.epochSeconds("20050201").orElseThrow());
        assertEquals(1078099500L, TimeLabels.epochSeconds("2004-03-01T00:05:00Z").orElseThrow());
        assertEquals(Instant.parse("2004-03-01T00:05:00Z"), TimeLabels.parse("20040301-0005").orElseThrow());
        assertTrue(TimeLabels.epochSeconds("yesterday").isEmpty());
        assertTrue(TimeLabels.parse("row-7").isEmpty());
        assertTrue(TimeLabels.parse("").isEmpty());
    }

    @Test
    void laterTimesKeepTheLabelsStyleWhenTheOffsetFitsIt() {
        assertEquals("20040302-0000", TimeLabels.plus("20040301-2355", 300));
        assertEquals("20040301-0100", TimeLabels.plus("20040301-0000", 3600));
        assertEquals("20050202", TimeLabels.plus("20050201", 86_400));
        assertEquals("2005-02-01T06:00:00Z", TimeLabels.plus("20050201", 6 * 3600));
        assertEquals("2004-03-01T00:00:30Z", TimeLabels.plus("20040301-0000", 30));
        assertEquals("2005-05-04T15:15:00Z", TimeLabels.plus("2005-05-04T15:00:00Z", 900));
    }

    @Test
    void unreadableLabelsOrStepsGiveNoTime() {
        assertEquals("", TimeLabels.plus("row-7", 300));
        assertEquals("", TimeLabels.plus("20040301-0000", 0));
        assertEquals("", TimeLabels.plus("20040301-0000", -300));
    }

    @Test
    void theStepIsTheMostCommonGap() {
        assertEquals(900, TimeLabels.stepSeconds(List.of("20050504-1500", "20050504-1515", "20050504-1530", "20050504-1600")));
        assertEquals(0, TimeLabels.stepSeconds(List.of("20050504-1500")));
        assertEquals(300, TimeLabels.stepSeconds(List.of("20050504-1500", "20050504-1505", "x", "20050504-1600",
                "20050504-1610")), "a tie goes to the shorter step; an unreadable label breaks the run");
    }
}
