package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.env;
import static io.twinloop.helm.Manifests.envValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store on PersistentVolumeClaims (one replica each), PostgreSQL for twin and gateway
 * only, and forecast's model registry on a volume its replicas share.
 */
class StoreAndPersistenceTest {
    @Test
    void embeddedStoreKeepsTwinAndGatewayDataAndForecastModelsOnClaims() {
        Manifests m = ValueSets.rendered("defaults");
        Map<String, JsonNode> pvcs = m.byComponent("PersistentVolumeClaim");
        assertEquals(Set.of("twin", "gateway", "forecast"), pvcs.keySet());
        Map<String, JsonNode> d = m.byComponent("Deployment");
        for (String svc : new String[]{"twin", "gateway", "forecast"}) {
            JsonNode data = volume(d.get(svc), "data");
            assertEquals(pvcs.get(svc).path("metadata").path("name").asText(),
                    data.path("persistentVolumeClaim").path("claimName").asText(), svc + ": data volume is its claim");
            assertEquals("/data", mountOf(d.get(svc), "data"), svc + ": mounted at the data directory");
            assertEquals("/data", envValue(d.get(svc), "TWINLOOP_DATA_DIR"));
            assertEquals("keep", pvcs.get(svc).path("metadata").path("annotations").path("helm.sh/resource-policy").asText(),
                    svc + ": data survives helm uninstall");
        }
        assertEquals("embedded", envValue(d.get("twin"), "TWINLOOP_STORE"));
        assertEquals("embedded", envValue(d.get("gateway"), "TWINLOOP_STORE"));
        // forecast and planner have no database at all; the planner not even a data directory
        for (String svc : new String[]{"forecast", "planner"}) {
            assertFalse(env(container(d.get(svc))).containsKey("TWINLOOP_STORE"), svc + ": TWINLOOP_STORE");
        }
        assertNull(envValue(d.get("planner"), "TWINLOOP_DATA_DIR"));
        assertNull(volume(d.get("planner"), "data"));
    }

    @Test
    void postgresqlIsForTwinAndGatewayAndReplacesTheirClaims() {
        Manifests m = ValueSets.rendered("postgresql");
        assertEquals(Set.of("forecast"), m.byComponent("PersistentVolumeClaim").keySet());
        Map<String, JsonNode> d = m.byComponent("Deployment");
        for (String svc : new String[]{"twin", "gateway"}) {
            assertEquals("postgresql", envValue(d.get(svc), "TWINLOOP_STORE"), svc);
            assertTrue(volume(d.get(svc), "data").has("emptyDir"), svc + ": nothing to persist locally");
            assertEquals("30", envValue(d.get(svc), "QUARKUS_FLYWAY_PG_CONNECT_RETRIES"));
        }
        // the twin's batched telemetry inserts need reWriteBatchedInserts (its own default URL has it)
        assertEquals(ValueSets.JDBC_URL + "?reWriteBatchedInserts=true", envValue(d.get("twin"), "QUARKUS_DATASOURCE_PG_JDBC_URL"));
        assertEquals(ValueSets.JDBC_URL, envValue(d.get("gateway"), "QUARKUS_DATASOURCE_PG_JDBC_URL"));
        for (String svc : new String[]{"forecast", "planner"}) {
            assertFalse(env(container(d.get(svc))).keySet().stream().anyMatch(k -> k.contains("DATASOURCE")), svc);
        }
    }

    @Test
    void anExplicitBatchSettingInTheUrlIsKept() {
        Manifests m = Chart.render(ValueSets.POSTGRESQL.replace(ValueSets.JDBC_URL,
                ValueSets.JDBC_URL + "?sslmode=require&reWriteBatchedInserts=false"));
        assertEquals(ValueSets.JDBC_URL + "?sslmode=require&reWriteBatchedInserts=false",
                envValue(m.byComponent("Deployment").get("twin"), "QUARKUS_DATASOURCE_PG_JDBC_URL"));
    }

    @Test
    void forecastPodsShareAReadWriteOnceClaimOnOneNode() {
        JsonNode forecast = ValueSets.rendered("defaults").byComponent("Deployment").get("forecast");
        JsonNode terms = forecast.path("spec").path("template").path("spec").path("affinity").path("podAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution");
        assertEquals(1, terms.size(), "a required pod affinity keeps forecast pods with their RWO volume");
        assertEquals("kubernetes.io/hostname", terms.get(0).path("topologyKey").asText());
        assertTrue(Manifests.selects(terms.get(0).path("labelSelector").path("matchLabels"), WorkloadTest.podLabels(forecast)),
                "the affinity targets forecast's own pods");
        assertFalse(forecast.path("spec").has("strategy"), "a rolling update works on one node");
    }

    @Test
    void aReadWriteManyClaimLetsForecastPodsSpread() {
        Manifests m = ValueSets.rendered("forecast-rwx");
        JsonNode forecast = m.byComponent("Deployment").get("forecast");
        assertTrue(forecast.path("spec").path("template").path("spec").path("affinity").isMissingNode());
        JsonNode pvc = m.byComponent("PersistentVolumeClaim").get("forecast");
        assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").get(0).asText());
        assertEquals("nfs", pvc.path("spec").path("storageClassName").asText());
    }

    @Test
    void persistenceOffPutsDataOnEmptyDirs() {
        Manifests m = ValueSets.rendered("persistence-off");
        assertTrue(m.ofKind("PersistentVolumeClaim").isEmpty());
        m.byComponent("Deployment").forEach((svc, d) -> {
            JsonNode data = volume(d, "data");
            if (data != null) {
                assertTrue(data.has("emptyDir"), svc);
            }
        });
    }

    @Test
    void forecastWithoutASharedVolumeMayNotScaleOut() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chart.renderText("forecast:\n  persistence:\n    enabled: false\n"));
        assertTrue(e.getMessage().contains("forecast without persistence"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Chart.renderText(
                "forecast:\n  persistence:\n    enabled: false\n  autoscaling:\n    enabled: false\n  replicaCount: 2\n"));
    }

    static JsonNode volume(JsonNode deployment, String name) {
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        return null;
    }

    static String mountOf(JsonNode deployment, String volume) {
        Map<String, String> m = new HashMap<>();
        container(deployment).path("volumeMounts").forEach(vm -> m.put(vm.path("name").asText(), vm.path("mountPath").asText()));
        return m.get(volume);
    }
}
