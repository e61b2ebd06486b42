package io.twinloop.twin.kafka;

import io.twinloop.model.InterfaceIndex;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TwinStore;

import java.util.function.Supplier;

/**
 * The interface index of a network's latest version, looked up again at most every 5 s and rebuilt only when the
 * version changed (an import or an applied plan can rename interfaces).
 */
final class LatestIndex implements Supplier<InterfaceIndex> {
    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final TwinStore store;
    private final String network;
    private InterfaceIndex index;
    private long version = -1;
    private long checked;

    LatestIndex(TwinStore store, String network) {
        this.store = store;
        this.network = network;
    }

    @Override
    public InterfaceIndex get() {
        long now = System.nanoTime();
        if (index == null || now - checked > REFRESH_NANOS) {
            checked = now;
            long latest = store.head(network).latestVersion();
            if (latest != version) {
                Snapshot s = store.snapshot(network, latest);
                index = InterfaceIndex.of(s.network());
                version = latest;
            }
        }
        return index;
    }
}
