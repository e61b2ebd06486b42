package io.twinloop.cli.command;

import com.google.protobuf.ByteString;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.EstimateSummary;
import io.twinloop.proto.twin.v1.EstimateTrafficRequest;
import io.twinloop.proto.twin.v1.EstimateTrafficResponse;
import io.twinloop.proto.twin.v1.EstimatedTraffic;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code traffic estimate}: the network's traffic matrices estimated by the twin from link counters (its
 * EstimateTraffic call), written as a traffic CSV that {@code twinloop traffic} loads back: {@code time},
 * {@code n_demands_in_file}, then every off-diagonal {@code SRC->DST} column in the snapshot's node order,
 * values in Mbit/s, one row per interval with its time as the counters wrote it. The file is written only
 * when the whole estimate succeeded (a refusal leaves {@code --out} as it was).
 */
@Command(name = "estimate", description = {
        "Estimate the traffic matrix of every interval from link counters (demand deduction) on the twin's exact "
                + "routing, and write it as a traffic CSV (Mbit/s) that 'twinloop traffic' loads.",
        "Counters: --links LINKS.csv (time,link,rate_bps; one interval per distinct time), optionally --nodes "
                + "NODES.csv (time,node,ingress_bps,egress_bps), --known KNOWN.csv and --calibration CAL.csv (the "
                + "traffic import layout); or, without --links, the twin's stored telemetry from --from to --to.",
        "--store also appends the rows to the network's traffic series, marked as estimated with their fit."})
