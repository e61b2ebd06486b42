package io.twinloop.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.gateway.events.EventWatcher;
import io.twinloop.model.NetworkName;
import io.twinloop.proto.gateway.v1.DeleteNetworkRequest;
import io.twinloop.proto.gateway.v1.DeleteNetworkResponse;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The name rule and DeleteNetwork through the gateway's real gRPC and REST APIs, with the scripted
 * twin and forecaster. Each test uses networks of its own ("net-del-*").
 */
@QuarkusTest
class NetworkDeletionGrpcTest {
    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;

    @Inject
    EventWatcher events;

    @BeforeEach
    void reset() {
        Script.reset();
    }

    private static StatusRuntimeException refused(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        return e;
    }

    private void scheduleAndPolicy(String network) {
        gateway.setSchedule(SetScheduleRequest.newBuilder().setNetwork(network).setIntervalSeconds(3600).build());
        gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(NetworkPolicy.newBuilder().setNetwork(network)
                .setEvents(EventTriggers.newBuilder().setOnLinkDown(true))).build());
    }

    private DeleteNetworkResponse delete(String network) {
        return gateway.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork(network).build());
    }

    @Test
    void namesOutsideTheRuleAreRefusedWithTheTwinsMessage() {
        for (String bad : List.of(".", "..", ".hidden", "a/b", " x", "x".repeat(101))) {
            var s = refused(Status.Code.INVALID_ARGUMENT, () -> gateway.setSchedule(SetScheduleRequest.newBuilder()
                    .setNetwork(bad).setIntervalSeconds(3600).build()));
            assertEquals(NetworkName.problem(bad), s.getStatus().getDescription());
            var r = refused(Status.Code.INVALID_ARGUMENT, () -> gateway.runRound(RunRoundRequest.newBuilder().setNetwork(bad).build()));
            assertEquals(NetworkName.problem(bad), r.getStatus().getDescription());
            var p = refused(Status.Code.INVALID_ARGUMENT, () -> gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder()
                    .setPolicy(NetworkPolicy.newBuilder().setNetwork(bad)).build()));
            assertEquals(NetworkName.problem("policy.network", bad), p.getStatus().getDescription());
        }
        assertEquals("network name '..' is invalid: use 1-100 letters, digits, '.', '_' or '-', beginning with a letter or digit",
                refused(Status.Code.INVALID_ARGUMENT, () -> gateway.runRound(RunRoundRequest.newBuilder().setNetwork("..").build()))
                        .getStatus().getDescription());
        // names stored before the rule can still be read and deleted; '/' or spaces never could
        gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork(".hidden").build());
        refused(Status.Code.NOT_FOUND, () -> delete(".hidden"));
        refused(Status.Code.INVALID_ARGUMENT, () -> delete("a/b"));
    }

    @Test
    void deleteRemovesModelsScheduleAndPolicyThenTheTwinsNetworkAndKeepsRounds() {
        String n = "net-del-all";
        scheduleAndPolicy(n);
        assertTrue(events.watched().contains(n));
        gateway.runRound(RunRoundRequest.newBuilder().setNetwork(n).build());

        DeleteNetworkResponse d = delete(n);
        assertEquals(DeleteNetworkResponse.newBuilder().setNetwork(n).setVersionsDeleted(1).setTrafficSamplesDeleted(6)
                .setTelemetrySamplesDeleted(7).addModelsDeleted(n + "-mlp").setModelVersionsDeleted(2)
                .setScheduleDeleted(true).setPolicyDeleted(true).setRoundsKept(1).build(), d);
        assertTrue(FakeTwin.DELETED.contains(n));
        assertTrue(gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .noneMatch(s -> s.getNetwork().equals(n)), "no schedule left to start a round");
        NetworkPolicy p = gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork(n).build()).getPolicy();
        assertEquals(0, p.getUpdatedUnixMs(), "the defaults, not a stored policy");
        assertFalse(p.getEvents().getOnLinkDown());
        assertFalse(events.watched().contains(n), "its event stream is closed: no event round can start");
        assertEquals(1, gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork(n).build()).getRoundsCount(),
                "recorded rounds stay as history");

        var again = refused(Status.Code.NOT_FOUND, () -> delete(n));
        assertEquals("network '" + n + "' does not exist", again.getStatus().getDescription());
        refused(Status.Code.NOT_FOUND, () -> delete("unknown-network"));
    }

    @Test
    void aFailedStepIsCompletedByARetry() {
        String n = "net-del-retry";
        scheduleAndPolicy(n);
        Script.forecastDown = true;
        var e = refused(Status.Code.UNAVAILABLE, () -> delete(n));
        assertTrue(e.getStatus().getDescription().contains("nothing was deleted"), e.getStatus().getDescription());
        assertTrue(gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .anyMatch(s -> s.getNetwork().equals(n)), "the schedule is still there");

        Script.forecastDown = false;
        Script.twinDown = true;
        var t = refused(Status.Code.UNAVAILABLE, () -> delete(n));
        assertTrue(t.getStatus().getDescription().contains("retry the deletion to complete it"), t.getStatus().getDescription());
        assertFalse(FakeTwin.DELETED.contains(n));

        Script.twinDown = false;
        DeleteNetworkResponse d = delete(n);
        assertEquals(1, d.getVersionsDeleted(), "the retry deleted the twin's part");
        assertEquals(0, d.getModelVersionsDeleted(), "the models went in the first, partial attempt");
        assertFalse(d.getScheduleDeleted());
        assertTrue(FakeTwin.DELETED.contains(n));
    }

    @Test
    void restDeleteDeletesEverywhere() {
        String n = "net-del-rest";
        scheduleAndPolicy(n);
        given().delete("/api/v1/networks/" + n).then().statusCode(200)
                .body("network", equalTo(n)).body("scheduleDeleted", equalTo(true)).body("modelsDeleted[0]", equalTo(n + "-mlp"));
        given().delete("/api/v1/networks/" + n).then().statusCode(404).body(containsString("does not exist"));
        given().delete("/api/v1/networks/a%20b").then().statusCode(400).body(containsString(NetworkName.RULE));
    }
}
