package io.twinloop.forecast.neural;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The neural forecaster on a small synthetic 5-minute series with gaps (fast: a few seconds). */
class NeuralForecasterTest {
    static final int ROWS = 864;           // three days of 5-minute rows
    static final int TRAIN_END = 700;
    static final Set<Integer> MISSING = Set.of(100, 101, 500, 760);
    static final TrainConfig SMALL = TrainConfig.defaults().withContext(12).withHiddenUnits(List.of(16)).withEpochs(3)
            .withCycles(3600, 4).withDays(2).withBatchSize(128);

    static TrafficSeries series;
    static NeuralForecaster model;

    static List<OdPair> pairs() {
        return List.of(new OdPair("A", "B"), new OdPair("A", "C"), new OdPair("B", "A"), new OdPair("B", "C"),
                new OdPair("C", "A"), new OdPair("C", "B"));
    }

    /** A daily shape, an hourly bump and a deterministic wiggle, per pair at a different size. */
    static TrafficSeries synthetic(int rows, Set<Integer> missing) {
        List<TrafficSample> samples = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int day = r / 288;
            int minute = (r % 288) * 5;
            String time = String.format("202403%02d-%02d%02d", 1 + day, minute / 60, minute % 60);
            double[] rates = new double[6];
            boolean gap = missing.contains(r);
            if (!gap) {
                for (int p = 0; p < 6; p++) {
                    double daily = 1.5 + Math.sin(2 * Math.PI * (r % 288) / 288.0 + p);
                    double hourly = (r % 12 == 3) ? 0.4 : 0;
                    double wiggle = 0.1 * (((r * 31 + p * 7) % 13) - 6) / 6.0;
                    rates[p] = 1e6 * (p + 1) * (p + 1) * Math.max(0.05, daily + hourly + wiggle);
                }
            }
            samples.add(new TrafficSample(time, gap, rates));
        }
        return new TrafficSeries(pairs(), samples);
    }

    @BeforeAll
    static void train() {
        series = synthetic(ROWS, MISSING);
        model = NeuralForecaster.train(series, TRAIN_END, 300, SMALL, TrainListener.NONE);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void normalisationIsFittedOnTrainingRowsOnly() {
        SeriesNormaliser fitted = SeriesNormaliser.fit(series, TRAIN_END);
        TrafficSeries changedAfter = replaceRows(series, TRAIN_END, ROWS, 1e12);
        SeriesNormaliser same = SeriesNormaliser.fit(changedAfter, TRAIN_END);
        assertArrayEquals(fitted.scalesBps(), same.scalesBps(), 0.0);
        assertEquals(fitted.meanTotalBps(), same.meanTotalBps(), 0.0);
        // ...while a change before the split does move it (so the check above is not vacuous)
        SeriesNormaliser moved = SeriesNormaliser.fit(replaceRows(series, TRAIN_END - 10, TRAIN_END, 1e12), TRAIN_END);
        assertNotEquals(fitted.scalesBps()[0], moved.scalesBps()[0]);
        // the scale is the mean over measured training rows: missing rows are not zeros
        double sum = 0;
        int n = 0;
        for (int r = 0; r < TRAIN_END; r++) {
            if (!MISSING.contains(r)) {
                sum += series.samples().get(r).rateBps(2);
                n++;
            }
        }
        assertEquals(sum / n, fitted.scalesBps()[2], 1e-6 * sum / n);
        assertArrayEquals(fitted.scalesBps(), model.metadata().scalesBps(), 0.0);
    }

    @Test
    void trainingReadsNothingAtOrAfterTheSplit() {
        TrafficSeries poisoned = replaceRows(series, TRAIN_END, ROWS, 1e13);
        try (NeuralForecaster other = NeuralForecaster.train(poisoned, TRAIN_END, 300, SMALL, TrainListener.NONE)) {
            int origin = TRAIN_END - 1;
            assertForecastsEqual(model.predict(series, origin, 12), other.predict(series, origin, 12));
        }
    }

    @Test
    void aForecastReadsNoRowAfterItsOrigin() {
        for (int origin : new int[] {TRAIN_END - 1, 750, 760, ROWS - 13}) {
            double[][][] clean = model.predict(series, origin, 12);
            double[][][] poisoned = model.predict(replaceRows(series, origin + 1, ROWS, 1e13), origin, 12);
            assertForecastsEqual(clean, poisoned);
            // rows at or before the origin do matter (the check above is not vacuous)
            double[][][] changed = model.predict(replaceRows(series, origin, origin + 1, 1e9), origin, 12);
            assertNotEquals(clean[0][0][0], changed[0][0][0], "origin " + origin);
        }
    }

    @Test
    void aForecastReadsNoRowBeforeFirstRowRead() {
        // SMALL looks back two days (576 five-minute rows) for its day-aligned change
        assertEquals(0, model.firstRowRead(300));
        for (int origin : new int[] {750, 800, ROWS - 13}) {
            int first = model.firstRowRead(origin);
            assertEquals(origin - 576, first, "origin " + origin);
            double[][][] clean = model.predict(series, origin, 12);
            assertForecastsEqual(clean, model.predict(replaceRows(series, 0, first, 1e13), origin, 12));
            // the first row read does matter (the check above is not vacuous)
            double[][][] changed = model.predict(replaceRows(series, first, first + 1, 1e10), origin, 12);
            boolean differs = false;
            for (int h = 0; h < clean.length; h++) {
                differs |= !java.util.Arrays.equals(clean[h][0], changed[h][0]);
            }
            assertTrue(differs, "changing row " + first + " changes the forecast from " + origin);
        }
    }

    @Test
    void forecastsAreOrderedNonNegativeAndInBitsPerSecond() {
        double[][][] f = model.predict(series, 760, 12);  // origin on a missing row: forward fill from row 759
        assertEquals(12, f.length);
        for (double[][] step : f) {
            assertEquals(2, step.length);
            for (int p = 0; p < 6; p++) {
                assertTrue(Double.isFinite(step[0][p]) && step[0][p] >= 0, "p50 " + step[0][p]);
                assertTrue(step[1][p] >= step[0][p], "p90 " + step[1][p] + " < p50 " + step[0][p]);
            }
        }
        // the scale is bit/s: the biggest pair's forecast is within a factor 3 of its last measured value
        double last = series.samples().get(759).rateBps(5);
        assertTrue(f[0][0][5] > last / 3 && f[0][0][5] < last * 3, f[0][0][5] + " vs " + last);
        assertEquals(3, model.predict(series, 760, 3).length);
    }

    @Test
    void saveThenLoadGivesIdenticalForecastsAndMetadata(@TempDir Path dir) throws IOException {
        model.save(dir);
        try (NeuralForecaster loaded = NeuralForecaster.load(dir)) {
            for (int origin : new int[] {TRAIN_END - 1, 800}) {
                assertForecastsEqual(model.predict(series, origin, 12), loaded.predict(series, origin, 12));
            }
            ModelMetadata a = model.metadata();
            ModelMetadata b = loaded.metadata();
            assertEquals(a.pairs(), b.pairs());
            assertEquals(a.features(), b.features());
            assertArrayEquals(a.scalesBps(), b.scalesBps(), 0.0);
            assertEquals(a.parameterCount(), b.parameterCount());
            assertEquals(a.trainFirstTime(), b.trainFirstTime());
            assertEquals("20240303-1015", b.trainLastTime());   // row 699
            assertEquals(64, b.paramsSha256().length());
            assertEquals(SMALL.seed(), b.seed());
        }
    }

    @Test
    void corruptOrMismatchedFilesAreRejectedClearly(@TempDir Path dir) throws IOException {
        model.save(dir);
        Path params = dir.resolve(NeuralForecaster.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(params, bytes);
        InvalidModelException corrupt = assertThrows(InvalidModelException.class, () -> NeuralForecaster.load(dir));
        assertTrue(corrupt.getMessage().contains("checksum"), corrupt.getMessage());

        model.save(dir);
        ObjectMapper json = new ObjectMapper();
        Path md = dir.resolve(NeuralForecaster.METADATA_FILE);
        ObjectNode node = (ObjectNode) json.readTree(md.toFile());
        node.put("formatVersion", 99);
        json.writeValue(md.toFile(), node);
        InvalidModelException version = assertThrows(InvalidModelException.class, () -> NeuralForecaster.load(dir));
        assertTrue(version.getMessage().contains("format version 99"), version.getMessage());

        node.put("formatVersion", NeuralForecaster.FORMAT_VERSION);
        node.putArray("scalesBps").add(1.0);
        json.writeValue(md.toFile(), node);
        InvalidModelException scales = assertThrows(InvalidModelException.class, () -> NeuralForecaster.load(dir));
        assertTrue(scales.getMessage().contains("scalesBps"), scales.getMessage());

        Files.writeString(md, "{ not json");
        InvalidModelException broken = assertThrows(InvalidModelException.class, () -> NeuralForecaster.load(dir));
        assertTrue(broken.getMessage().contains("not valid model metadata"), broken.getMessage());

        assertThrows(InvalidModelException.class, () -> NeuralForecaster.load(dir.resolve("nothing-here")));
    }

    @Test
    void seriesWithOtherPairsAreRejected() {
        List<OdPair> swapped = new ArrayList<>(pairs());
        swapped.set(1, new OdPair("A", "D"));
        List<TrafficSample> rows = series.samples();
        TrafficSeries other = new TrafficSeries(swapped, rows);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(other, 750, 1));
        assertTrue(e.getMessage().contains("A->D") && e.getMessage().contains("A->C"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.predict(series, 750, 13));
        assertThrows(IllegalArgumentException.class, () -> model.predict(series, ROWS, 1));
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        try (NeuralForecaster again = NeuralForecaster.train(series, TRAIN_END, 300, SMALL, TrainListener.NONE)) {
            assertForecastsEqual(model.predict(series, 800, 12), again.predict(series, 800, 12));
            assertEquals(model.metadata().validationLoss(), again.metadata().validationLoss(), 0.0);
        }
        try (NeuralForecaster otherSeed = NeuralForecaster.train(series, TRAIN_END, 300, SMALL.withSeed(7),
                TrainListener.NONE)) {
            assertNotEquals(model.predict(series, 800, 1)[0][0][0], otherSeed.predict(series, 800, 1)[0][0][0]);
        }
    }

    @Test
    void metadataDescribesTheTraining() {
        ModelMetadata md = model.metadata();
        assertEquals(NeuralForecaster.FORMAT, md.format());
        assertEquals(12, md.context());
        assertEquals(12, md.horizon());
        assertEquals(List.of(0.5, 0.9), md.quantiles());
        assertEquals(300, md.stepSeconds());
        assertEquals(TRAIN_END, md.trainRows());
        assertTrue(md.validationFromRow() > 550 && md.validationFromRow() < TRAIN_END, "" + md.validationFromRow());
        assertEquals(12, md.cycleRows());
        assertEquals(288, md.dayRows());
        assertFalse(md.dayOfWeek());                         // less than a week of training rows
        assertEquals(md.features().size(), 12 + 1 + 12 + 12 + 2 + 2 + 2);
        // 16 hidden units: (F + 1) * 16 + (16 + 1) * 24 weights
        assertEquals((md.features().size() + 1) * 16 + 17 * 24, md.parameterCount());
        assertTrue(md.architecture().startsWith("mlp("), md.architecture());
        assertTrue(md.epochsRun() >= 1 && md.bestEpoch() >= 1 && md.bestEpoch() <= md.epochsRun());
        assertTrue(Double.isFinite(md.validationLoss()) && Double.isFinite(md.trainLoss()));
    }

    @Test
    void aSnapshotOfTheWeightsRestoresThemExactly() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            ai.djl.nn.Block block = NeuralForecaster.mlp(List.of(8), 2);
            block.setInitializer(new ai.djl.training.initializer.NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 5));
            List<float[]> saved = MlpTraining.snapshot(block);
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
                p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
            }
            assertFalse(java.util.Arrays.equals(saved.get(0), MlpTraining.snapshot(block).get(0)));
            MlpTraining.restore(block, saved);
            List<float[]> back = MlpTraining.snapshot(block);
            for (int i = 0; i < saved.size(); i++) {
                assertArrayEquals(saved.get(i), back.get(i), 0f);
            }
        }
    }

    static TrafficSeries replaceRows(TrafficSeries s, int from, int to, double value) {
        List<TrafficSample> rows = new ArrayList<>(s.samples());
        for (int r = from; r < to; r++) {
            double[] v = new double[s.pairs().size()];
            java.util.Arrays.fill(v, value);
            rows.set(r, new TrafficSample(rows.get(r).time(), false, v));
        }
        return new TrafficSeries(s.pairs(), rows);
    }

    static void assertForecastsEqual(double[][][] a, double[][][] b) {
        assertEquals(a.length, b.length);
        for (int h = 0; h < a.length; h++) {
            for (int q = 0; q < a[h].length; q++) {
                assertArrayEquals(a[h][q], b[h][q], 0.0, "h " + (h + 1) + " q " + q);
            }
        }
    }
}
