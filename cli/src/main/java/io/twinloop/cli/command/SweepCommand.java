package io.twinloop.cli.command;

import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.FailureCase;
import io.twinloop.proto.twin.v1.FailureKind;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.SweepFailuresResponse;
import io.twinloop.proto.twin.v1.SweepResult;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** N-1 failure sweep on the twin: the worst single failures by MLU and every disconnecting one. */
@Command(name = "sweep", description = "Fail every link, node and SRLG in turn (N-1) and show the worst cases.")
public final class SweepCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--at", description = "0-based traffic row (default: the latest)")
    Integer row;

    @Option(names = "--kinds", split = ",", description = "link, node, srlg (default: link,node,srlg)")
    List<String> kinds = new ArrayList<>(List.of("link", "node", "srlg"));

    @Option(names = "--top", description = "worst cases to show (default ${DEFAULT-VALUE})", defaultValue = "10")
    int top;

    @Option(names = "--plan", description = "plan JSON file to lay over the version first")
    Path planFile;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() {
        SweepFailuresRequest.Builder req = SweepFailuresRequest.newBuilder().setNetwork(network).setTopK(top)
                .setPlan(PlanFiles.read(planFile));
        if (row != null) {
            req.setTraffic(TrafficSelector.newBuilder().setRow(row));
        }
        for (String k : kinds) {
            req.addKinds(switch (k) {
                case "link" -> FailureKind.FAILURE_KIND_LINK;
                case "node" -> FailureKind.FAILURE_KIND_NODE;
                case "srlg" -> FailureKind.FAILURE_KIND_SRLG;
                default -> throw new CliException("unknown failure kind '" + k + "'; use link, node or srlg");
            });
        }
        try (Endpoints ignored = endpoints) {
            Iterator<SweepFailuresResponse> it = TwinServiceGrpc.newBlockingStub(
                            endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS).sweepFailures(req.build());
            SweepResult result = null;
            boolean tty = System.console() != null && !json;
            while (it.hasNext()) {
                SweepFailuresResponse r = it.next();
                if (r.hasProgress() && tty) {
                    var p = r.getProgress();
                    int width = 30;
                    int filled = p.getTotal() == 0 ? width : (int) ((long) width * p.getDone() / p.getTotal());
                    System.err.printf("\r[%s%s] %d/%d scenarios", "#".repeat(filled), " ".repeat(width - filled),
                            p.getDone(), p.getTotal());
                }
                if (r.hasResult()) {
                    result = r.getResult();
                }
            }
            if (tty) {
                System.err.println();
            }
            if (result == null) {
                throw new CliException("the twin ended the sweep without a result");
            }
            if (json) {
                System.out.println(Output.json(result));
                return 0;
            }
            System.out.printf("network %s version %d, traffic %s: %d scenarios in %.3f s; baseline MLU %s%n",
                    network, result.getVersion(), result.getTrafficTime().isEmpty() ? "static demands" : result.getTrafficTime(),
                    result.getScenarios(), result.getElapsedSeconds(),
                    Output.percent(result.getBaselineKpis().getMaxLinkUtilization()));
            System.out.printf("%d scenarios disconnect demand, %d overload a link%n%n", result.getDisconnectingScenarios(),
                    result.getOverloadingScenarios());
            System.out.printf("%-40s %8s %16s  %s%n", "WORST BY MLU", "MLU", "UNROUTED", "BOTTLENECK");
            for (FailureCase c : result.getWorstByMluList()) {
                System.out.printf("%-40s %8s %16s  %s%n", c.getLabel(), Output.percent(c.getKpis().getMaxLinkUtilization()),
                        Output.rate(c.getKpis().getUnroutedBps()), String.join(",", c.getBottleneckLinkIdsList()));
            }
            if (result.getWorstByUnroutedCount() > 0) {
                System.out.printf("%n%-40s %16s  %s%n", "DISCONNECTING", "UNROUTED", "OD PAIRS CUT");
                for (FailureCase c : result.getWorstByUnroutedList()) {
                    System.out.printf("%-40s %16s  %d%n", c.getLabel(), Output.rate(c.getKpis().getUnroutedBps()),
                            c.getDisconnectedPairsCount());
                }
            }
            return 0;
        }
    }
}
