package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NetworkPolicies read as a graph: pod-selector peers inside the release are call edges,
 * everything else is external. The graph must be exactly the services' real call graph, and it
 * must agree with the gRPC clients the Deployments are configured with.
 */
class NetworkPolicyTest {
    /** gateway -> twin (incl. WatchEvents), forecast, planner; forecast -> twin; planner -> twin. */
    static final Set<String> CALL_GRAPH = Set.of(
            "gateway->twin", "gateway->forecast", "gateway->planner", "forecast->twin", "planner->twin");

    /** One policy read as edges. */
    record Graph(Set<String> ingressEdges, Set<String> egressEdges,
                 List<String[]> externalIngress, Map<String, Set<Integer>> externalEgressPorts) {
    }

    static Graph graph(Manifests m) {
        Map<String, JsonNode> deployments = m.byComponent("Deployment");
        Set<String> in = new TreeSet<>();
        Set<String> out = new TreeSet<>();
        List<String[]> extIn = new ArrayList<>();
        Map<String, Set<Integer>> extOut = new TreeMap<>();
        List<JsonNode> policies = m.ofKind("NetworkPolicy");
        Set<String> targets = new TreeSet<>();
        for (JsonNode np : policies) {
            JsonNode spec = np.path("spec");
            String target = selectedComponent(spec.path("podSelector").path("matchLabels"), deployments);
            assertTrue(targets.add(target), "two policies select " + target);
            Set<String> types = new TreeSet<>();
            spec.path("policyTypes").forEach(t -> types.add(t.asText()));
            assertEquals(Set.of("Ingress", "Egress"), types, target + ": both directions are default-deny");
            int targetPort = WorkloadTest.PORTS.get(target);

            for (JsonNode rule : spec.path("ingress")) {
                Set<Integer> ports = ports(rule);
                assertEquals(Set.of(targetPort), ports, target + ": ingress only on the service port");
                if (!rule.has("from") || rule.path("from").isEmpty()) {
                    extIn.add(new String[]{target, "<any>"});
                    continue;
                }
                for (JsonNode peer : rule.path("from")) {
                    if (isPodPeer(peer)) {
                        in.add(selectedComponent(peer.path("podSelector").path("matchLabels"), deployments) + "->" + target);
                    } else {
                        extIn.add(new String[]{target, peer.toString()});
                    }
                }
            }
            for (JsonNode rule : spec.path("egress")) {
                Set<Integer> ports = ports(rule);
                boolean internal = rule.has("to") && !rule.path("to").isEmpty();
                for (JsonNode peer : rule.path("to")) {
                    internal &= isPodPeer(peer);
                }
                if (internal) {
                    for (JsonNode peer : rule.path("to")) {
                        String callee = selectedComponent(peer.path("podSelector").path("matchLabels"), deployments);
                        assertEquals(Set.of(WorkloadTest.PORTS.get(callee)), ports, target + "->" + callee + ": only the callee's port");
                        out.add(target + "->" + callee);
                    }
                } else {
                    assertTrue(!ports.isEmpty(), target + ": an external egress rule without ports opens everything");
                    extOut.computeIfAbsent(target, k -> new TreeSet<>()).addAll(ports);
                }
            }
        }
        assertEquals(deployments.keySet(), targets, "every service has exactly one policy");
        return new Graph(in, out, extIn, extOut);
    }

    /** A peer that names pods of this namespace only: a podSelector and nothing else. */
    static boolean isPodPeer(JsonNode peer) {
        return peer.has("podSelector") && !peer.has("namespaceSelector") && !peer.has("ipBlock");
    }

    static String selectedComponent(JsonNode selector, Map<String, JsonNode> deployments) {
        List<String> hits = deployments.entrySet().stream()
                .filter(e -> Manifests.selects(selector, WorkloadTest.podLabels(e.getValue())))
                .map(Map.Entry::getKey).toList();
        assertEquals(1, hits.size(), "selector " + selector + " must select exactly one service's pods, selects " + hits);
        return hits.get(0);
    }

