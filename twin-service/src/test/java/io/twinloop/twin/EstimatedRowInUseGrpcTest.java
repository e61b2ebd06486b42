package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.EstimateTrafficRequest;
import io.twinloop.proto.twin.v1.EstimateTrafficResponse;
import io.twinloop.proto.twin.v1.EstimatedTraffic;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored row estimated from link counters, used as a round uses it: Simulate with include_traffic hands
 * back the routed matrix marked as estimated with the fit GetTrafficHistory reports for that row, whether
 * the row is named, the latest or scaled; a measured row of the same series is not marked. A matrix given
 * in the request keeps its own mark.
 */
@QuarkusTest
class EstimatedRowInUseGrpcTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    /** The triangle with one measured row (time 0000) and one estimated row (0005); returns that row's interval. */
    private EstimatedTraffic measuredThenEstimated(String net) {
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net)
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFromUtf8(EstimateTrafficGrpcTest.TRIANGLE)).build());
        Map<String, String> ids = new HashMap<>();
        twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(net).build()).getTopology().getLinksList()
                .forEach(l -> ids.put(l.getSrc() + "->" + l.getDst(), l.getId()));
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(net).setFileName("m.csv")
                .setCsvContent(ByteString.copyFromUtf8("time,n_demands_in_file,A->B,B->A,B->C,C->B,A->C,C->A\n"
                        + "20040301-0000,6,10,30,40,60,20,50\n")).build());
        StringBuilder links = new StringBuilder("time,link,rate_bps\n");
        EstimateTrafficGrpcTest.RATES.forEach((pair, bps) ->
                links.append("20040301-0005,").append(ids.get(pair)).append(',').append(bps).append('\n'));
        // A's ingress counter disagrees with its links (30 Mbit/s leave A on them), so the fit is not exact
        String nodes = "time,node,ingress_bps,egress_bps\n20040301-0005,A,90000000,\n";
        List<EstimatedTraffic> intervals = new ArrayList<>();
        twin.estimateTraffic(EstimateTrafficRequest.newBuilder().setNetwork(net).setMethod("tomogravity")
                .setLinksCsv(ByteString.copyFromUtf8(links.toString())).setNodesCsv(ByteString.copyFromUtf8(nodes))
                .setStore(true).build()).forEachRemaining((EstimateTrafficResponse r) -> {
                    if (r.hasInterval()) {
                        intervals.add(r.getInterval());
                    }
                });
        assertEquals(1, intervals.size());
        return intervals.get(0);
    }

    private SimulateResponse observe(String net, TrafficSelector.Builder traffic) {
        return twin.simulate(SimulateRequest.newBuilder().setNetwork(net).setTraffic(traffic).setIncludeTraffic(true).build());
    }

    @Test
    void theObservedMatrixOfAStoredEstimatedRowCarriesItsMarkAndFit() {
        String net = "est-use-" + NAMES.incrementAndGet();
        EstimatedTraffic estimated = measuredThenEstimated(net);
        double fit = estimated.getFitError();
        TrafficMatrix stored = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net).build())
                .getSamples(1);
        assertTrue(stored.getEstimated());
        assertEquals(fit, stored.getFitError(), "the stored fit is the estimate's");
        assertTrue(fit > 1e-6, "the node counter disagrees, so the fit is not exact: " + fit);

        SimulateResponse latest = observe(net, TrafficSelector.newBuilder());
        assertEquals(1, latest.getTrafficRow(), "the latest row");
        assertEquals("20040301-0005", latest.getTraffic().getTime());
        assertTrue(latest.getTraffic().getEstimated());
        assertEquals(fit, latest.getTraffic().getFitError());
        assertEquals(stored.getDemandsList(), latest.getTraffic().getDemandsList());

        SimulateResponse scaled = observe(net, TrafficSelector.newBuilder().setRow(1).setScale(2));
        assertTrue(scaled.getTraffic().getEstimated());
        assertEquals(fit, scaled.getTraffic().getFitError(), "scaling keeps the fit");
        assertEquals(2 * stored.getDemands(0).getRateBps(), scaled.getTraffic().getDemands(0).getRateBps(), 1e-6);

        SimulateResponse measured = observe(net, TrafficSelector.newBuilder().setRow(0));
        assertEquals("20040301-0000", measured.getTraffic().getTime());
        assertFalse(measured.getTraffic().getEstimated());
        assertEquals(0.0, measured.getTraffic().getFitError());
    }

    @Test
    void aGivenMatrixKeepsItsOwnMark() {
        String net = "est-use-" + NAMES.incrementAndGet();
        measuredThenEstimated(net);
        TrafficMatrix given = TrafficMatrix.newBuilder().setTime("mine").setEstimated(true).setFitError(0.07)
                .addDemands(Demand.newBuilder().setSrc("A").setDst("C").setRateBps(5e6)).build();
        TrafficMatrix routed = observe(net, TrafficSelector.newBuilder().setMatrix(given)).getTraffic();
        assertTrue(routed.getEstimated());
        assertEquals(0.07, routed.getFitError());
        TrafficMatrix plain = observe(net, TrafficSelector.newBuilder().setMatrix(given.toBuilder()
                .clearEstimated().clearFitError())).getTraffic();
        assertFalse(plain.getEstimated());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> observe(net,
                TrafficSelector.newBuilder().setMatrix(given.toBuilder().setFitError(-1))));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("needs its fit error"), e.getStatus().getDescription());
    }
}
