package io.twinloop.forecast.baseline;

import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualQuantilesTest {

    /** One OD pair whose consecutive differences are the given residuals of last-value. */
    static TrafficSeries cumulative(double start, double... steps) {
        List<TrafficSample> rows = new ArrayList<>();
        double v = start;
        rows.add(new TrafficSample("r0", false, new double[]{v}));
        for (int i = 0; i < steps.length; i++) {
            v += steps[i];
            rows.add(new TrafficSample("r" + (i + 1), false, new double[]{v}));
        }
        return new TrafficSeries(List.of(new OdPair("A", "B")), rows);
    }

    @Test
    void quantilesInterpolateBetweenSortedResiduals() {
        // Last-value residuals are the differences: 1..11 in shuffled order.
        TrafficSeries s = cumulative(100, 5, 1, 11, 3, 8, 2, 10, 4, 9, 7, 6);
        ResidualQuantiles rq = ResidualQuantiles.calibrate(new LastValue(s), s.size() - 1, 1000);
        assertEquals(11, rq.count());
        assertTrue(rq.usable());
        assertEquals(6.0, rq.offset(0, 0.5), 1e-12);
        assertEquals(10.0, rq.offset(0, 0.9), 1e-12);   // position 9 of 0..10
        assertEquals(10.5, rq.offset(0, 0.95), 1e-12);  // halfway between 10 and 11
        assertEquals(1.3, rq.offset(0, 0.03), 1e-12);   // position 0.3
        assertArrayEquals(new double[]{60.0}, rq.apply(new double[]{50.0}, 0.9), 1e-12);
    }

    @Test
    void quantilesNeverGoBelowZero() {
        TrafficSeries s = cumulative(100, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10);
        ResidualQuantiles rq = ResidualQuantiles.calibrate(new LastValue(s), s.size() - 1, 1000);
        assertEquals(-5.5, rq.offset(0, 0.5), 1e-12);
        assertArrayEquals(new double[]{0.0}, rq.apply(new double[]{3.0}, 0.5), 0.0);
    }

    @Test
    void windowLimitsTheResidualsAndMissingTargetsAreSkipped() {
        TrafficSeries s = cumulative(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertEquals(4, ResidualQuantiles.calibrate(new LastValue(s), 12, 4).count());
        assertEquals(12, ResidualQuantiles.calibrate(new LastValue(s), 12, 100).count());
        List<TrafficSample> rows = new ArrayList<>(s.samples());
        rows.set(5, new TrafficSample("r5", true, new double[]{0}));
        TrafficSeries gappy = new TrafficSeries(s.pairs(), rows);
        ResidualQuantiles rq = ResidualQuantiles.calibrate(new LastValue(gappy), 12, 100);
        assertEquals(11, rq.count());
        // Target 6 (21) is now forecast from row 4 (10), the last measured row, not from the
        // placeholder zeros of row 5: residuals sorted are 1 2 3 4 7 8 9 10 11 11 12.
        assertEquals(12.0, rq.offset(0, 1.0), 1e-12);
        assertEquals(11.0, rq.offset(0, 0.9), 1e-12);
        assertEquals(7.0, rq.offset(0, 0.4), 1e-12);
        assertEquals(1.0, rq.offset(0, 0.0), 1e-12);
    }

    @Test
    void fewResidualsAreNotUsableAndGiveThePointForecast() {
        TrafficSeries s = cumulative(10, 1, 2, 3);
        ResidualQuantiles rq = ResidualQuantiles.calibrate(new LastValue(s), 3, 100);
        assertEquals(3, rq.count());
        assertFalse(rq.usable());
        assertArrayEquals(new double[]{42.0}, rq.apply(new double[]{42.0}, 0.9), 0.0);
    }
}
