package io.twinloop.cli.command;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.twinloop.cli.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Shows the gRPC health of the four services and where the gateway serves the dashboard; optionally waits until
 * all are SERVING.
 */
@Command(name = "status", description = "Show whether each service is SERVING (gRPC health) and the dashboard's URL.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Option(names = "--wait", description = "wait up to this many seconds for every service to be SERVING")
    int waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        try (Endpoints ignored = endpoints) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            Map<String, String> states;
            while (true) {
                states = check();
                boolean all = states.values().stream().allMatch("SERVING"::equals);
                if (all || System.nanoTime() >= until) {
                    break;
                }
                Thread.sleep(500);
            }
            System.out.printf("%-18s %-22s %s%n", "SERVICE", "ADDRESS", "STATUS");
            boolean all = true;
            for (Map.Entry<String, String> e : endpoints.services().entrySet()) {
                String state = states.get(e.getKey());
                all &= "SERVING".equals(state);
                System.out.printf("%-18s %-22s %s%n", e.getKey(), e.getValue(), state);
            }
            System.out.println("dashboard: " + endpoints.dashboardUrl());
            return all ? 0 : 1;
        }
    }

    private Map<String, String> check() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : endpoints.services().entrySet()) {
            try {
                HealthCheckResponse r = HealthGrpc.newBlockingStub(endpoints.channel(e.getValue()))
                        .withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance());
                out.put(e.getKey(), r.getStatus().name());
            } catch (StatusRuntimeException ex) {
                out.put(e.getKey(), "DOWN (" + ex.getStatus().getCode()
                        + (Endpoints.isTlsFailure(ex) ? ": " + ex.getStatus().getDescription() : "") + ")");
            }
        }
        return out;
    }
}
