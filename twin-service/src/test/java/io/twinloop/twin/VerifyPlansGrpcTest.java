package io.twinloop.twin;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkAdminState;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.PlanVerification;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.VerifyPlansRequest;
import io.twinloop.proto.twin.v1.VerifyPlansResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VerifyPlans on Abilene through the real gRPC API: every (plan, matrix) pair against its own Simulate
 * call, a plan that does not fit rejected alone, and the request errors naming their field.
 */
@QuarkusTest
class VerifyPlansGrpcTest {
    private static final String NET = "abilene-verify";
    private static final int ROW = 1000;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    private GetNetworkResponse net;

    @BeforeEach
    void load() throws Exception {
        Path topo = SharedData.require("topologies/sndlib/abilene.xml");
        Path csv = SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv");
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(NET).setFileName("abilene.xml")
                .setContent(ByteString.copyFrom(Files.readAllBytes(topo))).build());
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(NET).setReplace(true)
                .setCsvContent(ByteString.copyFrom(Files.readAllBytes(csv))).build());
        net = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(NET).build());
    }

    @Test
    void everyPairEqualsItsOwnSimulateCall() {
        Link first = net.getTopology().getLinks(0);
        Link third = net.getTopology().getLinks(2);
        List<Plan> plans = List.of(
                Plan.getDefaultInstance(),
                Plan.newBuilder().addActions(weight(first.getId(), first.getIgpWeight() * 5)).build(),
                Plan.newBuilder().addActions(weight(first.getId(), first.getIgpWeight() * 3))
                        .addActions(PlanAction.newBuilder().setSetLinkAdminState(SetLinkAdminState.newBuilder()
                                .setLinkId(third.getId()).setState(LinkState.LINK_STATE_DOWN))).build());
        TrafficMatrix explicit = TrafficMatrix.newBuilder().setTime("forecast")
                .addDemands(Demand.newBuilder().setSrc(first.getSrc()).setDst(first.getDst()).setRateBps(4e9))
                .addDemands(Demand.newBuilder().setSrc(node(3)).setDst(node(8)).setRateBps(2e9)).build();
        List<TrafficSelector> traffic = List.of(
                TrafficSelector.newBuilder().setRow(ROW).build(),
                TrafficSelector.newBuilder().setRow(ROW + 7).setScale(1.8).build(),
                TrafficSelector.newBuilder().setMatrix(explicit).build(),
                TrafficSelector.getDefaultInstance());
        VerifyPlansResponse r = twin.verifyPlans(VerifyPlansRequest.newBuilder().setNetwork(NET)
                .addAllPlans(plans).addAllTraffic(traffic).build());

        assertEquals(net.getVersion(), r.getVersion());
        assertEquals(plans.size(), r.getPlansCount());
        assertEquals(traffic.size(), r.getTrafficCount());
        for (int j = 0; j < traffic.size(); j++) {
            SimulateResponse alone = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setTraffic(traffic.get(j)).build());
            assertEquals(alone.getTrafficTime(), r.getTraffic(j).getTrafficTime(), "traffic " + j);
            assertEquals(alone.hasTrafficRow(), r.getTraffic(j).hasTrafficRow(), "traffic " + j);
            assertEquals(alone.getTrafficRow(), r.getTraffic(j).getTrafficRow(), "traffic " + j);
        }
        for (int i = 0; i < plans.size(); i++) {
            PlanVerification v = r.getPlans(i);
            assertEquals("", v.getRejection());
            assertEquals(traffic.size(), v.getKpisCount());
            for (int j = 0; j < traffic.size(); j++) {
                SimulateResponse alone = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setVersion(net.getVersion())
                        .setPlan(plans.get(i)).setTraffic(traffic.get(j)).build());
                assertEquals(alone.getKpis(), v.getKpis(j), "plan " + i + ", traffic " + j);
            }
        }
        // the pairs differ: a test of one pair repeated would not notice a mix-up
        assertTrue(r.getPlans(0).getKpis(0).getMaxLinkUtilization() != r.getPlans(0).getKpis(1).getMaxLinkUtilization());
        assertTrue(r.getPlans(1).getKpis(0).getChurn() == 1 && r.getPlans(2).getKpis(0).getChurn() == 2);
    }

    @Test
    void aPlanThatDoesNotFitIsRejectedAloneWithSimulatesMessage() {
        Plan unknown = Plan.newBuilder().addActions(weight("no-such-link", 5)).build();
        Plan fine = Plan.newBuilder().addActions(weight(net.getTopology().getLinks(0).getId(), 7)).build();
        TrafficSelector row = TrafficSelector.newBuilder().setRow(ROW).build();
        VerifyPlansResponse r = twin.verifyPlans(VerifyPlansRequest.newBuilder().setNetwork(NET)
                .addPlans(unknown).addPlans(fine).addTraffic(row).build());
        StatusRuntimeException simulated = assertThrows(StatusRuntimeException.class, () -> twin.simulate(
                SimulateRequest.newBuilder().setNetwork(NET).setPlan(unknown).setTraffic(row).build()));
        assertEquals(simulated.getStatus().getDescription(), r.getPlans(0).getRejection());
        assertTrue(r.getPlans(0).getRejection().contains("no-such-link"), r.getPlans(0).getRejection());
        assertEquals(0, r.getPlans(0).getKpisCount());
        assertEquals(twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setPlan(fine).setTraffic(row).build()).getKpis(),
                r.getPlans(1).getKpis(0));
    }

    @Test
    void simulateReturnsTheRoutedMatrixWhenAsked() {
        TrafficMatrix stored = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(NET)
                .setFromRow(ROW).setToRow(ROW + 1).build()).getSamples(0);
        SimulateResponse plain = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET)
                .setTraffic(TrafficSelector.newBuilder().setRow(ROW)).build());
        assertFalse(plain.hasTraffic(), "only when asked");
        SimulateResponse r = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setIncludeTraffic(true)
                .setTraffic(TrafficSelector.newBuilder().setRow(ROW).setScale(2)).build());
        assertEquals(stored.getTime(), r.getTraffic().getTime());
        assertEquals(stored.getDemandsCount(), r.getTraffic().getDemandsCount());
        for (int k = 0; k < stored.getDemandsCount(); k++) {
            Demand d = stored.getDemands(k);
            assertEquals(d.toBuilder().setRateBps(d.getRateBps() * 2).build(), r.getTraffic().getDemands(k));
        }
    }

    @Test
    void badRequestsNameTheirField() {
        TrafficSelector row = TrafficSelector.newBuilder().setRow(ROW).build();
        Plan noop = Plan.getDefaultInstance();
        assertInvalid("plans", VerifyPlansRequest.newBuilder().setNetwork(NET).addTraffic(row));
        assertInvalid("traffic", VerifyPlansRequest.newBuilder().setNetwork(NET).addPlans(noop));
        VerifyPlansRequest.Builder many = VerifyPlansRequest.newBuilder().setNetwork(NET).addTraffic(row);
        for (int i = 0; i < 257; i++) {
            many.addPlans(noop);
        }
        String message = assertInvalid("plans", many);
        assertTrue(message.contains("twinloop.twin.max-verify-pairs"), message);
        Plan huge = Plan.newBuilder().addAllActions(java.util.Collections.nCopies(10_001,
                weight(net.getTopology().getLinks(0).getId(), 3))).build();
        message = assertInvalid("plans[1]", VerifyPlansRequest.newBuilder().setNetwork(NET).addPlans(noop).addPlans(huge)
                .addTraffic(row));
        assertTrue(message.contains("twinloop.twin.max-plan-actions"), message);
        assertInvalid("traffic[1].row", VerifyPlansRequest.newBuilder().setNetwork(NET).addPlans(noop).addTraffic(row)
                .addTraffic(TrafficSelector.newBuilder().setRow(1_000_000)));
        assertInvalid("traffic[0]", VerifyPlansRequest.newBuilder().setNetwork(NET).addPlans(noop)
                .addTraffic(TrafficSelector.newBuilder().setMatrix(TrafficMatrix.newBuilder()
                        .addDemands(Demand.newBuilder().setSrc("Atlantis").setDst(net.getTopology().getNodes(0).getName())
                                .setRateBps(1)))));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.verifyPlans(
                VerifyPlansRequest.newBuilder().setNetwork("no-such-network").addPlans(noop).addTraffic(row).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    /** Asserts INVALID_ARGUMENT with a field violation on {@code field}; returns the message. */
    private String assertInvalid(String field, VerifyPlansRequest.Builder req) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.verifyPlans(req.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getMessage());
        List<String> fields = new ArrayList<>();
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(BadRequest.class)) {
                try {
                    any.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
                } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                    throw new IllegalStateException(x);
                }
            }
        }
        assertEquals(List.of(field), fields, e.getMessage());
        return e.getStatus().getDescription();
    }

    private String node(int i) {
        return net.getTopology().getNodes(i).getName();
    }

    private static PlanAction weight(String linkId, double w) {
        return PlanAction.newBuilder().setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(linkId).setIgpWeight(w)).build();
    }
}
