package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Shows or changes a network's policy: its rounds' guardrails and the twin events that start rounds. */
@Command(name = "policy", description = "Show a network's round policy, or change it: guardrails (--max-utilization, "
        + "--max-changes, --protect, --protect-node), when a plan is worth its changes (--target-utilization, "
        + "--min-gain-per-change) and event rounds (--on-link-down, --on-threshold, --on-divergence).")
public final class PolicyCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--max-utilization", description = "highest MLU a plan may leave, as a fraction (0 = gateway default 1.0)")
    Double maxUtilization;

    @Option(names = "--max-changes", description = "most actions in a plan (0 = gateway default 10)")
    Integer maxChanges;

    @Option(names = "--protect", split = ",", description = "link ids no plan may touch, comma-separated or repeated "
            + "(replaces the list; '' clears it); ids the network's latest version lacks are refused (NOT_FOUND, exit 4)")
    List<String> protect;

    @Option(names = "--protect-node", split = ",", description = "node names no plan may touch (none of their links; "
            + "replaces the list; '' clears it); names the network lacks are refused (NOT_FOUND, exit 4)")
    List<String> protectNodes;

    @Option(names = "--target-utilization", description = "worst-case MLU at or below which an MLU round keeps the "
            + "configuration, as a fraction (0 = gateway default 0.5)")
    Double targetUtilization;

    @Option(names = "--min-gain-per-change", description = "least relative gain per changed item for a plan to be "
            + "applied, as a fraction: 0.01 = ten changes must gain 10%% (0 = gateway default 0.01)")
    Double minGainPerChange;

    @Option(names = "--on-link-down", negatable = true, description = "start a round when a link goes down")
    Boolean onLinkDown;

    @Option(names = "--on-threshold", negatable = true,
            description = "start a round when a link crosses the utilisation guardrail (0.9 when unset)")
    Boolean onThreshold;

    @Option(names = "--on-divergence", negatable = true, description = "start a round when telemetry diverges from the twin")
    Boolean onDivergence;

    @Option(names = "--event-mode", description = "mode of event rounds: dry-run, auto or approve")
    String eventMode;

    @Option(names = "--min-interval", description = "least time between event rounds: 90s, 5m, 1h (default 60s)")
    String minInterval;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            var gateway = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS);
            NetworkPolicy p = gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork(network).build())
                    .getPolicy();
            boolean change = maxUtilization != null || maxChanges != null || protect != null || protectNodes != null
                    || targetUtilization != null || minGainPerChange != null || onLinkDown != null
                    || onThreshold != null || onDivergence != null || eventMode != null || minInterval != null;
            if (change) {
                NetworkPolicy.Builder b = p.toBuilder().setNetwork(network);
                if (maxUtilization != null) {
                    b.getGuardrailsBuilder().setMaxLinkUtilization(maxUtilization);
                }
                if (maxChanges != null) {
                    b.getGuardrailsBuilder().setMaxChanges(maxChanges);
                }
                if (protect != null) {
                    b.getGuardrailsBuilder().clearProtectedLinkIds()
                            .addAllProtectedLinkIds(protect.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
                }
                if (protectNodes != null) {
                    b.getGuardrailsBuilder().clearProtectedNodeNames().addAllProtectedNodeNames(
                            protectNodes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
                }
                if (targetUtilization != null) {
                    b.setTargetUtilization(targetUtilization);
                }
                if (minGainPerChange != null) {
                    b.setMinGainPerChange(minGainPerChange);
                }
                if (onLinkDown != null) {
                    b.getEventsBuilder().setOnLinkDown(onLinkDown);
                }
                if (onThreshold != null) {
                    b.getEventsBuilder().setOnThreshold(onThreshold);
                }
                if (onDivergence != null) {
                    b.getEventsBuilder().setOnDivergence(onDivergence);
                }
                if (eventMode != null) {
                    b.getEventsBuilder().setMode(RoundCommand.mode(eventMode));
                }
                if (minInterval != null) {
                    b.getEventsBuilder().setMinIntervalSeconds(ScheduleCommand.seconds(minInterval));
                }
                p = gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(b).build()).getPolicy();
            }
            if (json) {
                System.out.println(Output.json(p));
            } else {
                var g = p.getGuardrails();
                var e = p.getEvents();
                System.out.printf("network %s%s%n", p.getNetwork(), p.getUpdatedUnixMs() == 0 ? " (gateway defaults)" : "");
                System.out.printf("  guardrails: max utilisation %s, max changes %s, protected links %s, protected nodes %s%n",
                        g.getMaxLinkUtilization() == 0 ? "default" : Output.percent(g.getMaxLinkUtilization()),
                        g.getMaxChanges() == 0 ? "default" : Integer.toString(g.getMaxChanges()),
                        g.getProtectedLinkIdsCount() == 0 ? "none" : String.join(",", g.getProtectedLinkIdsList()),
                        g.getProtectedNodeNamesCount() == 0 ? "none" : String.join(",", g.getProtectedNodeNamesList()));
                System.out.printf("  worth its changes: target utilisation %s, min gain per change %s%n",
                        p.getTargetUtilization() == 0 ? "default" : Output.percent(p.getTargetUtilization()),
                        p.getMinGainPerChange() == 0 ? "default" : Output.percent(p.getMinGainPerChange()));
                System.out.printf("  event rounds: link down %s, threshold %s, divergence %s; mode %s, at most one per %d s%n",
                        onOff(e.getOnLinkDown()), onOff(e.getOnThreshold()), onOff(e.getOnDivergence()),
                        e.getMode().name().replace("ROUND_MODE_", "").replace("UNSPECIFIED", "DRY_RUN")
                                .toLowerCase(Locale.ROOT).replace('_', '-'),
                        e.getMinIntervalSeconds() == 0 ? 60 : e.getMinIntervalSeconds());
            }
            return 0;
        }
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
