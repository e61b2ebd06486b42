package io.twinloop.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.gateway.store.GatewayDatabase;
import io.twinloop.platform.store.PostgresServer;
import io.twinloop.platform.store.StoreKind;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.GetRoundRequest;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same build on PostgreSQL (twinloop.store=postgresql): Flyway's PostgreSQL migrations run
 * into the gateway's own schema, the producer hands the pg datasource to the stores, and the
 * round tests of {@link GatewayRoundTest} pass unchanged. Skipped loudly without a server,
 * unless TWINLOOP_REQUIRE_POSTGRES=1.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(PostgresServer.class)
class PostgresStoreGrpcTest extends GatewayRoundTest {
    @Inject
    GatewayDatabase database;

    @Test
    void roundsSchedulesAndPoliciesAreKeptInPostgres() throws SQLException {
        assertEquals(StoreKind.POSTGRESQL, database.kind());
        Round r = gateway.runRound(RunRoundRequest.newBuilder().setNetwork("net-pg").setMode(RoundMode.ROUND_MODE_DRY_RUN)
                .build()).getRound();
        assertEquals(r, gateway.getRound(GetRoundRequest.newBuilder().setRoundId(r.getId()).build()).getRound());
        assertEquals(List.of(r), gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork("net-pg").build()).getRoundsList());

        gateway.setSchedule(SetScheduleRequest.newBuilder().setNetwork("net-pg-later").setIntervalSeconds(3600).build());
        assertTrue(gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .anyMatch(s -> s.getNetwork().equals("net-pg-later") && s.getIntervalSeconds() == 3600));
        gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(NetworkPolicy.newBuilder()
                .setNetwork("net-pg").setGuardrails(Guardrails.newBuilder().setMaxChanges(4))).build());
        assertEquals(4, gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork("net-pg").build())
                .getPolicy().getGuardrails().getMaxChanges());

        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_schema(), (SELECT count(*) FROM gateway.gw_round WHERE id = '"
                     + r.getId() + "'), (SELECT count(*) FROM gateway.gw_schedule), (SELECT count(*) FROM gateway.gw_network_policy)")) {
            rs.next();
            assertEquals("gateway", rs.getString(1));
            assertEquals(1, rs.getInt(2), "the round is a row of PostgreSQL's gateway.gw_round");
            assertEquals(1, rs.getInt(3));
            assertEquals(1, rs.getInt(4));
        }
    }
}
