package io.twinloop.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.common.v1.WeightedPath;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.ParetoFrontRequest;
import io.twinloop.proto.planner.v1.ParetoFrontResponse;
import io.twinloop.proto.planner.v1.ParetoPoint;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the planner's optimizer on a network at one traffic row, then re-simulates the best plan
 * on the twin: the KPIs and link loads printed are the twin's, not the planner's estimate.
 */
@Command(name = "optimize", description = "Optimize a network for an objective under constraints (the planner's "
        + "optimizer), verified on the twin. Nothing is applied.")
public final class OptimizeCommand implements Callable<Integer> {
    static final Map<String, Objective> OBJECTIVES = Map.of(
            "min-mlu", Objective.OBJECTIVE_MIN_MLU, "min-latency", Objective.OBJECTIVE_MIN_LATENCY,
            "min-power", Objective.OBJECTIVE_MIN_POWER, "min-churn", Objective.OBJECTIVE_MIN_CHURN,
            "weighted", Objective.OBJECTIVE_WEIGHTED);
    static final Map<String, ConstraintMetric> METRICS = Map.of(
            "mlu", ConstraintMetric.CONSTRAINT_METRIC_MAX_LINK_UTILIZATION,
            "latency", ConstraintMetric.CONSTRAINT_METRIC_MEAN_LATENCY_MS,
            "p95latency", ConstraintMetric.CONSTRAINT_METRIC_P95_LATENCY_MS,
            "power", ConstraintMetric.CONSTRAINT_METRIC_TOTAL_POWER_W,
            "churn", ConstraintMetric.CONSTRAINT_METRIC_CHURN,
            "unrouted", ConstraintMetric.CONSTRAINT_METRIC_UNROUTED_BPS);
    private static final Pattern CONSTRAINT = Pattern.compile("\\s*([a-z0-9]+)\\s*(<=|>=)\\s*([-+0-9.eE]+)\\s*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--at", description = "0-based traffic row (default: the latest)")
    Integer row;

    @Option(names = "--objective", description = "min-mlu, min-latency, min-power, min-churn or weighted (default ${DEFAULT-VALUE})",
            defaultValue = "min-mlu")
    String objective;

    @Option(names = "--constraint", description = "a bound such as mlu<=0.7, latency<=25 (ms), power<=5000 (W), churn<=4; repeatable")
    List<String> constraints = new ArrayList<>();

    @Option(names = "--max-changes", description = "most changed items in the plan (default: the planner's)")
    int maxChanges;

    @Option(names = "--protect", split = ",", description = "link ids the plan must not touch")
    List<String> protectedLinks = new ArrayList<>();

    @Option(names = "--json", description = "print {kpis, plan, splits, links, candidate, rationale} as JSON")
    boolean json;

    @Option(names = "--pareto", description = "instead of one plan, the Pareto front of two objectives, e.g. mlu,power "
            + "(any two of mlu, latency, power, churn)")
    String pareto;

    @Option(names = "--points", description = "MLU bounds swept for --pareto (default ${DEFAULT-VALUE})", defaultValue = "6")
    int points;

    static final Map<String, Objective> AXES = Map.of("mlu", Objective.OBJECTIVE_MIN_MLU,
            "latency", Objective.OBJECTIVE_MIN_LATENCY, "power", Objective.OBJECTIVE_MIN_POWER,
            "churn", Objective.OBJECTIVE_MIN_CHURN);

    @Override
    public Integer call() throws Exception {
        Objective obj = OBJECTIVES.get(objective);
        if (obj == null) {
            throw new CliException("unknown objective '" + objective + "'; use one of " + OBJECTIVES.keySet().stream().sorted().toList());
        }
        ProposeRequest.Builder req = ProposeRequest.newBuilder().setNetwork(network).setObjective(obj)
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(maxChanges).addAllProtectedLinkIds(protectedLinks))
                .setMaxCandidates(3);
        for (String c : constraints) {
            req.addConstraints(constraint(c));
        }
        try (Endpoints ignored = endpoints) {
            long deadline = Math.max(endpoints.timeoutSeconds(), 120);
            TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(
                    endpoints.channel(endpoints.services().get("twin-service"))).withDeadlineAfter(deadline, TimeUnit.SECONDS);
            GetTrafficHistoryResponse hist = MeasuredTraffic.row(twin, network, row);
            TrafficMatrix traffic = hist.getSamples(0);
            int at = hist.getFirstRow();
            if (pareto != null) {
                return pareto(req.setTraffic(traffic).build(), at, deadline);
            }
            ProposeResponse proposed = PlannerServiceGrpc.newBlockingStub(
                            endpoints.channel(endpoints.services().get("planner-service")))
                    .withDeadlineAfter(deadline, TimeUnit.SECONDS).propose(req.setTraffic(traffic).build());
            Candidate best = proposed.getCandidates(0);
            SimulateResponse sim = twin.simulate(SimulateRequest.newBuilder().setNetwork(network)
                    .setTraffic(TrafficSelector.newBuilder().setRow(at)).setPlan(best.getPlan()).build());
            if (json) {
                ObjectNode out = JSON.createObjectNode();
                out.set("kpis", JSON.readTree(Output.json(sim.getKpis())));
                out.set("plan", JSON.readTree(Output.json(best.getPlan())));
                out.set("splits", splits(best));
                ArrayNode links = out.putArray("links");
                for (LinkLoad l : sim.getLinksList()) {
                    links.add(JSON.readTree(Output.json(l)));
                }
                out.put("network", network).put("version", sim.getVersion()).put("trafficRow", at)
                        .put("objective", objective).put("candidate", best.getId()).put("source", best.getSource());
                out.set("rationale", JSON.readTree(Output.json(best.getRationale())));
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            Kpis k = sim.getKpis();
            System.out.printf(Locale.ROOT, "network %s version %d, traffic row %d (%s), objective %s%n", network,
                    sim.getVersion(), at, traffic.getTime(), objective);
            System.out.printf(Locale.ROOT, "best candidate %s (%s): %d actions%n", best.getId(), best.getSource(),
                    best.getPlan().getActionsCount());
            System.out.printf(Locale.ROOT, "verified on the twin: MLU %s  mean latency %.2f ms  power %.0f W  churn %d  unrouted %s%n",
                    Output.percent(k.getMaxLinkUtilization()), k.getMeanLatencyMs(), k.getTotalPowerW(), k.getChurn(),
                    Output.rate(k.getUnroutedBps()));
            System.out.println("rationale: " + best.getRationale().getSummary());
            for (Candidate c : proposed.getCandidatesList()) {
                System.out.printf(Locale.ROOT, "  candidate %-14s %-9s score %.6g  actions %d%n", c.getId(), c.getSource(),
                        c.getScore(), c.getPlan().getActionsCount());
            }
            return 0;
        }
    }

