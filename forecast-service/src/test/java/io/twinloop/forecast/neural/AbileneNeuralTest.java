package io.twinloop.forecast.neural;

import io.twinloop.forecast.backtest.BacktestReport;
import io.twinloop.forecast.backtest.Backtester;
import io.twinloop.forecast.backtest.BaselineMethods;
import io.twinloop.forecast.backtest.ForecastMethod;
import io.twinloop.forecast.backtest.NeuralMethod;
import io.twinloop.forecast.baseline.SharedData;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real, short training run on the Abilene week (SNDlib's conversion of Zhang's 5-minute TMs, 132 OD
 * pairs): train on the first 5 days with a small network and few epochs, then score the last 2 days.
 * The full-size numbers are in {@code bench/README.md}, section 7.
 */
class AbileneNeuralTest {
    static final String CSV = "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv";

    @Test
    void aShortTrainingRunLowersTheValidationLossAndBeatsTheBaselinesOnTheLastTwoDays() {
        TrafficSeries series = TrafficCsvImporter.read(SharedData.file(CSV));
        int split = 5 * 288;
        TrainConfig cfg = TrainConfig.defaults().withHiddenUnits(List.of(64, 64)).withEpochs(4);
        List<double[]> epochs = new ArrayList<>();
        try (NeuralForecaster model = NeuralForecaster.train(series, split, 300, cfg,
                (epoch, total, trainLoss, valLoss, secs) -> epochs.add(new double[] {epoch, trainLoss, valLoss, secs}))) {
            for (double[] e : epochs) {
                System.out.printf("Abilene epoch %.0f: train loss %.5f, validation loss %.5f, %.1f s%n", e[0], e[1], e[2], e[3]);
            }
            assertEquals(4, epochs.size());
            double first = epochs.get(0)[2];
            double best = epochs.stream().mapToDouble(e -> e[2]).min().orElseThrow();
            assertTrue(Double.isFinite(first) && best < first, "validation loss did not decrease: " + first + " -> " + best);
            assertEquals(best, model.metadata().validationLoss(), 1e-9);

            List<ForecastMethod> methods = new ArrayList<>();
            methods.add(new NeuralMethod("mlp", model, series));
            methods.addAll(BaselineMethods.all(series, split, 300, 12));
            BacktestReport r = new Backtester(series, split, 12).run(methods);
            double mlp = r.method("mlp").at(1).nmae();
            double last = r.method("last-value").at(1).nmae();
            double seasonal = r.method("seasonal-naive(day)").at(1).nmae();
            System.out.printf("Abilene last 2 days, h = 1: NMAE mlp %.4f, last-value %.4f, seasonal-naive %.4f; "
                    + "p90 coverage %.3f%n", mlp, last, seasonal, r.method("mlp").at(1).p90Coverage());
            assertTrue(mlp < last, "mlp " + mlp + " vs last value " + last);
            assertTrue(mlp < 0.8 * seasonal, "mlp " + mlp + " vs seasonal naive " + seasonal);
            double coverage = r.method("mlp").at(1).p90Coverage();
            assertTrue(coverage > 0.75 && coverage < 0.98, "p90 coverage " + coverage);
        }
    }
}
