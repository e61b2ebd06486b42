package io.twinloop.forecast.grpc;

import io.twinloop.forecast.neural.TrainConfig;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.forecast.v1.TrainOptions;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request's {@link TrainOptions} (Train's {@code options}, Backtest's {@code train_options})
 * into a {@link TrainConfig}, and writes a config back as the options map the registry stores. Stateless.
 */
final class TrainOptionsReader {
    /** Most epochs a request may ask for. */
    static final int MAX_EPOCHS = 1000;

    private TrainOptionsReader() {
    }

    /** The training options: the defaults of {@link TrainConfig} with the request's non-zero values. */
    static TrainConfig config(TrainOptions o, String field) {
        if (!o.getArchitecture().isEmpty() && !o.getArchitecture().equals("mlp")) {
            throw new RequestException(field + ".architecture", "architecture must be \"mlp\" (or empty), got \""
                    + o.getArchitecture() + "\"");
        }
        if (o.getQuantilesCount() > 0 && !new HashSet<>(o.getQuantilesList()).equals(Set.of(0.5, 0.9))) {
            throw new RequestException(field + ".quantiles", "the model is trained for the quantiles [0.5, 0.9]; got "
                    + o.getQuantilesList());
        }
        if (o.getEpochs() < 0 || o.getEpochs() > MAX_EPOCHS) {
            throw new RequestException(field + ".epochs", "epochs must be in 1.." + MAX_EPOCHS + " (0 = default), got "
                    + o.getEpochs());
        }
        TrainConfig c = TrainConfig.defaults();
        try {
            if (o.getEpochs() > 0) {
                c = c.withEpochs(o.getEpochs());
            }
            if (o.getContextSteps() != 0) {
                c = c.withContext(o.getContextSteps());
            }
            if (o.getHorizonSteps() != 0) {
                c = c.withHorizon(o.getHorizonSteps());
            }
            if (o.getLearningRate() != 0) {
                c = c.withLearningRate(o.getLearningRate());
            }
            if (o.getBatchSize() != 0) {
                c = c.withBatchSize(o.getBatchSize());
            }
            if (o.getSeed() != 0) {
                c = c.withSeed(o.getSeed());
            }
        } catch (IllegalArgumentException e) {
            throw new RequestException(field, e.getMessage());
        }
        return c;
    }

    /** The options a model was trained with, as its {@code registry.json} records them. */
    static Map<String, Object> optionsMap(TrainConfig c, int trainEndRow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", "mlp");
        m.put("epochs", c.epochs());
        m.put("contextSteps", c.context());
        m.put("horizonSteps", c.horizon());
        m.put("learningRate", c.learningRate());
        m.put("batchSize", c.batchSize());
        m.put("seed", c.seed());
        m.put("trainEndRow", trainEndRow);
        m.put("hiddenUnits", c.hiddenUnits());
        return m;
    }
}
