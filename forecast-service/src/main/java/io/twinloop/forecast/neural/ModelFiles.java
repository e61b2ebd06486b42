package io.twinloop.forecast.neural;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.twinloop.forecast.neural.NeuralForecaster.FORMAT;
import static io.twinloop.forecast.neural.NeuralForecaster.FORMAT_VERSION;
import static io.twinloop.forecast.neural.NeuralForecaster.METADATA_FILE;
import static io.twinloop.forecast.neural.NeuralForecaster.PARAMS_FILE;

/**
 * A {@link NeuralForecaster}'s saved form: the parameters ({@value NeuralForecaster#PARAMS_FILE}) and the
 * metadata with the parameters' SHA-256 ({@value NeuralForecaster#METADATA_FILE}). Loading checks the
 * format, the metadata's consistency, the checksum, the feature list and the network's output shape
 * before the model is used.
 */
final class ModelFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    /** Writes {@code block}'s parameters, then {@code metadata} with their checksum, into {@code dir}. */
    static void save(Block block, ModelMetadata metadata, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path params = dir.resolve(PARAMS_FILE);
        try (OutputStream os = Files.newOutputStream(params);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            block.saveParameters(out);
        }
        ModelMetadata md = metadata.withParamsSha256(sha256(params));
        JSON.writeValue(dir.resolve(METADATA_FILE).toFile(), md);
    }

    /** Loads a model saved by {@link #save}; see {@link NeuralForecaster#load}. */
    static NeuralForecaster load(Path dir) throws IOException {
        Path mdFile = dir.resolve(METADATA_FILE);
        Path params = dir.resolve(PARAMS_FILE);
        if (!Files.isRegularFile(mdFile) || !Files.isRegularFile(params)) {
            throw new InvalidModelException(dir, "expected the files " + METADATA_FILE + " and " + PARAMS_FILE
                    + " written by NeuralForecaster.save");
        }
        ModelMetadata md;
        try {
            md = JSON.readValue(mdFile.toFile(), ModelMetadata.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidModelException(dir, METADATA_FILE + " is not valid model metadata: " + e.getOriginalMessage(), e);
        }
        validate(dir, md);
        String sha = sha256(params);
        if (!sha.equals(md.paramsSha256())) {
            throw new InvalidModelException(dir, PARAMS_FILE + " does not match the checksum in " + METADATA_FILE
                    + " (the file is corrupt or belongs to another model)");
        }
        FeatureBuilder fb = new FeatureBuilder(md.context(), md.horizon(), md.stepSeconds(), md.cycleRows(), md.cycles(),
                md.dayRows(), md.days(), md.dayOfWeek());
        if (!fb.names().equals(md.features())) {
            throw new InvalidModelException(dir, "the feature list in " + METADATA_FILE
                    + " does not match this version's features; retrain the model");
        }
        Model model = Model.newInstance("twinloop-mlp", Device.cpu(), NeuralForecaster.ENGINE);
        try {
            Block block = NeuralForecaster.mlp(md.hiddenUnits(), md.horizon());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, fb.featureCount()));
            try (InputStream is = Files.newInputStream(params);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
                block.loadParameters(model.getNDManager(), in);
            }
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray probe = m.zeros(new Shape(1, fb.featureCount()));
                Shape out = block.forward(new ParameterStore(m, false), new NDList(probe), false).singletonOrThrow()
                        .getShape();
                if (!out.equals(new Shape(1, 2L * md.horizon()))) {
                    throw new InvalidModelException(dir, "the parameters give outputs of shape " + out + ", expected (1, "
                            + 2 * md.horizon() + ")");
                }
            }
            return new NeuralForecaster(model, md);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidModelException(dir, PARAMS_FILE + " does not fit the architecture " + md.architecture()
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            throw e;
        }
    }

    private static void validate(Path dir, ModelMetadata md) throws InvalidModelException {
        if (!FORMAT.equals(md.format())) {
            throw new InvalidModelException(dir, "format is '" + md.format() + "', expected '" + FORMAT + "'");
        }
        if (md.formatVersion() != FORMAT_VERSION) {
            throw new InvalidModelException(dir, "format version " + md.formatVersion() + " is not supported (this code reads "
                    + FORMAT_VERSION + "); retrain the model");
        }
        List<String> problems = new ArrayList<>();
        if (md.hiddenUnits() == null || md.hiddenUnits().isEmpty()) {
            problems.add("hiddenUnits is missing");
        }
        if (md.context() < 1 || md.horizon() < 1 || md.stepSeconds() < 1) {
            problems.add("context, horizon and stepSeconds must be >= 1");
        }
        if (md.pairs() == null || md.pairs().isEmpty()) {
            problems.add("pairs is missing");
        }
        if (md.features() == null) {
            problems.add("features is missing");
        }
        if (md.scalesBps() == null || md.pairs() == null || md.scalesBps().length != md.pairs().size()) {
            problems.add("scalesBps must have one entry per OD pair");
        } else {
            for (double s : md.scalesBps()) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    problems.add("scalesBps must be positive and finite");
                    break;
                }
            }
        }
        if (!(md.meanTotalBps() > 0)) {
            problems.add("meanTotalBps must be positive");
        }
        if (md.paramsSha256() == null || md.paramsSha256().isBlank()) {
            problems.add("paramsSha256 is missing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelException(dir, METADATA_FILE + " is inconsistent: " + String.join("; ", problems));
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