    static Set<Integer> ports(JsonNode rule) {
        Set<Integer> ports = new TreeSet<>();
        rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#withNetworkPolicy")
    void ingressBetweenServicesIsExactlyTheCallGraph(String valueSet) {
        assertEquals(new TreeSet<>(CALL_GRAPH), graph(ValueSets.rendered(valueSet)).ingressEdges());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#withNetworkPolicy")
    void egressBetweenServicesIsExactlyTheCallGraph(String valueSet) {
        assertEquals(new TreeSet<>(CALL_GRAPH), graph(ValueSets.rendered(valueSet)).egressEdges());
    }

    /** Clients reach the gateway only; the only other outside peers are the configured metrics scrapers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#withNetworkPolicy")
    void externalIngressReachesOnlyTheGateway(String valueSet) {
        Manifests m = ValueSets.rendered(valueSet);
        boolean scraped = !m.ofKind("ServiceMonitor").isEmpty();
        String scraper = "{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}";
        Set<String> reachedFromOutside = new TreeSet<>();
        for (String[] e : graph(m).externalIngress()) {
            if (scraped && e[1].equals(scraper)) {
                continue;
            }
            reachedFromOutside.add(e[0]);
        }
        assertEquals(Set.of("gateway"), reachedFromOutside);
    }

    @Test
    void metricsScrapersReachEveryServiceOnlyWhenAServiceMonitorScrapesIt() {
        long withoutMonitor = graph(ValueSets.rendered("defaults")).externalIngress().stream()
                .filter(e -> !e[0].equals("gateway")).count();
        assertEquals(0, withoutMonitor);
        Set<String> scraped = new TreeSet<>();
        graph(ValueSets.rendered("service-monitor")).externalIngress().stream()
                .filter(e -> e[1].contains("monitoring")).forEach(e -> scraped.add(e[0]));
        assertEquals(Set.of(Chart.SERVICES), scraped);
    }

    /** DNS for all; PostgreSQL from twin and gateway; the LLM from the planner; OTLP from all; nothing else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#withNetworkPolicy")
    void externalEgressIsDnsPlusWhatEachServiceReallyCalls(String valueSet) {
        String values = ValueSets.ALL.get(valueSet);
        boolean pg = values.contains("postgresql:\n  enabled: true");
        boolean llm = values.contains("llm:\n  enabled: true");
        boolean tracing = values.contains("tracing:\n  enabled: true");
        Map<String, Set<Integer>> expected = new TreeMap<>();
        for (String s : Chart.SERVICES) {
            Set<Integer> ports = new TreeSet<>(Set.of(53));
            if (pg && (s.equals("twin") || s.equals("gateway"))) {
                ports.add(6543); // the port of the test's JDBC URL, not the default 5432
            }
            if (llm && s.equals("planner")) {
                ports.add(8000); // the port of the test's LLM base URL
            }
            if (tracing) {
                ports.add(4317);
            }
            expected.put(s, ports);
        }
        assertEquals(expected, graph(ValueSets.rendered(valueSet)).externalEgressPorts());
    }

    /** The graph the policies allow is the graph the services are configured to call. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void configuredGrpcClientsAreExactlyTheCallGraph(String valueSet) {
        Manifests m = ValueSets.rendered(valueSet);
        Map<String, JsonNode> services = m.byComponent("Service");
        Set<String> edges = new TreeSet<>();
        m.byComponent("Deployment").forEach((caller, d) -> env(container(d)).forEach((name, e) -> {
            var match = java.util.regex.Pattern.compile("TWINLOOP_(TWIN|FORECAST|PLANNER|GATEWAY)_HOST").matcher(name);
            if (!match.matches()) {
                return;
            }
            String client = match.group(1).toLowerCase();
            String host = e.path("value").asText();
            JsonNode svc = services.get(client);
            String expectedHost = svc.path("metadata").path("name").asText() + "." + Chart.NAMESPACE + ".svc.cluster.local";
            assertEquals(expectedHost, host, caller + " -> " + client + ": host");
            assertEquals(String.valueOf(WorkloadTest.PORTS.get(client)),
                    Manifests.envValue(d, "TWINLOOP_" + match.group(1) + "_PORT"), caller + " -> " + client + ": port");
            edges.add(caller + "->" + client);
        }));
        assertEquals(new TreeSet<>(CALL_GRAPH), edges);
    }

    @Test
    void gatewayIngressIsLimitedToTheConfiguredPeers() {
        List<String[]> ext = graph(ValueSets.rendered("everything")).externalIngress();
        List<String> gatewayPeers = ext.stream().filter(e -> e[0].equals("gateway") && !e[1].contains("monitoring"))
                .map(e -> e[1]).toList();
        assertEquals(List.of("{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"istio-ingress\"}}}"),
                gatewayPeers);
    }

    @Test
    void policiesCanBeTurnedOff() {
        assertTrue(ValueSets.rendered("network-policy-off").ofKind("NetworkPolicy").isEmpty());
        assertEquals(4, ValueSets.rendered("defaults").ofKind("NetworkPolicy").size());
    }
}
