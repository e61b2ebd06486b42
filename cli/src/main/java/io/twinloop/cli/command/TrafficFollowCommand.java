package io.twinloop.cli.command;

import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.GetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.LinkResidual;
import io.twinloop.proto.twin.v1.SampleResiduals;
import io.twinloop.proto.twin.v1.SetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.TrafficFollowStatus;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code traffic follow}: has the twin keep the network's traffic series from its telemetry (SetTrafficFollow),
 * or stops it, or shows what it has done ({@code --status}: the policy, progress, last error, and the links
 * that fit worst in the last estimated row, from its stored residuals).
 */
@Command(name = "follow", description = {
        "Keep the network's traffic series from its telemetry: every closed interval of stored link telemetry is "
                + "estimated on the twin's exact routing and appended to the series, marked as estimated with its fit "
                + "and per-link residuals (bit/s).",
        "An interval closes once telemetry reaches --settle seconds past its end. Intervals without telemetry become "
                + "missing rows; intervals that cannot be estimated (too few counters) are skipped and counted.",
        "--off stops following (progress is kept); --status only shows the policy, progress and worst-fitting links."})
public final class TrafficFollowCommand implements Callable<Integer> {
    /** Links listed by --status. */
    static final int WORST = 5;

    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--off", description = "stop following the telemetry")
    boolean off;

    @Option(names = "--status", description = "only show the policy, progress and the worst-fitting links")
    boolean status;

    @Option(names = "--method", paramLabel = "NAME", description = "gravity, tomogravity, fanout or calibrated "
            + "(default: calibrated when the series holds a day of measured rows, else fanout)")
    String method;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "interval length, 60 to 86400 seconds "
            + "(default: the stored series' step, else 300)")
    int intervalSeconds;

    @Option(names = "--settle", paramLabel = "SECONDS", description = "seconds of telemetry past an interval's end "
            + "before it is estimated, 0 to 86400 (default 60)")
    Integer settleSeconds;

    @Option(names = "--json", description = "print the status as JSON")
    boolean json;

    @Override
    public Integer call() {
        if (status && (off || method != null || intervalSeconds != 0 || settleSeconds != null)) {
            throw new CliException("--status only reads; leave out --off, --method, --interval and --settle");
        }
        try (Endpoints ignored = endpoints) {
            TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(
                    endpoints.channel(endpoints.services().get("twin-service")));
            TrafficFollowStatus s;
            if (status) {
                s = twin.withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                        .getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork(network).build());
            } else {
                SetTrafficFollowRequest.Builder req = SetTrafficFollowRequest.newBuilder().setNetwork(network)
                        .setEnabled(!off).setMethod(method == null ? "" : method).setIntervalSeconds(intervalSeconds);
                if (settleSeconds != null) {
                    req.setSettleSeconds(settleSeconds);
                }
                s = twin.withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS).setTrafficFollow(req.build());
            }
            if (json) {
                System.out.println(Output.json(s));
                return 0;
            }
            print(System.out, s);
            if (status && !s.getLastInterval().isEmpty()) {
                GetTrafficHistoryResponse last = twin.withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                        .getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(network).setLimit(1)
                                .setWithResiduals(true).build());
                if (last.getResidualsCount() > 0) {
                    worst(System.out, last.getResiduals(0));
                }
            }
        }
        return 0;
    }

    static void print(PrintStream out, TrafficFollowStatus s) {
        if (!s.getEnabled() && s.getIntervalSeconds() == 0) {
            out.printf("network %s: not following its telemetry%n", s.getNetwork());
            return;
        }
        out.printf("network %s: %s telemetry, intervals of %d s, settle %d s, method %s%n", s.getNetwork(),
                s.getEnabled() ? "following" : "not following", s.getIntervalSeconds(), s.getSettleSeconds(),
                s.getMethod().isEmpty() ? "default" : s.getMethod());
        out.printf("  %d intervals estimated, %d failed%s%n", s.getIntervalsEstimated(), s.getIntervalsFailed(),
                s.getLastRun().isEmpty() ? "; no pass yet" : "; last pass " + s.getLastRun());
        if (!s.getLastInterval().isEmpty()) {
            out.printf("  last interval %s (fit %s, %s)%n", s.getLastInterval(), fit(s.getLastFitError()), s.getLastMethod());
        }
        if (!s.getLastError().isEmpty()) {
            out.printf("  last error: %s%n", s.getLastError());
        }
    }

    /** The links of one estimated row whose estimate misses their counter most, relative to the counter. */
    static void worst(PrintStream out, SampleResiduals r) {
        List<LinkResidual> links = r.getLinksList().stream()
                .sorted(Comparator.comparingDouble((LinkResidual l) -> -relative(l))).limit(WORST).toList();
        out.printf("  worst-fitting links in row %d (estimated load - counter):%n", r.getRow());
        for (LinkResidual l : links) {
            out.printf("    %-24s counter %s, residual %s (%s)%n", l.getLinkId(), Output.rate(l.getCountedBps()),
                    (l.getResidualBps() < 0 ? "-" : "+") + Output.rate(Math.abs(l.getResidualBps())), fit(relative(l)));
        }
        if (r.getMissingLinkIdsCount() > 0) {
            out.printf("  links without a counter: %s%n", String.join(", ", r.getMissingLinkIdsList()));
        }
    }

    private static double relative(LinkResidual l) {
        return l.getCountedBps() > 0 ? Math.abs(l.getResidualBps()) / l.getCountedBps()
                : l.getResidualBps() == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    private static String fit(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, f < 0.01 ? "%.2f %%" : "%.1f %%", f * 100) : "no fit";
    }
}
