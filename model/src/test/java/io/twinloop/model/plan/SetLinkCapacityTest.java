package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plan cannot give a link capacity 0 (as an import cannot): the rule of twinloop.common.v1.SetLinkCapacity. */
class SetLinkCapacityTest {
    @Test
    void zeroNegativeAndNonFiniteCapacitiesAreRefused() {
        for (double bad : new double[] {0.0, -0.0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> new SetLinkCapacity("e1", bad));
            assertEquals("setLinkCapacity[e1].capacityBps", e.field());
            assertTrue(e.reason().contains("> 0"), e.getMessage());
        }
        assertEquals(1.0, new SetLinkCapacity("e1", 1.0).capacityBps());
    }
}
