package io.twinloop.twin.store;

import io.twinloop.model.InvalidNetworkException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The Kafka topics bound to networks (table {@code telemetry_source}): which topic feeds which network, how. */
@ApplicationScoped
public class TelemetrySourceStore {

    /** One binding; {@code format} is a {@link io.twinloop.twin.telemetry.TelemetryFormat} id. */
    public record Source(String network, String topic, String format, String groupId, long boundMs) {
    }

    private final TwinStore store;

    @Inject
    public TelemetrySourceStore(TwinStore store) {
        this.store = store;
    }

    /**
     * Binds {@code topic} to {@code network}, or updates the binding's format and group.
     *
     * @throws NotFoundException        for an unknown network
     * @throws InvalidNetworkException  when the topic feeds another network
     */
    public Source bind(String network, String topic, String format, String groupId) {
        long now = System.currentTimeMillis();
        return store.inTransaction(tx -> {
            Connection c = tx.connection();
            TwinStore.lockHead(c, network).orElseThrow(() -> new NotFoundException("network", network,
                    "network '" + network + "' does not exist"));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT network FROM telemetry_source WHERE kafka_topic = ? AND network <> ?")) {
                ps.setString(1, topic);
                ps.setString(2, network);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new InvalidNetworkException("kafka_topic", "topic '" + topic + "' already feeds network '"
                                + rs.getString(1) + "'; a topic feeds one network (unbind it there first)");
                    }
                }
            }
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE telemetry_source SET format = ?, group_id = ?, bound_ms = ? WHERE network = ? AND kafka_topic = ?")) {
                ps.setString(1, format);
                ps.setString(2, groupId);
                ps.setLong(3, now);
                ps.setString(4, network);
                ps.setString(5, topic);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry_source "
                        + "(network, kafka_topic, format, group_id, bound_ms) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, network);
                    ps.setString(2, topic);
                    ps.setString(3, format);
                    ps.setString(4, groupId);
                    ps.setLong(5, now);
                    ps.executeUpdate();
                }
            }
            return new Source(network, topic, format, groupId, now);
        });
    }

    /**
     * Unbinds {@code topic} of {@code network}, or every topic of it when {@code topic} is empty; returns the
     * topics unbound.
     *
     * @throws NotFoundException for an unknown network, or a topic not bound to it
     */
    public List<String> unbind(String network, String topic) {
        return store.inTransaction(tx -> {
            Connection c = tx.connection();
            TwinStore.lockHead(c, network).orElseThrow(() -> new NotFoundException("network", network,
                    "network '" + network + "' does not exist"));
            List<String> topics = new ArrayList<>();
            for (Source s : list(c, network)) {
                if (topic.isEmpty() || s.topic().equals(topic)) {
                    topics.add(s.topic());
                }
            }
            if (!topic.isEmpty() && topics.isEmpty()) {
                throw new NotFoundException("kafka_topic", topic, "topic '" + topic + "' is not bound to network '"
                        + network + "'");
            }
            try (PreparedStatement ps = c.prepareStatement(topic.isEmpty()
                    ? "DELETE FROM telemetry_source WHERE network = ?"
                    : "DELETE FROM telemetry_source WHERE network = ? AND kafka_topic = ?")) {
                ps.setString(1, network);
                if (!topic.isEmpty()) {
                    ps.setString(2, topic);
                }
                ps.executeUpdate();
            }
            return topics;
        });
    }

    /** The bindings of {@code network}, or of every network when it is empty, by network and topic. */
    public List<Source> list(String network) {
        return store.query(c -> list(c, network));
    }

    private static List<Source> list(Connection c, String network) throws SQLException {
        List<Source> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT network, kafka_topic, format, group_id, bound_ms "
                + "FROM telemetry_source" + (network.isEmpty() ? "" : " WHERE network = ?") + " ORDER BY network, kafka_topic")) {
            if (!network.isEmpty()) {
                ps.setString(1, network);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Source(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }
}
