package io.twinloop.twin.telemetry;

import io.twinloop.model.Network;
import io.twinloop.twin.store.TelemetryStore;
import io.twinloop.twin.store.TelemetryStore.OperChange;
import io.twinloop.twin.store.TelemetryStore.OperRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operational state of every link as last observed by telemetry, read from the
 * {@code link_oper_state} table once per network and kept current by the ingestor. Links never
 * reported count as UP. Simulation can ask {@link #downLinkIds} for the links to treat as failed.
 */
@ApplicationScoped
public class OperStateRegistry {
    private final TelemetryStore telemetry;
    private final Map<String, Map<String, OperRecord>> byNetwork = new ConcurrentHashMap<>();

    @Inject
    public OperStateRegistry(TelemetryStore telemetry) {
        this.telemetry = telemetry;
    }

    /** The observed state of a link (UP when never reported). */
    public OperState state(String network, String linkId) {
        OperRecord r = states(network).get(linkId);
        return r == null ? OperState.UP : r.state();
    }

    /** Every reported link of the network with its state and since when; unmodifiable. */
    public Map<String, OperRecord> states(String network) {
        return Map.copyOf(load(network));
    }

    /** Ids of the links telemetry last saw DOWN or asleep, sorted. */
    public Set<String> downLinkIds(String network) {
        Set<String> out = new TreeSet<>();
        load(network).forEach((id, r) -> {
            if (r.state() == OperState.DOWN || r.state() == OperState.SLEEP) {
                out.add(id);
            }
        });
        return out;
    }

    /** Records committed changes. */
    void update(String network, Collection<OperChange> changes) {
        Map<String, OperRecord> m = load(network);
        for (OperChange c : changes) {
            m.put(c.linkId(), new OperRecord(c.state(), c.sinceMs()));
        }
    }

    /**
     * The snapshot after a telemetry oper-state change: the same network with the link's
     * operational state set, so the new version routes around a link telemetry saw down.
     */
    static Network applyToSnapshot(Network network, OperChange change) {
        int idx = network.linkIndex(change.linkId());
        if (idx < 0) {
            return network;
        }
        io.twinloop.model.LinkState state = switch (change.state().effective()) {
            case DOWN -> io.twinloop.model.LinkState.DOWN;
            case SLEEP -> io.twinloop.model.LinkState.SLEEP;
            default -> io.twinloop.model.LinkState.UP;
        };
        java.util.List<io.twinloop.model.Link> links = new java.util.ArrayList<>(network.links());
        links.set(idx, links.get(idx).withOperState(state));
        return network.withLinks(links);
    }

    /** Forgets what is cached of a deleted network. */
    public void forget(String network) {
        byNetwork.remove(network);
    }

    private Map<String, OperRecord> load(String network) {
        return byNetwork.computeIfAbsent(network, n -> new ConcurrentHashMap<>(telemetry.operStates(n)));
    }
}
