package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.gateway.v1.ApproveRoundRequest;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.Round;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Approves a pending round: the gateway re-verifies its plan and applies it if it still passes. */
@Command(name = "approve", description = "Approve a pending round (re-verified on the twin before it is applied).")
public final class ApproveCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "round id")
    String roundId;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            Round r = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .approveRound(ApproveRoundRequest.newBuilder().setRoundId(roundId).build()).getRound();
            if (json) {
                System.out.println(Output.json(r));
            } else {
                RoundTable.details(System.out, r);
                if (!r.getRejectionReason().isEmpty()) {
                    System.out.println("  not applied: " + r.getRejectionReason());
                }
            }
            return 0;
        }
    }
}
