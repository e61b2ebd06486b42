package io.twinloop.planner.grpc;

import io.twinloop.model.LinkState;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.platform.proto.Translator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A twin snapshot as the planner reads it (round trips of the shared types: platform's TranslatorRoundTripTest). */
class PlannerProtoMapperTest {

    @Test
    void snapshotLinkStatesReachTheModelAndItsPower() {
        var snapshot = io.twinloop.proto.twin.v1.GetNetworkResponse.newBuilder().setNetwork("n")
                .setTopology(io.twinloop.proto.common.v1.Topology.newBuilder()
                        .addNodes(io.twinloop.proto.common.v1.Node.newBuilder().setName("a"))
                        .addNodes(io.twinloop.proto.common.v1.Node.newBuilder().setName("b"))
                        .addLinks(link("a-b", "a", "b", LinkState.SLEEP, null))
                        .addLinks(link("b-a", "b", "a", LinkState.UP, LinkState.DOWN))
                        .addLinks(link("a-b-2", "a", "b", null, null)))
                .build();

        var links = PlannerProtoMapper.network(snapshot).links();

        assertEquals(List.of(LinkState.SLEEP, LinkState.UP, LinkState.UP),
                links.stream().map(l -> l.adminState()).toList());
        assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.UP),
                links.stream().map(l -> l.operState()).toList());
        double powerW = links.stream().mapToDouble(io.twinloop.model.PowerModel::powerW).sum();
        assertEquals(100 * io.twinloop.model.PowerModel.SLEEP_FRACTION + 0 + 100, powerW, 1e-9);
    }

    private static io.twinloop.proto.common.v1.Link link(String id, String src, String dst, LinkState admin,
                                                         LinkState oper) {
        var b = io.twinloop.proto.common.v1.Link.newBuilder().setId(id).setSrc(src).setDst(dst)
                .setCapacityBps(1e10).setIgpWeight(1).setLatencyMs(1).setPowerW(100);
        if (admin != null) {
            b.setAdminState(Translator.state(admin));
        }
        if (oper != null) {
            b.setOperState(Translator.state(oper));
        }
        return b.build();
    }
}
