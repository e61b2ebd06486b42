package io.twinloop.forecast.registry;

import io.twinloop.forecast.neural.ModelMetadata;
import io.twinloop.forecast.neural.NeuralForecaster;

import java.nio.file.Path;
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
 * @param dir           its directory
 * @param forecaster    the model (shared; thread-safe)
 */
public record RegisteredModel(String name, int version, String network, String dataSource, long createdUnixMs,
                              Map<String, Object> options, Path dir, NeuralForecaster forecaster) {

    /** Copies the options. */
    public RegisteredModel {
        options = Map.copyOf(options);
    }

    /** The model's own metadata (architecture, data range, features, losses). */
    public ModelMetadata metadata() {
        return forecaster.metadata();
    }
}
