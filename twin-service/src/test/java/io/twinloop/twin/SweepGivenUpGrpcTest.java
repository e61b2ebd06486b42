package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.twin.grpc.WhatIfRpcs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A failure sweep whose caller gives up (its deadline passes) stops on the twin: no further scenario is
 * evaluated and the sweep counts as given up, instead of running to the end for nobody.
 */
@QuarkusTest
class SweepGivenUpGrpcTest {
    /** A 60 x 60 grid: 7,080 links and 3,600 nodes to fail one by one, far more than a 300 ms deadline allows. */
    private static final int SIDE = 60;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @Inject
    MeterRegistry registry;

    private static String grid() {
        StringBuilder json = new StringBuilder("{\"directed\": false, \"nodes\": [");
        for (int i = 0; i < SIDE * SIDE; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": \"n").append(i).append("\"}");
        }
        json.append("], \"links\": [");
        boolean first = true;
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                int n = r * SIDE + c;
                if (c + 1 < SIDE) {
                    json.append(first ? "" : ",").append("{\"source\": \"n").append(n).append("\", \"target\": \"n")
                            .append(n + 1).append("\", \"capacity\": 1e10}");
                    first = false;
                }
                if (r + 1 < SIDE) {
                    json.append(",{\"source\": \"n").append(n).append("\", \"target\": \"n").append(n + SIDE)
                            .append("\", \"capacity\": 1e10}");
                }
            }
        }
        return json.append("]}").toString();
    }

    private double givenUp() {
        Counter c = registry.find(WhatIfRpcs.SWEEPS_GIVEN_UP).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aSweepStopsWhenItsCallerGivesUp() throws InterruptedException {
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("grid-given-up")
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFrom(grid(), StandardCharsets.UTF_8)).build());
        TrafficMatrix.Builder matrix = TrafficMatrix.newBuilder().setTime("t0");
        Random rnd = new Random(17);
        for (int i = 0; i < 4000; i++) {
            int s = rnd.nextInt(SIDE * SIDE);
            int d = rnd.nextInt(SIDE * SIDE);
            if (s != d) {
                matrix.addDemands(Demand.newBuilder().setSrc("n" + s).setDst("n" + d).setRateBps(1e6));
            }
        }
        double before = givenUp();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
            var it = twin.withDeadlineAfter(300, TimeUnit.MILLISECONDS).sweepFailures(SweepFailuresRequest.newBuilder()
                    .setNetwork("grid-given-up").setTraffic(TrafficSelector.newBuilder().setMatrix(matrix)).build());
            while (it.hasNext()) {
                it.next();
            }
        });
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());

        // the twin notices between two scenarios; wait for it (bounded), then the count says it stopped early
        for (int i = 0; i < 300 && givenUp() == before; i++) {
            Thread.sleep(100);
        }
        assertEquals(before + 1, givenUp(), "the sweep stopped before its last scenario");
    }
}
