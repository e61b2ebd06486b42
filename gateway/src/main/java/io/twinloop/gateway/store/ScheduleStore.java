package io.twinloop.gateway.store;

import io.twinloop.proto.gateway.v1.Schedule;
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

/**
 * Stores each network's periodic round schedule as its {@code gateway.v1.Schedule} protobuf
 * encoding, with the next run time as a column so due schedules are found by index. Claiming
 * a due run is a compare-and-set on that column, so a run is started once even when several
 * gateways share one database.
 */
@ApplicationScoped
public class ScheduleStore {
    private final DataSource dataSource;
    private final String upsert;

    @Inject
    public ScheduleStore(GatewayDatabase database) {
        this.dataSource = database.dataSource();
        this.upsert = database.kind().upsert("gw_schedule", List.of("network", "next_run_ms", "record"));
    }

    /**
     * Creates or replaces the schedule of {@code schedule.getNetwork()}. A replaced schedule's
     * {@code last_run_unix_ms} and {@code last_round_id} carry over: they describe the network's
     * last scheduled round, whatever its settings were.
     *
     * @return the schedule as stored
     */
    public Schedule set(Schedule schedule) {
        return Jdbc.inTransaction(dataSource, "store the schedule of " + schedule.getNetwork(), c -> {
            Schedule.Builder b = schedule.toBuilder();
            lockedFind(c, schedule.getNetwork()).ifPresent(old -> b.setLastRunUnixMs(old.getLastRunUnixMs())
                    .setLastRoundId(old.getLastRoundId()));
            Schedule stored = b.build();
            write(c, stored);
            return stored;
        });
    }

    public Optional<Schedule> find(String network) {
        return Jdbc.query(dataSource, "read the schedule of " + network, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record FROM gw_schedule WHERE network = ?")) {
                ps.setString(1, network);
                return first(ps);
            }
        });
    }

    /** Every schedule, sorted by network. */
    public List<Schedule> list() {
        return Jdbc.query(dataSource, "list schedules", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record FROM gw_schedule ORDER BY network")) {
                return all(ps);
            }
        });
    }

    /** Schedules whose next run is at or before {@code nowMs}, earliest first. */
    public List<Schedule> due(long nowMs) {
        return Jdbc.query(dataSource, "find due schedules", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT record FROM gw_schedule WHERE next_run_ms <= ? ORDER BY next_run_ms, network")) {
                ps.setLong(1, nowMs);
                return all(ps);
            }
        });
    }

    /**
     * Replaces a schedule only when its stored next run is still {@code expectedNextRunMs}: the
     * caller read it as due and nobody has claimed or replaced it since.
     *
     * @return whether this caller won the claim
     */
    public boolean claim(Schedule claimed, long expectedNextRunMs) {
        return Jdbc.query(dataSource, "claim the schedule of " + claimed.getNetwork(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE gw_schedule SET next_run_ms = ?, record = ? WHERE network = ? AND next_run_ms = ?")) {
                ps.setLong(1, claimed.getNextRunUnixMs());
                ps.setBytes(2, claimed.toByteArray());
                ps.setString(3, claimed.getNetwork());
                ps.setLong(4, expectedNextRunMs);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records the id of the network's latest scheduled round, when the network still has a
     * schedule.
     *
     * @return the updated schedule, or empty when it was deleted meanwhile
     */
    public Optional<Schedule> recordRound(String network, String roundId) {
        return Jdbc.inTransaction(dataSource, "record the last round of " + network, c -> {
            Optional<Schedule> now = lockedFind(c, network).map(s -> s.toBuilder().setLastRoundId(roundId).build());
            if (now.isPresent()) {
                write(c, now.get());
            }
            return now;
        });
    }

    /**
     * Removes the schedule of {@code network}.
     *
     * @return the removed schedule, or empty when the network had none
     */
    public Optional<Schedule> delete(String network) {
        return Jdbc.inTransaction(dataSource, "delete the schedule of " + network, c -> {
            Optional<Schedule> old = lockedFind(c, network);
            if (old.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM gw_schedule WHERE network = ?")) {
                    ps.setString(1, network);
                    ps.executeUpdate();
                }
            }
            return old;
        });
    }

    private static Optional<Schedule> lockedFind(Connection c, String network) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT record FROM gw_schedule WHERE network = ? FOR UPDATE")) {
            ps.setString(1, network);
            return first(ps);
        }
    }

    private void write(Connection c, Schedule s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, s.getNetwork());
            ps.setLong(2, s.getNextRunUnixMs());
            ps.setBytes(3, s.toByteArray());
            ps.executeUpdate();
        }
    }

    private static Optional<Schedule> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Jdbc.parse(Schedule.parser(), rs.getBytes(1), "schedule")) : Optional.empty();
        }
    }

    private static List<Schedule> all(PreparedStatement ps) throws SQLException {
        List<Schedule> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Jdbc.parse(Schedule.parser(), rs.getBytes(1), "schedule"));
            }
        }
        return out;
    }
}
