package io.twinloop.cli.command;

import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.gateway.v1.DeleteScheduleRequest;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.gateway.v1.Schedule;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Creates, lists and removes the gateway's periodic round schedules. */
@Command(name = "schedule", description = "Run a network's rounds periodically: 'schedule NETWORK --every 5m [--mode M]', "
        + "'schedule NETWORK --off', 'schedule list'.")
public final class ScheduleCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)?");

    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name, or 'list'")
    String network;

    @Option(names = "--every", description = "interval: 90s, 5m, 1h, 1d (plain numbers are seconds)")
    String every;

    @Option(names = "--mode", description = "dry-run, auto or approve (default ${DEFAULT-VALUE})", defaultValue = "dry-run")
    String mode;

    @Option(names = "--max-utilization", description = "guardrail: highest MLU a plan may leave (default: the network's policy)")
    double maxUtilization;

    @Option(names = "--max-changes", description = "guardrail: most actions in a plan (default: the network's policy)")
    int maxChanges;

    @Option(names = "--off", description = "remove the network's schedule")
    boolean off;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            var gateway = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS);
            if ("list".equals(network)) {
                if (every != null || off) {
                    throw new CliException("'schedule list' takes no --every or --off");
                }
                var r = gateway.listSchedules(ListSchedulesRequest.getDefaultInstance());
                if (json) {
                    System.out.println(Output.json(r));
                } else {
                    print(System.out, r.getSchedulesList());
                }
                return 0;
            }
            Schedule s;
            if (off) {
                if (every != null) {
                    throw new CliException("give either --every or --off");
                }
                s = gateway.deleteSchedule(DeleteScheduleRequest.newBuilder().setNetwork(network).build()).getSchedule();
            } else {
                if (every == null) {
                    throw new CliException("give --every (e.g. --every 5m) or --off");
                }
                s = gateway.setSchedule(SetScheduleRequest.newBuilder().setNetwork(network)
                        .setIntervalSeconds(seconds(every)).setMode(RoundCommand.mode(mode))
                        .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(maxUtilization).setMaxChanges(maxChanges))
                        .build()).getSchedule();
            }
            if (json) {
                System.out.println(Output.json(s));
            } else {
                System.out.println(off ? "removed:" : "scheduled:");
                print(System.out, List.of(s));
            }
            return 0;
        }
    }

    /** Seconds in "90s", "5m", "1h", "1d" or "300". */
    static long seconds(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliException("--every '" + text + "' is not a duration; use e.g. 90s, 5m, 1h or 1d");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new CliException("--every '" + text + "' is too large");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            default -> 1;
        };
        if (n <= 0 || n > Long.MAX_VALUE / unit) {
            throw new CliException("--every must be a positive duration, got '" + text + "'");
        }
        return n * unit;
    }

    private static void print(PrintStream out, List<Schedule> schedules) {
        out.printf("%-20s %10s %-9s %-22s %s%n", "NETWORK", "EVERY", "MODE", "NEXT RUN", "LAST ROUND");
        for (Schedule s : schedules) {
            out.printf("%-20s %10s %-9s %-22s %s%n", s.getNetwork(), s.getIntervalSeconds() + " s",
                    s.getMode().name().replace("ROUND_MODE_", "").toLowerCase(Locale.ROOT).replace('_', '-'),
                    s.getNextRunUnixMs() == 0 ? "-" : Instant.ofEpochMilli(s.getNextRunUnixMs()).toString(),
                    s.getLastRoundId().isEmpty() ? "-" : s.getLastRoundId());
        }
        if (schedules.isEmpty()) {
            out.println("(no schedules)");
        }
    }
}
