package io.twinloop.model.io;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.OdPair;
import io.twinloop.model.SharedData;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficCsvImporterTest {

    static final String ABILENE = "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv";
    static final String GEANT = "traffic/geant/geant_sndlib_15min_20050504-20050506.csv";
    static final String GERMANY50 = "traffic/germany50/germany50_sndlib_1day_20050201-20050221.csv";

    private static final java.util.Map<String, TrafficSeries> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The parsed series (cached: TrafficSeries is immutable). */
    static TrafficSeries load(String relative) {
        TrafficSeries s = CACHE.get(relative);
        if (s == null) {
            s = TrafficCsvImporter.read(SharedData.require(relative));
            CACHE.put(relative, s);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            ABILENE + ",abilene,2016,132,0",
            GEANT + ",geant,228,462,2",
            GERMANY50 + ",germany50,21,2450,0"})
    void realSeriesParseAndMatchTheirTopologies(String file, String topology, int rows, int pairs, int missing) {
        byte[] raw = SharedData.bytes(file);
        TrafficSeries s = TrafficCsvImporter.read(raw);
        assertEquals(rows, s.size());
        assertEquals(pairs, s.pairs().size());
        assertEquals(missing, s.samples().stream().filter(TrafficSample::missing).count());
        s.validateAgainst(SndlibXmlImporterTest.load(topology));

        // independent reading: split lines by hand, Mbit/s * 1e6, compare every row's total and n_demands
        // geant and germany50 use CRLF line ends, abilene LF
        String[] lines = new String(raw, StandardCharsets.UTF_8).split("\r?\n");
        assertEquals(rows + 1, lines.length);
        for (int r = 0; r < rows; r++) {
            String[] cells = lines[r + 1].split(",", -1);
            double total = 0;
            int nonEmpty = 0;
            for (int c = 2; c < cells.length; c++) {
                if (!cells[c].isEmpty()) {
                    total += Double.parseDouble(cells[c]) * 1e6;
                    nonEmpty++;
                }
            }
            TrafficSample sample = s.samples().get(r);
            assertEquals(cells[0], sample.time());
            assertEquals(Integer.parseInt(cells[1]) == 0, sample.missing());
            assertEquals(total, sample.totalBps(), Math.max(1e-3, total * 1e-12), "row " + r);
            if (!sample.missing()) {
                assertEquals(nonEmpty, s.demandsAt(r).size(), "all values are non-zero, so one demand per cell");
            }
        }
    }

    @Test
    void abileneValuesAreConvertedToBitsPerSecond() {
        TrafficSeries s = load(ABILENE);
        assertEquals(new OdPair("ATLAM5", "ATLAng"), s.pairs().get(0));
        assertEquals(new OdPair("WASHng", "STTLng"), s.pairs().get(131));
        TrafficSample first = s.samples().get(0);
        assertEquals("20040301-0000", first.time());
        assertEquals(522208.0, first.rateBps(0), "0.522208 Mbit/s, exactly");
        assertEquals(3141640.0, first.rateBps(10), "ATLAM5->WASHng 3.14164 Mbit/s");
        // row 2 (20040301-0005) has an empty ATLAM5->SNVAng cell: 0, and no demand for it
        TrafficSample second = s.samples().get(1);
        assertEquals(0.0, second.rateBps(8));
        List<Demand> demands = s.demandsAt(1);
        assertEquals(131, demands.size());
        assertTrue(demands.stream().noneMatch(d -> d.src().equals("ATLAM5") && d.dst().equals("SNVAng")));
        assertEquals(new Demand("ATLAM5", "ATLAng", 465701.0), demands.get(0));
    }

    @Test
    void geantMissingRowsAreNotZeroTraffic() {
        TrafficSeries s = load(GEANT);
        assertTrue(s.samples().get(0).missing());
        assertTrue(s.samples().get(1).missing());
        assertFalse(s.samples().get(2).missing());
        assertEquals(2, s.firstPresentRow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.demandsAt(0));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertEquals(445, s.demandsAt(2).size());
        assertEquals(26503371.0, s.demandsAt(2).get(0).rateBps());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> s.demandsAt(228));
        assertTrue(range.getMessage().contains("out of range") && range.getMessage().contains("228"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.demandsAt(-1));
    }

    @Test
    void validateAgainstNamesTheMissingNode() {
        TrafficSeries geant = load(GEANT);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> geant.validateAgainst(SndlibXmlImporterTest.load("abilene")));
        assertTrue(e.getMessage().contains("at1.at"), e.getMessage());
        assertEquals("pairs[0].src", e.field());
    }

    @ParameterizedTest
    @CsvSource({ABILENE, GEANT, GERMANY50})
    void writeThenReadGivesTheSameSeries(String file) {
        TrafficSeries s = load(file);
        byte[] written = TrafficCsvImporter.write(s);
        assertEquals(s, TrafficCsvImporter.read(written));
    }

    @Test
    void writeKeepsAllZeroPresentRowsApartFromMissingRows() {
        TrafficSeries s = new TrafficSeries(List.of(new OdPair("a", "b"), new OdPair("b", "a")), List.of(
                new TrafficSample("t0", true, new double[2]),
                new TrafficSample("t1", false, new double[2]),
                new TrafficSample("t2", false, new double[] {1.5e6, 0})));
        String csv = new String(TrafficCsvImporter.write(s), StandardCharsets.UTF_8);
        assertEquals("time,n_demands_in_file,a->b,b->a\nt0,0,,\nt1,2,0,0\nt2,1,1.5,\n", csv);
        assertEquals(s, TrafficCsvImporter.read(csv.getBytes(StandardCharsets.UTF_8)));
    }
}
