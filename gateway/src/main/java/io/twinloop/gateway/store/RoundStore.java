package io.twinloop.gateway.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores rounds as their {@code gateway.v1.Round} protobuf encoding, with the columns
 * needed to list and filter them. The proto is the gateway's own versioned contract, so the
 * stored form evolves with it (new fields read back as defaults).
 */
@ApplicationScoped
public class RoundStore {
    private final DataSource dataSource;
    private final String upsert;

    @Inject
    public RoundStore(GatewayDatabase database) {
        this.dataSource = database.dataSource();
        this.upsert = database.kind().upsert("gw_round", List.of("id", "network", "status", "started_ms", "record"));
    }

    /**
     * Inserts or replaces a round, atomically; the round is committed when this returns.
     */
    public void save(Round round) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, round.getId());
            ps.setString(2, round.getNetwork());
            ps.setString(3, round.getStatus().name());
            ps.setLong(4, round.getStartedUnixMs());
            ps.setBytes(5, round.toByteArray());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store round " + round.getId(), e);
        }
    }

    public Optional<Round> find(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT record FROM gw_round WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read round " + id, e);
        }
    }

    /**
     * Rounds newest first, optionally for one network and with one of the given statuses,
     * starting after {@code offset} matches.
     */
    public List<Round> list(String network, Set<RoundStatus> statuses, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT record FROM gw_round WHERE 1 = 1");
        if (!network.isEmpty()) {
            sql.append(" AND network = ?");
        }
        if (!statuses.isEmpty()) {
            sql.append(" AND status IN (").append(String.join(", ", statuses.stream().map(s -> "?").toList())).append(')');
        }
        sql.append(" ORDER BY started_ms DESC, id DESC LIMIT ? OFFSET ?");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (!network.isEmpty()) {
                ps.setString(i++, network);
            }
            for (RoundStatus s : statuses) {
                ps.setString(i++, s.name());
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<Round> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(parse(rs.getBytes(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list rounds", e);
        }
    }

    /** How many rounds of {@code network} are recorded. */
    public long count(String network) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM gw_round WHERE network = ?")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the rounds of " + network, e);
        }
    }

    private static Round parse(byte[] bytes) {
        try {
            return Round.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored round is corrupt", e);
        }
    }
}
