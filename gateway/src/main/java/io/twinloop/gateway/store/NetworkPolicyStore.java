package io.twinloop.gateway.store;

import io.twinloop.proto.gateway.v1.NetworkPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/**
 * Stores each network's policy (the guardrails its rounds default to, the events that start
 * rounds) as its {@code gateway.v1.NetworkPolicy} protobuf encoding.
 */
@ApplicationScoped
public class NetworkPolicyStore {
    private final DataSource dataSource;
    private final String upsert;

    @Inject
    public NetworkPolicyStore(GatewayDatabase database) {
        this.dataSource = database.dataSource();
        this.upsert = database.kind().upsert("gw_network_policy", List.of("network", "updated_ms", "record"));
    }

    /** Creates or replaces the policy of {@code policy.getNetwork()}. */
    public void save(NetworkPolicy policy) {
        Jdbc.query(dataSource, "store the policy of " + policy.getNetwork(), c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                ps.setString(1, policy.getNetwork());
                ps.setLong(2, policy.getUpdatedUnixMs());
                ps.setBytes(3, policy.toByteArray());
                return ps.executeUpdate();
            }
        });
    }

    /** The policy set for {@code network}, or empty when none was. */
    public Optional<NetworkPolicy> find(String network) {
        return Jdbc.query(dataSource, "read the policy of " + network, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record FROM gw_network_policy WHERE network = ?")) {
                ps.setString(1, network);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Jdbc.parse(NetworkPolicy.parser(), rs.getBytes(1), "network policy"))
                            : Optional.<NetworkPolicy>empty();
                }
            }
        });
    }

    /** Every stored policy, by network name. */
    public List<NetworkPolicy> list() {
        return Jdbc.query(dataSource, "list the network policies", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record FROM gw_network_policy ORDER BY network");
                 ResultSet rs = ps.executeQuery()) {
                List<NetworkPolicy> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(Jdbc.parse(NetworkPolicy.parser(), rs.getBytes(1), "network policy"));
                }
                return out;
            }
        });
    }

    /** Removes the policy of {@code network}; whether there was one. */
    public boolean delete(String network) {
        return Jdbc.query(dataSource, "delete the policy of " + network, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gw_network_policy WHERE network = ?")) {
                ps.setString(1, network);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
