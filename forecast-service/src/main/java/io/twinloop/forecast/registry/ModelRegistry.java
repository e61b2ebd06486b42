package io.twinloop.forecast.registry;

import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.model.NetworkName;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Trained forecasters on disk, one directory per version:
 * {@code <root>/<name>/v<version>/} holding the model's own files ({@code model.json},
 * {@code model.params}) and {@code registry.json} (name, version, network, data source, creation
 * time, training options). The files are read and written by {@link ModelDirectories}; this class
 * keeps the loaded versions and picks among them.
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

    private final ModelDirectories files;
    private final Map<String, RegisteredModel> models = new ConcurrentHashMap<>(); // key name@version
    private final Map<Path, Long> failed = new HashMap<>(); // dir -> modification time when it failed
    private final List<RegisteredModel> retired = new ArrayList<>();

    /** A registry rooted at {@code root} (created if missing); loads what is there. */
    public ModelRegistry(Path root) {
        this.files = new ModelDirectories(root);
        rescan();
    }

    /** The registry's directory. */
    public Path root() {
        return files.root();
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
        int version = nextVersion(name);
        long created = System.currentTimeMillis();
        Path target = files.write(name, version, network, dataSource, created, options, validation, forecaster);
        RegisteredModel m = new RegisteredModel(name, version, network, dataSource, created, options, validation, target,
                forecaster);
        models.put(ModelDirectories.key(name, version), m);
        return m;
    }

    private int nextVersion(String name) {
        Path dir = files.nameDir(name);
        int max = files.highestVersion(name);
        for (RegisteredModel m : models.values()) {
            if (m.dir().getParent().equals(dir)) {
                max = Math.max(max, m.version());
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
        Map<String, List<RegisteredModel>> byName = new TreeMap<>();
        for (RegisteredModel m : models.values()) {
            if (m.network().equals(network)) {
                byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m);
            }
        }
        int versions = 0;
        for (var e : byName.entrySet()) {
            files.delete(e.getKey());
            for (RegisteredModel m : e.getValue()) {
                models.remove(ModelDirectories.key(m.name(), m.version()));
                retired.add(m);
                versions++;
            }
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
        Map<String, Path> onDisk;
        try {
            onDisk = files.versions();
        } catch (IOException e) {
            LOG.warnf("cannot scan the model registry %s: %s", files.root(), e.getMessage());
            return 0;
        }
        for (var it = models.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!onDisk.containsKey(e.getKey())) {
                LOG.infof("model %s v%d was removed from %s", e.getValue().name(), e.getValue().version(), files.root());
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
            long mtime = ModelDirectories.lastModified(dir);
            Long failedAt = failed.get(dir);
            if (failedAt != null && failedAt == mtime) {
                continue;
            }
            try {
                RegisteredModel m = files.read(dir);
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

    /** The newest model (by registration time) of {@code network}. */
    public Optional<RegisteredModel> latest(String network) {
        return models.values().stream().filter(m -> m.network().equals(network))
                .max(Comparator.comparingLong(RegisteredModel::createdUnixMs).thenComparingInt(RegisteredModel::version));
    }

    /** Version {@code version} of {@code name}, or its newest version when {@code version} is 0. */
    public Optional<RegisteredModel> get(String name, int version) {
        if (version > 0) {
            return Optional.ofNullable(models.get(ModelDirectories.key(name, version)));
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
    public Set<String> networks() {
        Set<String> s = new TreeSet<>();
        models.values().forEach(m -> s.add(m.network()));
        return s;
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