public final class TrafficEstimateCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--links", paramLabel = "LINKS.csv", description = "link rates: time,link,rate_bps (bit/s)")
    Path links;

    @Option(names = "--nodes", paramLabel = "NODES.csv", description = "node totals: time,node,ingress_bps,egress_bps")
    Path nodes;

    @Option(names = "--known", paramLabel = "KNOWN.csv", description = "known (measured) demands, traffic import layout")
    Path known;

    @Option(names = "--calibration", paramLabel = "CAL.csv", description = "earlier measured matrices, traffic import layout")
    Path calibration;

    @Option(names = "--method", paramLabel = "NAME",
            description = "gravity, tomogravity, fanout or calibrated (default: calibrated with --calibration, else fanout)")
    String method;

    @Option(names = "--out", paramLabel = "EST.csv", required = true, description = "the estimated matrices (traffic CSV)")
    Path out;

    @Option(names = "--store", description = "append the rows to the network's traffic series, marked as estimated")
    boolean store;

    @Option(names = "--from", paramLabel = "TIME", description = "without --links: stored telemetry from this time "
            + "(ISO-8601 or yyyyMMdd-HHmm, UTC, inclusive)")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "without --links: stored telemetry up to this time (exclusive)")
    String to;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "without --links: average the stored telemetry "
            + "over intervals of this many seconds (default: one interval per sample time)")
    int intervalSeconds;

    @Option(names = "--version", description = "the network version whose routing is used (default: latest)")
    long version;

    @Option(names = "--json", description = "print JSON: the summary and each interval's time, fit and missing links")
    boolean json;

    @Override
    public Integer call() throws IOException {
        EstimateTrafficRequest.Builder req = EstimateTrafficRequest.newBuilder().setNetwork(network).setVersion(version)
                .setStore(store).setMethod(method == null ? "" : method).setIntervalSeconds(intervalSeconds);
        if (links != null) {
            if (from != null || to != null) {
                throw new CliException("--from/--to select the stored telemetry; with --links the intervals are the file's");
            }
            req.setLinksCsv(file(links));
            if (nodes != null) {
                req.setNodesCsv(file(nodes));
            }
            if (known != null) {
                req.setKnownCsv(file(known));
            }
        } else {
            if (from == null || to == null) {
                throw new CliException("give --links LINKS.csv, or --from and --to to estimate from the stored telemetry");
            }
            if (nodes != null || known != null) {
                throw new CliException("--nodes and --known are matched to the intervals of --links; give --links too");
            }
            req.setFromTime(from).setToTime(to);
        }
        if (calibration != null) {
            req.setCalibrationCsv(file(calibration));
        }
        List<EstimatedTraffic> intervals = new ArrayList<>();
        EstimateSummary summary = null;
        boolean terminal = System.console() != null && !json;
        try (Endpoints ignored = endpoints) {
            Iterator<EstimateTrafficResponse> it = TwinServiceGrpc.newBlockingStub(
                            endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .estimateTraffic(req.build());
            while (it.hasNext()) {
                EstimateTrafficResponse r = it.next();
                switch (r.getPayloadCase()) {
                    case PROGRESS -> {
                        if (terminal) {
                            System.err.printf("\restimating: %d/%d intervals", r.getProgress().getDone(), r.getProgress().getTotal());
                        }
                    }
                    case INTERVAL -> intervals.add(r.getInterval());
                    case SUMMARY -> summary = r.getSummary();
                    default -> {
                    }
                }
            }
        } finally {
            if (terminal) {
                System.err.println();
            }
        }
        if (summary == null) {
            throw new CliException("the twin ended the estimate without its summary; " + out + " was not written");
        }
        write(summary, intervals);
        if (json) {
            System.out.println(json(summary, intervals));
        } else {
            print(summary, intervals);
        }
        return 0;
    }

    private static ByteString file(Path p) {
        return ByteString.copyFrom(ImportCommand.read(p));
    }

    /** Writes EST.csv next to its place and moves it there, so a failure never leaves half a file. */
    private void write(EstimateSummary s, List<EstimatedTraffic> intervals) throws IOException {
        List<String> nodeNames = s.getNodesList();
        List<String> pairs = new ArrayList<>();
        for (String src : nodeNames) {
            for (String dst : nodeNames) {
                if (!src.equals(dst)) {
                    pairs.add(src + "->" + dst);
                }
            }
        }
        StringBuilder b = new StringBuilder("time,n_demands_in_file");
        pairs.forEach(p -> b.append(',').append(p));
        b.append('\n');
        for (EstimatedTraffic e : intervals) {
            Map<String, Double> rates = new HashMap<>();
            e.getMatrix().getDemandsList().forEach(d -> rates.merge(d.getSrc() + "->" + d.getDst(), d.getRateBps(), Double::sum));
            b.append(e.getMatrix().getTime()).append(',').append(pairs.size());
            for (String p : pairs) {
                b.append(',').append(mbps(rates.getOrDefault(p, 0.0)));
            }
            b.append('\n');
        }
        Path target = out.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Bit/s as Mbit/s, exactly as the double's decimal form, without trailing zeros. */
    static String mbps(double bps) {
        return bps == 0 ? "0" : BigDecimal.valueOf(bps).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    private void print(EstimateSummary s, List<EstimatedTraffic> intervals) {
        System.out.printf(Locale.ROOT, "estimated %d intervals of '%s' (version %d) with %s: median fit %s, worst %s%n",
                s.getIntervals(), s.getNetwork(), s.getVersion(), s.getMethod(), Output.percent(s.getMedianFitError()),
                Output.percent(s.getMaxFitError()));
        if (s.getIntervalsWithMissingLinks() == 0) {
            System.out.println("every link counter present in every interval");
        } else {
            System.out.printf("missing link counters in %d of %d intervals (estimated from the other counters):%n",
                    s.getIntervalsWithMissingLinks(), s.getIntervals());
            intervals.stream().filter(e -> e.getMissingLinkIdsCount() > 0).limit(20).forEach(e -> System.out.printf(
                    "  %s: %s%n", e.getMatrix().getTime(), String.join(", ", e.getMissingLinkIdsList())));
            if (s.getIntervalsWithMissingLinks() > 20) {
                System.out.printf("  ... and %d more (--json lists them all)%n", s.getIntervalsWithMissingLinks() - 20);
            }
        }
        if (store) {
            System.out.printf("stored %d rows marked estimated%s: rows %d..%d of %d%n", s.getStoredRows(),
                    s.getGapRows() > 0 ? " (" + s.getGapRows() + " missing rows filling gaps)" : "", s.getFirstRow(),
                    s.getTotalSamples() - 1, s.getTotalSamples());
        }
        int n = s.getNodesCount();
        System.out.printf("wrote %s: %d rows x %d OD pairs, Mbit/s%n", out, intervals.size(), n * (n - 1));
    }

    private static String json(EstimateSummary s, List<EstimatedTraffic> intervals) {
        String rows = intervals.stream().map(e -> String.format(Locale.ROOT,
                "{\"time\": %s, \"fitError\": %s, \"missingLinkIds\": [%s]}", quote(e.getMatrix().getTime()),
                number(e.getFitError()), e.getMissingLinkIdsList().stream().map(TrafficEstimateCommand::quote)
                        .collect(Collectors.joining(", ")))).collect(Collectors.joining(",\n    "));
        return "{\n  \"summary\": " + Output.json(s).replace("\n", "\n  ") + ",\n  \"intervals\": [\n    " + rows + "\n  ]\n}";
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "\"" + (Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity") + "\"";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
