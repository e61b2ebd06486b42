package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.RejectRoundRequest;
import io.twinloop.proto.gateway.v1.Round;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Rejects a pending round; nothing is applied. */
@Command(name = "reject", description = "Reject a pending round.")
public final class RejectCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "round id")
    String roundId;

    @Option(names = "--reason", description = "why", defaultValue = "")
    String reason;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            Round r = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .rejectRound(RejectRoundRequest.newBuilder().setRoundId(roundId).setReason(reason).build()).getRound();
            System.out.println(json ? Output.json(r) : "round " + r.getId() + " rejected: " + r.getRejectionReason());
            return 0;
        }
    }
}
