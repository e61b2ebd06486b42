package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListRoundsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Lists recorded rounds, newest first. */
@Command(name = "rounds", description = "List recorded rounds of a network, newest first.")
public final class RoundsCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", arity = "0..1", description = "network name (default: all networks)")
    String network;

    @Option(names = "--limit", description = "how many rounds (default ${DEFAULT-VALUE})", defaultValue = "20")
    int limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            ListRoundsResponse r = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .listRounds(ListRoundsRequest.newBuilder().setNetwork(network == null ? "" : network).setLimit(limit).build());
            if (json) {
                System.out.println(Output.json(r));
            } else {
                RoundTable.all(System.out, r.getRoundsList());
            }
            return 0;
        }
    }
}
