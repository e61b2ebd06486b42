package io.twinloop.cli.command;

import io.twinloop.proto.twin.v1.LinkDataQuality;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** watch's stale-link lines: reported once when a link goes stale, once when it comes back, never for unseen links. */
class StaleLinksTest {

    private static LinkDataQuality q(String id, double age) {
        return LinkDataQuality.newBuilder().setLinkId(id).setLastSampleAgeSeconds(age)
                .setLastSampleTime(age < 0 ? "" : "2026-12-07T20:00:00Z").build();
    }

    @Test
    void transitionsArePrintedOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StaleLinks s = new StaleLinks(null, "n", 60, false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        s.check(List.of(q("a", 10), q("b", 100), q("never", -1)));
        s.check(List.of(q("a", 70), q("b", 130), q("never", -1)));
        s.check(List.of(q("a", 5), q("b", 190), q("never", -1)));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("STALE") && lines.get(0).contains("link b: no telemetry sample for 100 s"), lines.get(0));
        assertTrue(lines.get(1).contains("STALE") && lines.get(1).contains("link a: no telemetry sample for 70 s"), lines.get(1));
        assertTrue(lines.get(2).contains("FRESH") && lines.get(2).contains("link a"), lines.get(2));
    }
}
