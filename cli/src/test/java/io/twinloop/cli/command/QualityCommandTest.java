package io.twinloop.cli.command;

import io.twinloop.proto.twin.v1.GetDataQualityResponse;
import io.twinloop.proto.twin.v1.LinkDataQuality;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data-quality table: ages, both ends' rates, disagreement, counts, and which links are stale. */
class QualityCommandTest {

    @Test
    void staleAndNeverSeenLinksAreMarkedAndCounted() {
        GetDataQualityResponse r = GetDataQualityResponse.newBuilder().setNetwork("n")
                .addLinks(LinkDataQuality.newBuilder().setLinkId("fresh").setLastSampleAgeSeconds(12).setOutRateBps(1e7)
                        .setInRateBps(9.8e6).setDisagreement(0.02).setResets(1).setWraps(2))
                .addLinks(LinkDataQuality.newBuilder().setLinkId("old").setLastSampleAgeSeconds(301).setOutRateBps(-1)
                        .setInRateBps(-1).setDisagreement(-1))
                .addLinks(LinkDataQuality.newBuilder().setLinkId("never").setLastSampleAgeSeconds(-1).setOutRateBps(-1)
                        .setInRateBps(-1).setDisagreement(-1))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QualityCommand.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), r, 300);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("fresh") && lines.get(1).contains("12 s ago") && lines.get(1).contains("10.00 Mbit/s")
                && lines.get(1).contains("9.80 Mbit/s") && lines.get(1).contains("2.0 %") && !lines.get(1).contains("STALE"), lines.get(1));
        assertTrue(lines.get(2).startsWith("old") && lines.get(2).endsWith("STALE"), lines.get(2));
        assertTrue(lines.get(3).startsWith("never") && lines.get(3).contains("never") && lines.get(3).endsWith("STALE"), lines.get(3));
        assertEquals("2 of 3 links stale (no sample for 300 s)", lines.get(4));
    }
}