    private int pareto(ProposeRequest problem, int at, long deadline) throws Exception {
        String[] axes = pareto.split(",");
        if (axes.length != 2 || !AXES.containsKey(axes[0].trim()) || !AXES.containsKey(axes[1].trim())
                || axes[0].trim().equals(axes[1].trim())) {
            throw new CliException("--pareto takes two different objectives such as mlu,power; choose from "
                    + AXES.keySet().stream().sorted().toList() + ", got '" + pareto + "'");
        }
        ParetoFrontResponse front = PlannerServiceGrpc.newBlockingStub(
                        endpoints.channel(endpoints.services().get("planner-service")))
                .withDeadlineAfter(deadline, TimeUnit.SECONDS).paretoFront(ParetoFrontRequest.newBuilder()
                        .setProblem(problem).setFirst(AXES.get(axes[0].trim())).setSecond(AXES.get(axes[1].trim()))
                        .setPoints(points).build());
        if (json) {
            ObjectNode out = JSON.createObjectNode();
            out.put("network", network).put("trafficRow", at);
            out.putArray("axes").add(axes[0].trim()).add(axes[1].trim());
            ArrayNode pts = out.putArray("points");
            for (ParetoPoint p : front.getPointsList()) {
                ObjectNode n = pts.addObject().put(axes[0].trim(), p.getFirst()).put(axes[1].trim(), p.getSecond());
                n.set("kpis", JSON.readTree(Output.json(p.getCandidate().getKpis())));
                n.set("plan", JSON.readTree(Output.json(p.getCandidate().getPlan())));
                n.set("rationale", JSON.readTree(Output.json(p.getCandidate().getRationale())));
            }
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
        System.out.printf(Locale.ROOT, "Pareto front of %s and %s on %s, traffic row %d: %d plans (each simulated)%n",
                axes[0].trim(), axes[1].trim(), network, at, front.getPointsCount());
        System.out.printf(Locale.ROOT, "  %14s %14s %8s  %s%n", axes[0].trim(), axes[1].trim(), "actions", "objective");
        for (ParetoPoint p : front.getPointsList()) {
            System.out.printf(Locale.ROOT, "  %14.6g %14.6g %8d  %s%n", p.getFirst(), p.getSecond(),
                    p.getCandidate().getPlan().getActionsCount(), p.getCandidate().getRationale().getObjective());
        }
        return 0;
    }

    private static ArrayNode splits(Candidate c) {
        ArrayNode out = JSON.createArrayNode();
        for (PlanAction a : c.getPlan().getActionsList()) {
            if (!a.hasSetPathPolicy()) {
                continue;
            }
            ObjectNode s = out.addObject().put("src", a.getSetPathPolicy().getSrc()).put("dst", a.getSetPathPolicy().getDst());
            ArrayNode paths = s.putArray("paths");
            for (WeightedPath p : a.getSetPathPolicy().getPathsList()) {
                ObjectNode pn = paths.addObject();
                ArrayNode nodes = pn.putArray("nodes");
                p.getNodesList().forEach(nodes::add);
                pn.put("fraction", p.getFraction());
            }
        }
        return out;
    }

    static Constraint constraint(String text) {
        Matcher m = CONSTRAINT.matcher(text);
        if (!m.matches() || !METRICS.containsKey(m.group(1))) {
            throw new CliException("cannot read constraint '" + text + "'; write METRIC<=VALUE or METRIC>=VALUE with METRIC one of "
                    + METRICS.keySet().stream().sorted().toList());
        }
        double v;
        try {
            v = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new CliException("constraint '" + text + "': '" + m.group(3) + "' is not a number");
        }
        return Constraint.newBuilder().setMetric(METRICS.get(m.group(1)))
                .setOp(m.group(2).equals("<=") ? ConstraintOp.CONSTRAINT_OP_LE : ConstraintOp.CONSTRAINT_OP_GE)
                .setValue(v).build();
    }
}
