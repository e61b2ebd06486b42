package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The importer inputs that broke the property of the fuzz targets ({@link FuzzHarness}), minimised,
 * each with the exception it used to throw. docs/fuzzing.md lists them.
 */
class FuzzRegressionTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Was a StackOverflowError: the GML sniffing regex recursed once per key-value pair. */
    @Test
    void formatDetectionOfALongRunOfKeyValuePairsIsAnImportException() {
        byte[] pairs = b("a b ".repeat(16_384)); // 64 KiB, the sniffed length
        ImportException e = assertThrows(ImportException.class, () -> TopologyFormat.detect("upload", pairs));
        assertEquals("UNKNOWN", e.format());
        assertTrue(e.getMessage().contains("cannot detect the topology format"), e.getMessage());
    }

    /** The same shape that is GML after all: 4,000 header pairs (50 KB, inside the sniffed 64 KiB), then the graph. */
    @Test
    void formatDetectionFindsGmlAfterThousandsOfHeaderPairs() {
        byte[] gml = b("Creator \"fuzz\" version 2\n".repeat(2_000) + "graph [\n node [ id 0 label \"A\" ]\n"
                + " node [ id 1 label \"B\" ]\n edge [ source 0 target 1 ]\n]\n");
        assertEquals(TopologyFormat.GML, TopologyFormat.detect("upload", gml));
        Network n = TopologyImporters.read(TopologyFormat.GML, "pairs", gml);
        assertEquals(2, n.nodes().size());
        assertEquals(2, n.links().size());
    }

    /**
     * The hand-written scanner that replaced the regular expression decides as the expression did,
     * on short inputs (where the expression does not overflow) made of GML-ish tokens.
     */
    @Test
    void gmlSniffingAgreesWithTheRegularExpressionItReplaced() {
        Pattern old = Pattern.compile("(?s)\\A(?:\\s|#[^\\n]*\\n)*(?:[A-Za-z_][A-Za-z0-9_]*\\s+(?:\"[^\"]*\"|[^\\s\\[\\]\"]+)"
                + "\\s+)*graph\\s*\\[.*");
        String[] tokens = {"graph", "graph[", "[", "]", " ", "\n", "\t", "#", "# c\n", "\"", "\"q s\"", "key", "_k9", "9",
                "1.5", "x]", "a\"b", "node", "\r", "\u000B", "é", "graphx", "\f"};
        Random r = new Random(20261126L);
        int gml = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(12);
            for (int k = 0; k < len; k++) {
                sb.append(tokens[r.nextInt(tokens.length)]);
            }
            String s = sb.toString();
            boolean expected = old.matcher(s).matches();
            assertEquals(expected, TopologyFormat.startsLikeGml(s), () -> "'" + s + "'");
            gml += expected ? 1 : 0;
        }
        assertTrue(gml > 1_000, "the generated inputs include GML starts: " + gml);
    }

    /**
     * Was a hang (libFuzzer's timeout, from the cell {@code 0.1e400509781} that the fuzzer made out of
     * {@code 1e400}): the Mbit/s-to-bit/s shift rescaled the value to a non-negative scale, i.e. built
     * 10^400509780 as a BigInteger.
     */
    @Test
    void trafficValueWithAHugeExponentIsRejectedAtOnce() {
        for (String cell : new String[] {"0.1e400509781", "1e99999999", "1E+2147483000"}) {
            byte[] csv = b("time,n_demands_in_file,A->B\n20040301-0000,1," + cell + "\n");
            ImportException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ImportException.class, () -> TrafficCsvImporter.read(csv)), cell);
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        }
    }

    /** The other end of the same path: a tiny value rounds to 0 bit/s, quickly. */
    @Test
    void trafficValueWithAHugeNegativeExponentIsZero() {
        byte[] csv = b("time,n_demands_in_file,A->B\n20040301-0000,1,1e-99999999\n");
        TrafficSeries s = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> TrafficCsvImporter.read(csv));
        assertEquals(0.0, s.samples().get(0).rateBps(0));
    }
}
