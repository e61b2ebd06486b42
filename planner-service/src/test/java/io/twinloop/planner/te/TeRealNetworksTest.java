package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.planner.optimizer.SharedData;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner on real measured matrices: Abilene (5-minute) and GEANT (15-minute) rows spread over
 * the shared slices. The plan's routed MLU must equal the optimum of an independent edge-based LP
 * (built in the test, {@link MinMluSolverTest#edgeLpOptimum}) and never exceed IGP ECMP's.
 */
class TeRealNetworksTest {

    @Test
    void abileneAndGeantPlansReachTheEdgeLpOptimum() {
        check("topologies/sndlib/abilene.xml", "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv", 400);
        check("topologies/sndlib/geant.xml", "traffic/geant/geant_sndlib_15min_20050504-20050506.csv", 60);
    }

    private static void check(String topo, String csv, int step) {
        Network net = TopologyImporters.read(SharedData.require(topo));
        TrafficSeries series = TrafficCsvImporter.read(SharedData.require(csv));
        TePlanner te = new TePlanner();
        int checked = 0;
        for (int row = 0; row < series.size(); row += step) {
            if (series.samples().get(row).missing()) {
                continue;
            }
            List<Demand> d = series.demandsAt(row);
            double exact = MinMluSolverTest.edgeLpOptimum(net, d);
            double ecmp = MinMluSolverTest.mlu(net, new EcmpRouter(net).route(d));
            TePlanner.Result r = te.minMlu(net, new BitSet(), List.of(d), Integer.MAX_VALUE);
            String at = csv + " row " + row;
            assertTrue(r.exact(), at);
            assertEquals(exact, r.worstMlu(), 1e-6 * exact, at);
            assertEquals(r.worstMlu(), MinMluSolverTest.routedMlu(net, r, d), 1e-12, at);
            assertTrue(r.worstMlu() <= ecmp * (1 + 1e-9), at);
            checked++;
        }
        assertTrue(checked >= 3, "too few rows checked: " + checked);
    }
}
