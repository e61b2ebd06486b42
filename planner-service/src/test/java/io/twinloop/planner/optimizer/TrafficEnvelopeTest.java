package io.twinloop.planner.optimizer;

import io.twinloop.model.Demand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrafficEnvelopeTest {

    @Test
    void takesTheLargestRateOfEveryPairAcrossMatrices() {
        List<Demand> p50 = List.of(new Demand("A", "B", 5), new Demand("B", "C", 7));
        List<Demand> p90 = List.of(new Demand("A", "B", 9), new Demand("C", "A", 1));
        List<Demand> later = List.of(new Demand("B", "C", 3));

        assertEquals(List.of(new Demand("A", "B", 9), new Demand("B", "C", 7), new Demand("C", "A", 1)),
                TrafficEnvelope.of(List.of(p50, p90, later)));
    }

    @Test
    void addsRepeatedPairsWithinOneMatrixBeforeTakingTheMaximum() {
        List<Demand> split = List.of(new Demand("A", "B", 4), new Demand("A", "B", 4));
        List<Demand> single = List.of(new Demand("A", "B", 6));

        assertEquals(List.of(new Demand("A", "B", 8)), TrafficEnvelope.of(List.of(split, single)));
        assertEquals(List.of(), TrafficEnvelope.of(List.of()));
    }
}
