package io.twinloop.forecast.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.twinloop.forecast.neural.NeuralForecaster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's files: {@code <root>/<name>/v<version>/} holding the model's own files (written by
 * {@link NeuralForecaster#save}) and {@value #REGISTRY_FILE}. A version is written to a hidden
 * {@code .incoming-*} directory and renamed into place; a name is deleted by renaming its directory to a
 * hidden {@code .deleting-*} one first; so a scan sees a version completely or not at all. Holds no state
 * but its root; the {@link ModelRegistry} decides what is loaded and serves.
 */
final class ModelDirectories {
    static final String REGISTRY_FILE = "registry.json";
    private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]{0,8})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /** The files under {@code root}, created if missing. */
    ModelDirectories(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model registry directory " + root, e);
        }
    }

    Path root() {
        return root;
    }

    /** The directory of every version of {@code name}. */
    Path nameDir(String name) {
        return root.resolve(name);
    }

    /** The key of a version in {@link #versions()}: {@code name@version}. */
    static String key(String name, int version) {
        return name + "@" + version;
    }

    /**
     * Writes {@code forecaster} and its {@value #REGISTRY_FILE} as version {@code version} of
     * {@code name}, atomically.
     *
     * @return the version's directory
     */
    Path write(String name, int version, String network, String dataSource, long createdUnixMs,
               Map<String, Object> options, Map<String, List<Double>> validation, NeuralForecaster forecaster) {
        Path dir = nameDir(name);
        Path tmp = dir.resolve(".incoming-" + UUID.randomUUID());
        Path target = dir.resolve("v" + version);
        try {
            Files.createDirectories(tmp);
            forecaster.save(tmp);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", name);
            info.put("version", version);
            info.put("network", network);
            info.put("dataSource", dataSource);
            info.put("createdUnixMs", createdUnixMs);
            info.put("options", options);
            info.put("validationNmae", validation);
            JSON.writeValue(tmp.resolve(REGISTRY_FILE).toFile(), info);
            move(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write model " + name + " v" + version + " to " + target, e);
        }
        return target;
    }

    /** The highest version directory of {@code name} on disk, 0 when there is none. */
    int highestVersion(String name) {
        Path dir = nameDir(name);
        int max = 0;
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    Matcher v = VERSION_DIR.matcher(p.getFileName().toString());
                    if (v.matches()) {
                        max = Math.max(max, Integer.parseInt(v.group(1)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return max;
    }

    /** Every version directory on disk by {@link #key}, under names that match {@link ModelRegistry#NAME}. */
    Map<String, Path> versions() throws IOException {
        Map<String, Path> onDisk = new HashMap<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path n : names) {
                if (!ModelRegistry.NAME.matcher(n.getFileName().toString()).matches()) {
                    continue;
                }
                try (DirectoryStream<Path> versions = Files.newDirectoryStream(n, Files::isDirectory)) {
                    for (Path v : versions) {
                        Matcher mv = VERSION_DIR.matcher(v.getFileName().toString());
                        if (mv.matches()) {
                            onDisk.put(key(n.getFileName().toString(), Integer.parseInt(mv.group(1))), v);
                        }
                    }
                }
            }
        }
        return onDisk;
    }

    /**
     * Deletes every version of {@code name}: renames its directory to a hidden one, then removes that
     * (best effort). A name already gone from the volume (another replica deleted it) is no error.
     */
    void delete(String name) {
        Path trash = root.resolve(".deleting-" + UUID.randomUUID());
        try {
            move(nameDir(name), trash);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete model " + name + " in " + root, e);
        }
        deleteQuietly(trash);
    }

    /** The newest modification time of the files in {@code dir}, -1 when it cannot be read. */
    static long lastModified(Path dir) {
        long t = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                t = Math.max(t, Files.getLastModifiedTime(p).toMillis());
            }
        } catch (IOException e) {
            return -1;
        }
        return t;
    }

    /** Reads the version in {@code dir}: its {@value #REGISTRY_FILE} and its forecaster. */
    RegisteredModel read(Path dir) throws IOException {
        Path info = dir.resolve(REGISTRY_FILE);
        if (!Files.isRegularFile(info)) {
            throw new IOException("no " + REGISTRY_FILE);
        }
        Map<String, Object> m;
        try {
            m = JSON.readValue(info.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            throw new IOException(REGISTRY_FILE + " is not valid JSON: " + e.getOriginalMessage());
        }
        String name = dir.getParent().getFileName().toString();
        int version = Integer.parseInt(dir.getFileName().toString().substring(1));
        if (!name.equals(m.get("name")) || !(m.get("version") instanceof Number n) || n.intValue() != version) {
            throw new IOException(REGISTRY_FILE + " names " + m.get("name") + " v" + m.get("version")
                    + " but the directory is " + name + "/v" + version);
        }
        if (!(m.get("network") instanceof String network) || network.isBlank()) {
            throw new IOException(REGISTRY_FILE + " has no network");
        }
        long created = m.get("createdUnixMs") instanceof Number c ? c.longValue() : 0;
        String source = m.get("dataSource") instanceof String s ? s : "";
        @SuppressWarnings("unchecked")
        Map<String, Object> options = m.get("options") instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of();
        Map<String, List<Double>> validation = new HashMap<>();
        if (m.get("validationNmae") instanceof Map<?, ?> v) {
            for (var e : v.entrySet()) {
                if (e.getKey() instanceof String k && e.getValue() instanceof List<?> l) {
                    List<Double> xs = new ArrayList<>();
                    for (Object x : l) {
                        if (x instanceof Number num) {
                            xs.add(num.doubleValue());
                        }
                    }
                    validation.put(k, xs);
                }
            }
        }
        NeuralForecaster f = NeuralForecaster.load(dir);
        return new RegisteredModel(name, version, network, source, created, options, validation, dir, f);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
