package io.twinloop.forecast.registry;

import io.twinloop.forecast.neural.ModelMetadata;
import io.twinloop.forecast.neural.NeuralForecaster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One version of a model in the registry, loaded.
 *
 * @param name          model name
 * @param version       1 for the first training under the name
 * @param network       the network it forecasts
 * @param dataSource    {@code twin} or {@code csv}
 * @param createdUnixMs when it was registered
 * @param options       the training options as given (resolved defaults included)
 * @param validation    1-step.. H-step NMAE per method ({@code model}, {@code last-value},
 *                      {@code seasonal-naive}, {@code ewma}) on the validation rows at the end of the
 *                      training data (empty when there were none)
 * @param dir           its directory
 * @param forecaster    the model (shared; thread-safe)
 */
public record RegisteredModel(String name, int version, String network, String dataSource, long createdUnixMs,
                              Map<String, Object> options, Map<String, List<Double>> validation, Path dir,
                              NeuralForecaster forecaster) {

    /** Copies the maps. */
    public RegisteredModel {
        options = Map.copyOf(options);
        validation = Map.copyOf(validation);
    }

    /**
     * The baseline that beat the model at one step on its validation rows, with both NMAEs, or
     * null when the model was at least as good (or there were no validation rows).
     */
    public String beatenBy() {
        List<Double> own = validation.get("model");
        if (own == null || own.isEmpty()) {
            return null;
        }
        String best = null;
        double bestNmae = own.get(0);
        for (var e : validation.entrySet()) {
            if (!e.getKey().equals("model") && !e.getValue().isEmpty() && e.getValue().get(0) < bestNmae) {
                best = e.getKey();
                bestNmae = e.getValue().get(0);
            }
        }
        return best == null ? null : best + " (1-step NMAE " + String.format(java.util.Locale.ROOT, "%.4f", bestNmae)
                + " vs the model's " + String.format(java.util.Locale.ROOT, "%.4f", own.get(0)) + ")";
    }

    /** The model's own metadata (architecture, data range, features, losses). */
    public ModelMetadata metadata() {
        return forecaster.metadata();
    }
}
