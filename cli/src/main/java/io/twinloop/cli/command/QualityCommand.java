package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.GetDataQualityRequest;
import io.twinloop.proto.twin.v1.GetDataQualityResponse;
import io.twinloop.proto.twin.v1.LinkDataQuality;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code quality}: the data quality of a network's link telemetry as the twin has seen it since it started (its
 * GetDataQuality call): per link the last sample's age, the rates its two ends report and their disagreement, and
 * the counter resets and wraps seen; stale links (no sample for {@code --stale} seconds, or none at all) are marked.
 */
@Command(name = "quality", description = {
        "Show the data quality of each link's telemetry: the last sample's age (s), the rates the link's two ends report "
                + "(bit/s: out-octets of the source end, in-octets of the destination end), their disagreement "
                + "|out - in| / max, and the counter resets and wraps seen since the twin started.",
        "Links without a sample for --stale seconds (default 300), or without any, are marked STALE."})
public final class QualityCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--stale", paramLabel = "SECONDS", description = "age after which a link is stale (default 300)")
    double staleSeconds = 300;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            GetDataQualityResponse r = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .getDataQuality(GetDataQualityRequest.newBuilder().setNetwork(network).build());
            if (json) {
                System.out.println(Output.json(r));
            } else {
                print(System.out, r, staleSeconds);
            }
        }
        return 0;
    }

    static boolean stale(LinkDataQuality q, double staleSeconds) {
        return q.getLastSampleAgeSeconds() < 0 || q.getLastSampleAgeSeconds() > staleSeconds;
    }

    static void print(PrintStream out, GetDataQualityResponse r, double staleSeconds) {
        out.printf("%-24s %12s %14s %14s %9s %7s %6s%n", "LINK", "LAST SAMPLE", "OUT (SRC END)", "IN (DST END)", "DISAGREE",
                "RESETS", "WRAPS");
        int stale = 0;
        for (LinkDataQuality q : r.getLinksList()) {
            boolean s = stale(q, staleSeconds);
            stale += s ? 1 : 0;
            out.printf("%-24s %12s %14s %14s %9s %7d %6d%s%n", q.getLinkId(),
                    q.getLastSampleAgeSeconds() < 0 ? "never" : String.format(Locale.ROOT, "%.0f s ago", q.getLastSampleAgeSeconds()),
                    q.getOutRateBps() < 0 ? "-" : Output.rate(q.getOutRateBps()),
                    q.getInRateBps() < 0 ? "-" : Output.rate(q.getInRateBps()),
                    q.getDisagreement() < 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * q.getDisagreement()),
                    q.getResets(), q.getWraps(), s ? "  STALE" : "");
        }
        out.printf("%d of %d links stale (no sample for %.0f s)%n", stale, r.getLinksCount(), staleSeconds);
    }
}
