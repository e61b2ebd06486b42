package io.twinloop.cli.command;

import com.google.protobuf.util.Durations;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetRoundRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Runs one optimization round through the gateway, or shows a recorded one ({@code round show ID}). */
@Command(name = "round", description = "Run one optimization round (observe, forecast, plan, verify, apply, record), "
        + "or 'round show ID' to show a recorded round.")
public final class RoundCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name, or 'show'")
    String network;

    @Parameters(index = "1", arity = "0..1", description = "round id (with 'show')")
    String roundId;

    @Option(names = "--mode", description = "dry-run, auto or approve (default ${DEFAULT-VALUE})", defaultValue = "dry-run")
    String mode;

    @Option(names = "--at", description = "0-based traffic row to observe (default: the latest)")
    Integer row;

    @Option(names = "--max-utilization", description = "guardrail: highest MLU a plan may leave (default 1.0)")
    double maxUtilization;

    @Option(names = "--max-changes", description = "guardrail: most actions in a plan (default 10)")
    int maxChanges;

    @Option(names = "--deadline", description = "round deadline in seconds (default ${DEFAULT-VALUE})", defaultValue = "30")
    double deadlineSeconds;

    @Option(names = "--json", description = "print the round record as JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            var gateway = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS);
            Round r;
            if ("show".equals(network) && roundId != null) {
                r = gateway.getRound(GetRoundRequest.newBuilder().setRoundId(roundId).build()).getRound();
            } else {
                if (roundId != null) {
                    throw new CliException("unexpected argument '" + roundId + "'");
                }
                r = gateway.runRound(request(network, mode(mode), row, maxUtilization, maxChanges, deadlineSeconds)).getRound();
            }
            if (json) {
                System.out.println(Output.json(r));
            } else {
                RoundTable.details(System.out, r);
            }
            return 0;
        }
    }

    static RunRoundRequest request(String network, RoundMode mode, Integer row, double maxUtilization, int maxChanges,
                                   double deadlineSeconds) {
        if (!(deadlineSeconds > 0)) {
            throw new CliException("--deadline must be > 0 seconds");
        }
        TrafficSelector.Builder traffic = TrafficSelector.newBuilder();
        if (row != null) {
            traffic.setRow(row);
        }
        return RunRoundRequest.newBuilder().setNetwork(network).setMode(mode).setTraffic(traffic)
                .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(maxUtilization).setMaxChanges(maxChanges))
                .setDeadline(Durations.fromMillis((long) (deadlineSeconds * 1000))).build();
    }

    static RoundMode mode(String mode) {
        return switch (mode) {
            case "dry-run" -> RoundMode.ROUND_MODE_DRY_RUN;
            case "auto" -> RoundMode.ROUND_MODE_AUTO;
            case "approve" -> RoundMode.ROUND_MODE_APPROVE;
            default -> throw new CliException("unknown mode '" + mode + "'; use dry-run, auto or approve");
        };
    }
}
