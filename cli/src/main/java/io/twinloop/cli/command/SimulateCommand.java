package io.twinloop.cli.command;

import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.FailureScenario;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Routes traffic over a network version on the twin and prints the loads and KPIs. */
@Command(name = "simulate", description = "Simulate a network version: link loads and KPIs under a traffic row.")
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--at", description = "0-based row of the loaded traffic series (default: the latest row, "
            + "or the topology's static demands when no series is loaded)")
    Integer row;

    @Option(names = "--version", description = "network version (default: latest)")
    long version;

    @Option(names = "--churn-base", description = "version to count churn against (default: the simulated version, "
            + "so churn counts what the plan really changes)")
    long churnBase;

    @Option(names = "--scale", description = "multiply every demand by this factor")
    Double scale;

    @Option(names = "--fail", split = ",", description = "link ids to fail (comma-separated or repeated)")
    List<String> failLinks = new ArrayList<>();

    @Option(names = "--fail-node", split = ",", description = "node names to fail (all their links fail)")
    List<String> failNodes = new ArrayList<>();

    @Option(names = "--plan", description = "a plan to lay over the version, as JSON: "
            + "{\"actions\": [{\"setLinkWeight\": {\"linkId\": \"e5\", \"igpWeight\": 2}}]} (proto JSON of twinloop.common.v1.Plan)")
    Path planFile;

    @Option(names = "--top", description = "links to show in the table, busiest first (default ${DEFAULT-VALUE}; 0 = all)",
            defaultValue = "10")
    int top;

    @Option(names = "--json", description = "print JSON: network, version, kpis, links, ...")
    boolean json;

    @Override
    public Integer call() {
        if (top < 0) {
            throw new CliException("--top must be >= 0");
        }
        TrafficSelector.Builder traffic = TrafficSelector.newBuilder();
        if (row != null) {
            traffic.setRow(row);
        }
        if (scale != null) {
            traffic.setScale(scale);
        }
        try (Endpoints ignored = endpoints) {
            SimulateResponse r = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .simulate(SimulateRequest.newBuilder().setNetwork(network).setVersion(version).setChurnBaseVersion(churnBase)
                            .setTraffic(traffic).setPlan(PlanFiles.read(planFile))
                            .setFailures(FailureScenario.newBuilder().addAllLinkIds(failLinks).addAllNodeNames(failNodes))
                            .build());
            if (json) {
                System.out.println(Output.json(r));
                return 0;
            }
            Kpis k = r.getKpis();
            System.out.printf("network %s version %d, traffic %s%n", r.getNetwork(), r.getVersion(),
                    r.hasTrafficRow() ? "row " + r.getTrafficRow() + " (" + r.getTrafficTime() + ")" : "static demands");
            System.out.printf("MLU %s   mean utilization %s   p95 utilization %s   total load %s   overloaded %s   unrouted %s%n",
                    Output.percent(k.getMaxLinkUtilization()), Output.percent(k.getMeanLinkUtilization()),
                    Output.percent(k.getP95LinkUtilization()), Output.rate(k.getTotalLoadBps()),
                    Output.rate(k.getOverloadedBps()), Output.rate(k.getUnroutedBps()));
            System.out.printf("latency mean %.2f ms   p95 %.2f ms   estimated loss %s   power %.0f W   churn %d%n",
                    k.getMeanLatencyMs(), k.getP95LatencyMs(), Output.rate(k.getEstimatedLossBps()), k.getTotalPowerW(),
                    k.getChurn());
            List<LinkLoad> links = new ArrayList<>(r.getLinksList());
            links.sort(Comparator.comparingDouble(LinkLoad::getUtilization).reversed());
            int n = top == 0 ? links.size() : Math.min(top, links.size());
            System.out.printf("%n%-28s %-14s %-14s %14s %14s %8s%n", "LINK", "SRC", "DST", "CAPACITY", "LOAD", "UTIL");
            for (LinkLoad l : links.subList(0, n)) {
                System.out.printf("%-28s %-14s %-14s %14s %14s %8s%n", l.getId(), l.getSrc(), l.getDst(),
                        Output.rate(l.getCapacityBps()), Output.rate(l.getLoadBps()), Output.percent(l.getUtilization()));
            }
            if (n < links.size()) {
                System.out.printf("... %d more links (--top 0 shows all, --json for everything)%n", links.size() - n);
            }
            return 0;
        }
    }
}
