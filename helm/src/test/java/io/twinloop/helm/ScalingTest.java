package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HorizontalPodAutoscalers for the stateless forecaster and planner only; a PodDisruptionBudget per service. */
class ScalingTest {
    @Test
    void hpasExistExactlyForForecastAndPlannerWhenEnabled() {
        Manifests m = ValueSets.rendered("defaults");
        Map<String, JsonNode> hpas = m.byComponent("HorizontalPodAutoscaler");
        assertEquals(Set.of("forecast", "planner"), hpas.keySet());
        Map<String, JsonNode> deployments = m.byComponent("Deployment");
        hpas.forEach((name, hpa) -> {
            assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
            JsonNode ref = hpa.path("spec").path("scaleTargetRef");
            assertEquals("Deployment", ref.path("kind").asText());
            assertEquals(deployments.get(name).path("metadata").path("name").asText(), ref.path("name").asText());
            assertTrue(hpa.path("spec").path("maxReplicas").asInt() >= hpa.path("spec").path("minReplicas").asInt());
            assertEquals("cpu", hpa.path("spec").path("metrics").get(0).path("resource").path("name").asText());
            // the HPA owns the replica count; a fixed one would fight it on every upgrade
            assertFalse(deployments.get(name).path("spec").has("replicas"), name + ": no fixed replicas under an HPA");
        });
        for (String single : new String[]{"gateway", "twin"}) {
            assertEquals(1, deployments.get(single).path("spec").path("replicas").asInt(), single + " replicas");
        }
    }

    @Test
    void noHpaWhenAutoscalingIsOffAndReplicasAreFixed() {
        Manifests m = ValueSets.rendered("hpa-off");
        assertTrue(m.ofKind("HorizontalPodAutoscaler").isEmpty());
        Map<String, JsonNode> d = m.byComponent("Deployment");
        assertEquals(2, d.get("forecast").path("spec").path("replicas").asInt());
        assertEquals(3, d.get("planner").path("spec").path("replicas").asInt());
    }

    /** Twin and gateway keep per-process state: one pod, and the old one gone before the new one starts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void twinAndGatewayAreSingletonsReplacedNotRolled(String valueSet) {
        Map<String, JsonNode> d = ValueSets.rendered(valueSet).byComponent("Deployment");
        for (String single : new String[]{"gateway", "twin"}) {
            assertEquals(1, d.get(single).path("spec").path("replicas").asInt(), single + " replicas");
            assertEquals("Recreate", d.get(single).path("spec").path("strategy").path("type").asText(), single + " strategy");
        }
        assertTrue(ValueSets.rendered(valueSet).byComponent("HorizontalPodAutoscaler").keySet().stream()
                .noneMatch(n -> n.equals("twin") || n.equals("gateway")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void everyServiceHasAPodDisruptionBudgetThatAllowsADrain(String valueSet) {
        Manifests m = ValueSets.rendered(valueSet);
        Map<String, JsonNode> pdbs = m.byComponent("PodDisruptionBudget");
        Map<String, JsonNode> deployments = m.byComponent("Deployment");
        assertEquals(deployments.keySet(), pdbs.keySet());
        pdbs.forEach((name, pdb) -> {
            assertEquals("policy/v1", pdb.path("apiVersion").asText());
            assertTrue(Manifests.selects(pdb.path("spec").path("selector").path("matchLabels"),
                    WorkloadTest.podLabels(deployments.get(name))), name + ": the PDB selects the service's pods");
            // single-replica services: minAvailable 1 would block every node drain forever
            assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt(), name + ": maxUnavailable");
            assertFalse(pdb.path("spec").has("minAvailable"), name + ": no minAvailable");
        });
    }
}
