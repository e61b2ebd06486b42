package io.twinloop.twin.telemetry;

import io.quarkus.scheduler.Scheduled;
import io.twinloop.twin.store.RetentionStore;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Retention of telemetry and traffic history. A network's own policy wins over the default
 * (scope ""); with neither, everything is kept. Policies are enforced when set and then every
 * {@code twinloop.retention.interval} (default 5 minutes). Telemetry ages are measured against
 * the wall clock.
 */
@ApplicationScoped
public class RetentionService {
    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    /** What one enforcement deleted. */
    public record Deleted(int telemetrySamples, int trafficSamples) {
    }

    private final TwinStore store;
    private final TrafficStore trafficStore;
    private final RetentionStore retention;

    @Inject
    public RetentionService(TwinStore store, TrafficStore trafficStore, RetentionStore retention) {
        this.store = store;
        this.trafficStore = trafficStore;
        this.retention = retention;
    }

    /** The policy in effect for {@code network} ("" = the default). */
    public RetentionPolicy effective(String network) {
        if (!network.isEmpty()) {
            var own = retention.retention(network);
            if (own.isPresent()) {
                return own.get();
            }
        }
        return retention.retention("").orElse(RetentionPolicy.KEEP_ALL);
    }

    /**
     * Stores the policy of {@code network} ("" = the default) and enforces it right away.
     *
     * @throws io.twinloop.twin.store.NotFoundException for an unknown network
     */
    public RetentionPolicy set(String network, RetentionPolicy policy) {
        if (!network.isEmpty()) {
            store.head(network);
        }
        retention.setRetention(network, policy);
        if (network.isEmpty()) {
            enforceAll();
        } else {
            enforce(network);
        }
        return effective(network);
    }

    /** Applies the network's policy now. */
    public Deleted enforce(String network) {
        RetentionPolicy p = effective(network);
        int tel = 0;
        int tm = 0;
        if (p.telemetryMaxAgeMs() > 0) {
            tel += retention.deleteOlderThan(network, System.currentTimeMillis() - p.telemetryMaxAgeMs());
        }
        if (p.telemetryMaxSamplesPerLink() > 0) {
            tel += retention.trimPerLink(network, p.telemetryMaxSamplesPerLink());
        }
        if (p.trafficMaxSamples() > 0) {
            tm += trafficStore.trimTraffic(network, p.trafficMaxSamples());
        }
        if (tel + tm > 0) {
            LOG.infof("retention: network %s: deleted %d telemetry and %d traffic samples", network, tel, tm);
        }
        return new Deleted(tel, tm);
    }

    /** Applies every network's policy; runs on a schedule. */
    @Scheduled(every = "${twinloop.retention.interval:5m}", delayed = "${twinloop.retention.interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void enforceAll() {
        for (TwinStore.NetworkHead head : store.networks()) {
            try {
                enforce(head.name());
            } catch (RuntimeException e) {
                LOG.warnf(e, "retention: network %s failed; will retry at the next run", head.name());
            }
        }
    }
}
