package io.twinloop.twin.store;

import io.twinloop.model.Network;

import java.util.Objects;

/** An immutable network state at one version. */
public record Snapshot(String networkName, VersionInfo info, Network network) {
    public Snapshot {
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(network, "network");
    }

    public long version() {
        return info.version();
    }
}
