package io.twinloop.forecast.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.model.NetworkName;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trained forecasters on disk, one directory per version:
 * {@code <root>/<name>/v<version>/} holding the model's own files ({@code model.json},
 * {@code model.params}) and {@code registry.json} (name, version, network, data source, creation
 * time, training options).
 *
 * <p><b>Writes are atomic.</b> A new version is written to a hidden directory next to its final
 * place and renamed into it, so a reader (this process's {@link #rescan()} or another replica
 * sharing the volume) sees a version completely or not at all. Versions are never overwritten:
 * training again under a name adds the next version.
 *
 * <p><b>Hot reload.</b> {@link #rescan()} loads every version directory it does not know yet and
 * forgets the ones that disappeared; the service calls it periodically, so a model copied into the
 * directory, or trained by another replica, starts serving without a restart. A directory that
 * fails to load is logged once (until its files change) and skipped. Forgotten models are closed
 * on the next rescan, not at once, so forecasts running on them finish.
 *
 * <p>Thread-safe.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    /**
     * Directories the registry reads as model names: not hidden (so never {@code .incoming-*} or
     * {@code .deleting-*}). New names follow the network-name rule ({@link #checkName}), which is stricter.
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");
    static final String REGISTRY_FILE = "registry.json";
    private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]{0,8})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Map<String, RegisteredModel> models = new ConcurrentHashMap<>(); // key name@version
    private final Map<Path, Long> failed = new HashMap<>(); // dir -> modification time when it failed
    private final List<RegisteredModel> retired = new ArrayList<>();

    /** A registry rooted at {@code root} (created if missing); loads what is there. */
    public ModelRegistry(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model registry directory " + root, e);
        }
        rescan();
    }

    /** The registry's directory. */
    public Path root() {
        return root;
    }

    private static String key(String name, int version) {
        return name + "@" + version;
    }

    /**
     * Registers {@code forecaster} as the next version of {@code name}.
     *
     * @throws IllegalArgumentException if the name is invalid or already belongs to another network
     */
    public synchronized RegisteredModel register(String name, String network, String dataSource,
                                                 Map<String, Object> options, Map<String, List<Double>> validation,
                                                 NeuralForecaster forecaster) {
        checkOwner(name, network);
        Path dir = root.resolve(name);
        int version = nextVersion(dir);
        Path tmp = dir.resolve(".incoming-" + UUID.randomUUID());
        Path target = dir.resolve("v" + version);
        long created = System.currentTimeMillis();
        try {
            Files.createDirectories(tmp);
            forecaster.save(tmp);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", name);
            info.put("version", version);
            info.put("network", network);
            info.put("dataSource", dataSource);
            info.put("createdUnixMs", created);
            info.put("options", options);
            info.put("validationNmae", validation);
            JSON.writeValue(tmp.resolve(REGISTRY_FILE).toFile(), info);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write model " + name + " v" + version + " to " + target, e);
        }
        RegisteredModel m = new RegisteredModel(name, version, network, dataSource, created, options, validation, target,
                forecaster);
        models.put(key(name, version), m);
        return m;
    }

    private int nextVersion(Path dir) {
        int max = 0;
        for (RegisteredModel m : models.values()) {
            if (m.dir().getParent().equals(dir)) {
                max = Math.max(max, m.version());
            }
        }
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
        return max + 1;
    }

    /**
     * Checks that {@code name} is a valid model name and not taken by another network.
     *
     * @throws IllegalArgumentException if it is not
     */
    public void checkOwner(String name, String network) {
        checkName(name);
        for (RegisteredModel m : models.values()) {
            if (m.name().equals(name) && !m.network().equals(network)) {
                throw new IllegalArgumentException("model name '" + name + "' belongs to network " + m.network()
                        + "; choose another name for network " + network);
            }
        }
    }

    /**
     * Checks a model name. Names default to the network's and are directory names, so they follow
     * the network-name rule ({@link NetworkName}).
     */
    public static void checkName(String name) {
        String problem = NetworkName.problem("model name", name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What {@link #deleteNetwork} removed: the model names (sorted) and their versions. */
    public record Deleted(List<String> names, int versions) {
    }

    /**
     * Deletes every model of {@code network}, all versions: each name's directory is first renamed
     * to a hidden one (so this and other replicas' rescans see the model gone at once, never half
     * deleted), then removed. The models are closed on the next rescan, so forecasts running on
     * them finish. A network without models deletes nothing.
     */
    public synchronized Deleted deleteNetwork(String network) {
        Map<String, List<RegisteredModel>> byName = new java.util.TreeMap<>();
        for (RegisteredModel m : models.values()) {
            if (m.network().equals(network)) {
                byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m);
            }
        }
        int versions = 0;
        for (var e : byName.entrySet()) {
            Path dir = root.resolve(e.getKey());
            Path trash = root.resolve(".deleting-" + UUID.randomUUID());
            try {
                try {
                    Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(dir, trash);
                }
            } catch (java.nio.file.NoSuchFileException ex) {
                // removed from the volume already (another replica); forget it all the same
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot delete model " + e.getKey() + " in " + root, ex);
            }
            for (RegisteredModel m : e.getValue()) {
                models.remove(key(m.name(), m.version()));
                retired.add(m);
                versions++;
            }
            deleteQuietly(trash);
            LOG.infof("deleted model %s (%d versions) of network %s", e.getKey(), e.getValue().size(), network);
        }
        return new Deleted(List.copyOf(byName.keySet()), versions);
    }

    /**
     * Loads new version directories, forgets removed ones, closes the models forgotten by the
     * previous rescan.
     *
     * @return the number of versions loaded by this call
     */
    public synchronized int rescan() {
        for (RegisteredModel m : retired) {
            m.forecaster().close();
        }
        retired.clear();
        Map<String, Path> onDisk = new HashMap<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path n : names) {
                if (!NAME.matcher(n.getFileName().toString()).matches()) {
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
        } catch (IOException e) {
            LOG.warnf("cannot scan the model registry %s: %s", root, e.getMessage());
            return 0;
        }
        for (var it = models.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!onDisk.containsKey(e.getKey())) {
                LOG.infof("model %s v%d was removed from %s", e.getValue().name(), e.getValue().version(), root);
                retired.add(e.getValue());
                it.remove();
            }
        }
        int loaded = 0;
        for (var e : onDisk.entrySet()) {
            if (models.containsKey(e.getKey())) {
                continue;
            }
            Path dir = e.getValue();
            long mtime = lastModified(dir);
            Long failedAt = failed.get(dir);
            if (failedAt != null && failedAt == mtime) {
                continue;
            }
            try {
                RegisteredModel m = load(dir);
                models.put(e.getKey(), m);
                failed.remove(dir);
                loaded++;
                LOG.infof("loaded model %s v%d for network %s from %s", m.name(), m.version(), m.network(), dir);
            } catch (IOException | RuntimeException ex) {
                failed.put(dir, mtime);
                LOG.warnf("skipping model directory %s: %s", dir, ex.getMessage());
            }
        }
        return loaded;
    }

    private static long lastModified(Path dir) {
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

    private RegisteredModel load(Path dir) throws IOException {
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

    /** The newest model (by registration time) of {@code network}. */
    public Optional<RegisteredModel> latest(String network) {
        return models.values().stream().filter(m -> m.network().equals(network))
                .max(Comparator.comparingLong(RegisteredModel::createdUnixMs).thenComparingInt(RegisteredModel::version));
    }

    /** Version {@code version} of {@code name}, or its newest version when {@code version} is 0. */
    public Optional<RegisteredModel> get(String name, int version) {
        if (version > 0) {
            return Optional.ofNullable(models.get(key(name, version)));
        }
        return models.values().stream().filter(m -> m.name().equals(name))
                .max(Comparator.comparingInt(RegisteredModel::version));
    }

    /** The models of {@code network} (all networks when empty), newest first; only each name's newest version unless {@code allVersions}. */
    public List<RegisteredModel> list(String network, boolean allVersions) {
        Map<String, RegisteredModel> newest = new HashMap<>();
        List<RegisteredModel> out = new ArrayList<>();
        for (RegisteredModel m : models.values()) {
            if (!network.isEmpty() && !m.network().equals(network)) {
                continue;
            }
            if (allVersions) {
                out.add(m);
            } else {
                newest.merge(m.name(), m, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        if (!allVersions) {
            out.addAll(newest.values());
        }
        out.sort(Comparator.comparingLong(RegisteredModel::createdUnixMs).reversed()
                .thenComparing(RegisteredModel::name).thenComparing(Comparator.comparingInt(RegisteredModel::version).reversed()));
        return out;
    }

    /** The networks that have at least one model. */
    public java.util.Set<String> networks() {
        java.util.Set<String> s = new java.util.TreeSet<>();
        models.values().forEach(m -> s.add(m.network()));
        return s;
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

    @Override
    public synchronized void close() {
        for (RegisteredModel m : retired) {
            m.forecaster().close();
        }
        retired.clear();
        for (RegisteredModel m : models.values()) {
            m.forecaster().close();
        }
        models.clear();
    }
}
