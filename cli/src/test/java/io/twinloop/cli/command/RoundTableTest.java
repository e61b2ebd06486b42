package io.twinloop.cli.command;

import io.twinloop.proto.gateway.v1.Round;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code round show ROUND_ID} (and {@code round NETWORK}) says when the round's observed traffic was estimated from link counters, and its fit. */
class RoundTableTest {

    private static String details(Round r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RoundTable.details(new PrintStream(bytes, true, StandardCharsets.UTF_8), r);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEstimatedObservationShowsItsFit() {
        Round r = Round.newBuilder().setId("r-1").setNetwork("net").setTrafficTime("2004-03-01T00:05:00Z")
                .setTrafficEstimated(true).setTrafficFitError(0.034).build();
        assertTrue(details(r).contains("traffic 2004-03-01T00:05:00Z, estimated from counters (fit 3.4%), forecast"),
                details(r));
        Round exact = r.toBuilder().setTrafficFitError(0.0025).build();
        assertTrue(details(exact).contains("(fit 0.25%)"), details(exact));
        Round zeros = r.toBuilder().setTrafficFitError(Double.POSITIVE_INFINITY).build();
        assertTrue(details(zeros).contains("(no fit: every counter read 0)"), details(zeros));
    }

    @Test
    void aMeasuredObservationSaysNothingMore() {
        Round r = Round.newBuilder().setId("r-1").setNetwork("net").setTrafficTime("2004-03-01T00:05:00Z").build();
        String out = details(r);
        assertTrue(out.contains("traffic 2004-03-01T00:05:00Z, forecast"), out);
        assertFalse(out.contains("estimated"), out);
    }
}
