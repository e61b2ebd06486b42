package io.twinloop.forecast.baseline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeLabelsTest {

    @Test
    void compactMinuteLabelsStayCompact() {
        assertEquals("20040302-0000", TimeLabels.plus("20040301-2355", 300));
        assertEquals("20040301-0100", TimeLabels.plus("20040301-0000", 3600));
    }

    @Test
    void dayAndIsoLabelsBecomeIsoInstants() {
        assertEquals("2005-02-02T00:00:00Z", TimeLabels.plus("20050201", 86_400));
        assertEquals("2005-05-04T15:15:00Z", TimeLabels.plus("2005-05-04T15:00:00Z", 900));
    }

    @Test
    void unreadableLabelsOrStepsGiveNoTime() {
        assertEquals("", TimeLabels.plus("row-7", 300));
        assertEquals("", TimeLabels.plus("20040301-0000", 0));
    }
}
