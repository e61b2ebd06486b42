package io.twinloop.forecast.service;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.Startup;
import io.twinloop.forecast.client.TwinClient;
import io.twinloop.forecast.config.ForecastConfig;
import io.twinloop.forecast.registry.ModelRegistry;
import io.twinloop.proto.twin.v1.NetworkSummary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The model registry of the running service ({@code <data-dir>/forecast/models}), rescanned every
 * {@code twinloop.forecast.registry-scan} (hot reload), and the per-network gRPC health: the
 * service {@code twinloop.forecast.v1.ForecastService/<network>} is SERVING when a model or a
 * baseline can serve the network (a model is registered for it, or the twin stores traffic for it)
 * and NOT_SERVING otherwise. Health is refreshed from the twin's network list every
 * {@code twinloop.forecast.health-refresh} and right after a training run.
 */
@Startup
@ApplicationScoped
public class ForecastModels {
    private static final Logger LOG = Logger.getLogger(ForecastModels.class);
    /** Prefix of the per-network health service names. */
    public static final String HEALTH_PREFIX = "twinloop.forecast.v1.ForecastService/";

    @Inject
    ForecastConfig config;

    @Inject
    GrpcHealthStorage health;

    @Inject
    TwinClient twin;

    private ModelRegistry registry;
    private ScheduledExecutorService scheduler;
    private final Set<String> known = new HashSet<>();
    /** One training run at a time: training uses every core it is given. */
    private final ReentrantLock training = new ReentrantLock(true);

    @PostConstruct
    void start() {
        registry = new ModelRegistry(Path.of(config.dataDir(), "forecast", "models"));
        LOG.infof("model registry %s: %d model version(s)", registry.root(), registry.list("", true).size());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "forecast-registry");
            t.setDaemon(true);
            return t;
        });
        Duration scanEvery = config.forecast().registryScan();
        Duration healthEvery = config.forecast().healthRefresh();
        scheduler.scheduleWithFixedDelay(this::rescanQuietly, scanEvery.toMillis(), scanEvery.toMillis(), TimeUnit.MILLISECONDS);
        // the first refresh waits a period: calling the twin while this service is still starting would put the
        // shared channel into connection back-off for the first requests
        scheduler.scheduleWithFixedDelay(this::refreshHealthQuietly, healthEvery.toMillis(), healthEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.close();
    }

    /** The registry. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The lock every training run holds. */
    public ReentrantLock trainingLock() {
        return training;
    }

    private void rescanQuietly() {
        try {
            if (registry.rescan() > 0) {
                refreshHealthQuietly();
            }
        } catch (RuntimeException e) {
            LOG.warnf("model registry rescan failed: %s", e.getMessage());
        }
    }

    private void refreshHealthQuietly() {
        try {
            refreshHealth();
        } catch (RuntimeException e) {
            // the twin may be down: networks with a model still serve
            LOG.debugf("health refresh: %s", e.getMessage());
            for (String n : registry.networks()) {
                setServing(n, true);
            }
        }
    }

    /** Re-reads the twin's networks and sets each network's health. */
    public synchronized void refreshHealth() {
        Set<String> withModel = registry.networks();
        Set<String> seen = new HashSet<>(withModel);
        for (NetworkSummary s : twin.networks()) {
            seen.add(s.getNetwork());
            setServing(s.getNetwork(), withModel.contains(s.getNetwork()) || s.getTrafficSamples() > 0);
        }
        for (String n : withModel) {
            setServing(n, true);
        }
        for (String n : known) {
            if (!seen.contains(n)) {
                setServing(n, false); // the network is gone from the twin and has no model
            }
        }
        known.addAll(seen);
    }

    /** Marks a network as served (after training) or not. */
    public synchronized void setServing(String network, boolean serving) {
        known.add(network);
        health.setStatus(HEALTH_PREFIX + network, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
}
