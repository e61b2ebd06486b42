package io.twinloop.cli.command;

import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code round show ROUND_ID} (and {@code round NETWORK}) says when the round's observed traffic was estimated from
 * link counters, and its fit; the rounds table ({@code rounds NETWORK}, {@code demo}) tags such rounds in its
 * TRAFFIC column.
 */
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

    private static String table(List<Round> rounds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RoundTable.all(new PrintStream(bytes, true, StandardCharsets.UTF_8), rounds);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Round listed(String id, double mluBefore) {
        Round.Builder r = Round.newBuilder().setId(id).setNetwork("net").setMode(RoundMode.ROUND_MODE_DRY_RUN)
                .setStatus(RoundStatus.ROUND_STATUS_COMPLETED);
        r.getKpisBeforeBuilder().setMaxLinkUtilization(mluBefore);
        r.getKpisAfterBuilder().setMaxLinkUtilization(mluBefore / 2);
        return r.build();
    }

    @Test
    void theRoundsTableTagsRoundsOnEstimatedTrafficWithTheirFit() {
        Round measured = listed("r-measured", 0.8);
        measured = measured.toBuilder().setTraffic(measured.getTraffic().toBuilder().setRow(600)).build();
        Round estimated = listed("r-estimated", 0.9).toBuilder().setTrafficEstimated(true).setTrafficFitError(0.034).build();
        estimated = estimated.toBuilder().setTraffic(estimated.getTraffic().toBuilder().setRow(12345)).build();
        Round given = listed("r-given", 0.7).toBuilder().setTrafficEstimated(true).setTrafficFitError(0.0025).build();
        Round zeros = listed("r-zeros", 0.6).toBuilder().setTrafficEstimated(true)
                .setTrafficFitError(Double.POSITIVE_INFINITY).build();
        Round plain = listed("r-plain", 0.5);
        List<String> lines = table(List.of(measured, estimated, given, zeros, plain)).lines().toList();
        assertEquals(6, lines.size(), String.join("\n", lines));

        // the TRAFFIC cell: the row or "-", then the tag of an estimated observation
        String[] cells = {"row 600", "row 12345 est. 3.4%", "est. 0.25%", "est. no fit", "-"};
        String[] mlus = {"80.0% -> 40.0%", "90.0% -> 45.0%", "70.0% -> 35.0%", "60.0% -> 30.0%", "50.0% -> 25.0%"};
        int traffic = lines.get(0).indexOf("TRAFFIC");
        int mlu = lines.get(0).indexOf("MLU BEFORE -> AFTER");
        for (int i = 0; i < cells.length; i++) {
            String line = lines.get(i + 1);
            assertEquals(cells[i], line.substring(traffic, mlu).strip(), line);
            assertTrue(line.substring(mlu).startsWith(mlus[i]), "the MLU column stays aligned: " + line);
            assertEquals(' ', line.charAt(mlu - 1), "the cell does not run into the MLU column: " + line);
        }
        assertFalse(lines.get(1).contains("est."), lines.get(1));

        // what the end-to-end test reads from the demo's table still parses a measured round's row
        Matcher m = Pattern.compile("(?m)^1\\s+(\\S+)\\s+\\S+\\s+(\\S+)\\s+(?:row \\d+|-)\\s+([0-9.]+)%\\s+->\\s+([0-9.]+)%\\s+(\\d+)\\s")
                .matcher(String.join("\n", lines));
        assertTrue(m.find(), String.join("\n", lines));
        assertEquals("r-measured", m.group(1));
        assertEquals("80.0", m.group(3));
        assertEquals("40.0", m.group(4));
    }

    @Test
    void aTableOfMeasuredRoundsKeepsItsNarrowTrafficColumn() {
        Round measured = listed("r-measured", 0.8);
        measured = measured.toBuilder().setTraffic(measured.getTraffic().toBuilder().setRow(203)).build();
        List<String> lines = table(List.of(measured)).lines().toList();
        assertEquals("#    ROUND           MODE      STATUS           TRAFFIC  MLU BEFORE -> AFTER ACTIONS  "
                + "STAGE MS (observe/forecast/plan/verify/apply/record)", lines.get(0), "the README's header");
        assertTrue(lines.get(1).startsWith("1    r-measured      dry-run   COMPLETED        row 203  80.0% -> 40.0%  "),
                lines.get(1));
    }

    @Test
    void aMeasuredObservationSaysNothingMore() {
        Round r = Round.newBuilder().setId("r-1").setNetwork("net").setTrafficTime("2004-03-01T00:05:00Z").build();
        String out = details(r);
        assertTrue(out.contains("traffic 2004-03-01T00:05:00Z, forecast"), out);
        assertFalse(out.contains("estimated"), out);
    }
}
