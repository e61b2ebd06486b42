package io.twinloop.twin.grpc;

import com.google.protobuf.util.JsonFormat;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.twin.simulation.SimulationResult;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loaded link with capacity 0 (a version stored before imports refused them) is reported with utilization
 * +Infinity and an infinite MLU, not 0; proto JSON carries it as the string "Infinity".
 */
class ZeroCapacityOutputTest {

    @Test
    void aLoadedZeroCapacityLinkIsInfinitelyUtilisedInTheProtoAndItsJson() throws Exception {
        // a -> c goes a -> b -> c (weight 2 < 5 direct); bc has capacity 0
        Network net = Network.of("legacy", List.of(new Node("a"), new Node("b"), new Node("c")),
                List.of(new Link("ab", "a", "b", 100, 1), new Link("bc", "b", "c", 0, 1), new Link("ac", "a", "c", 100, 5)),
                List.of());
        RoutingResult routing = new EcmpRouter(net).route(List.of(new Demand("a", "c", 8)));
        SimulationResult r = new SimulationResult(net, new BitSet(), routing, Kpis.of(net, routing));
        List<LinkLoad> loads = TwinProtoMapper.linkLoads(r);
        assertEquals(8, loads.get(1).getLoadBps());
        assertEquals(Double.POSITIVE_INFINITY, loads.get(1).getUtilization(), "8 bit/s over capacity 0");
        assertEquals(8.0 / 100, loads.get(0).getUtilization(), 1e-15);
        assertEquals(0, loads.get(2).getUtilization());
        var kpis = io.twinloop.platform.proto.Translator.kpis(r.kpis());
        assertEquals(Double.POSITIVE_INFINITY, kpis.getMaxLinkUtilization());
        assertEquals(1, kpis.getLinksOverloaded());
        String json = JsonFormat.printer().print(loads.get(1)) + JsonFormat.printer().print(kpis);
        assertTrue(json.contains("\"utilization\": \"Infinity\"") && json.contains("\"maxLinkUtilization\": \"Infinity\""), json);
    }
}
