package io.twinloop.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.planner.v1.Hypothesis;
import io.twinloop.proto.planner.v1.ObservedLink;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Compares observed link loads with the twin's expectation and ranks what could explain the
 * difference (the planner's fault diagnosis): links, nodes or SRLGs down, a degraded capacity, a
 * traffic shift. Links missing from the file sent no telemetry (a silent failure looks like that).
 */
@Command(name = "diagnose", description = "Rank fault hypotheses that explain observed link loads (simulated on the twin).")
public final class DiagnoseCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest observation file read. */
    static final long MAX_FILE_BYTES = 16L << 20;

    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--observed", required = true,
            description = "JSON file {\"links\": [{\"src\", \"dst\", \"loadBps\", \"operUp\" (optional), \"id\" (optional)}]}")
    Path observed;

    @Option(names = "--at", description = "0-based traffic row the observations belong to (default: the latest)")
    Integer row;

    @Option(names = "--max", description = "hypotheses to show (default ${DEFAULT-VALUE})", defaultValue = "5")
    int max;

    @Option(names = "--json", description = "print {\"hypotheses\": [{kind, elements, score, explanation, residual}]} as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DiagnoseRequest.Builder req = DiagnoseRequest.newBuilder().setNetwork(network).setMaxHypotheses(max);
        readObservations(req);
        try (Endpoints ignored = endpoints) {
            long deadline = Math.max(endpoints.timeoutSeconds(), 60);
            TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(
                    endpoints.channel(endpoints.services().get("twin-service"))).withDeadlineAfter(deadline, TimeUnit.SECONDS);
            GetTrafficHistoryResponse hist = MeasuredTraffic.row(twin, network, row);
            DiagnoseResponse r = PlannerServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("planner-service")))
                    .withDeadlineAfter(deadline, TimeUnit.SECONDS).diagnose(req.setTraffic(hist.getSamples(0)).build());
            if (json) {
                ObjectNode out = JSON.createObjectNode().put("network", network).put("version", r.getVersion())
                        .put("trafficRow", hist.getFirstRow());
                ArrayNode hs = out.putArray("hypotheses");
                for (Hypothesis x : r.getHypothesesList()) {
                    ObjectNode n = hs.addObject().put("kind", kind(x));
                    ArrayNode el = n.putArray("elements");
                    x.getElementsList().forEach(el::add);
                    n.put("score", x.getScore()).put("explanation", x.getExplanation()).put("residual", x.getResidual());
                }
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            System.out.printf(Locale.ROOT, "network %s version %d, traffic row %d: %d observations, best first%n", network,
                    r.getVersion(), hist.getFirstRow(), req.getObservedCount());
            int i = 1;
            for (Hypothesis x : r.getHypothesesList()) {
                System.out.printf(Locale.ROOT, "%2d. %-17s %-40s score %.3f  %s%n", i++, kind(x),
                        String.join(",", x.getElementsList()), x.getScore(), x.getExplanation());
            }
            return 0;
        }
    }

    private void readObservations(DiagnoseRequest.Builder req) {
        JsonNode root;
        try {
            if (Files.size(observed) > MAX_FILE_BYTES) {
                throw new CliException(observed + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            root = JSON.readTree(observed.toFile());
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot read " + observed + ": " + e.getMessage());
        }
        if (root == null || !root.has("links") || !root.get("links").isArray()) {
            throw new CliException(observed + ": expected {\"links\": [{\"src\", \"dst\", \"loadBps\"}]}");
        }
        int i = 0;
        for (JsonNode l : root.get("links")) {
            String at = observed + ": links[" + i++ + "]";
            if (!l.isObject() || !l.path("loadBps").isNumber() || (!l.has("id") && (!l.path("src").isTextual()
                    || !l.path("dst").isTextual()))) {
                throw new CliException(at + ": needs src, dst (or id) and a numeric loadBps");
            }
            ObservedLink.Builder o = ObservedLink.newBuilder().setLoadBps(l.get("loadBps").asDouble());
            if (l.has("id")) {
                o.setLinkId(l.get("id").asText());
            }
            if (l.has("src")) {
                o.setSrc(l.get("src").asText()).setDst(l.path("dst").asText());
            }
            if (l.has("operUp")) {
                if (!l.get("operUp").isBoolean()) {
                    throw new CliException(at + ": operUp must be true or false");
                }
                o.setOperUp(l.get("operUp").asBoolean());
            }
            req.addObserved(o);
        }
    }

    private static String kind(Hypothesis h) {
        return h.getKind().name().replace("HYPOTHESIS_KIND_", "");
    }
}
