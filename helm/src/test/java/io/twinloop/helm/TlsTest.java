package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.env;
import static io.twinloop.helm.Manifests.envValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tls.*: the Secret reaches every service at TWINLOOP_TLS_DIR, read-only, readable by the service's group only;
 * probes that the kubelet can run against a TLS-only port; and the names the certificate needs as SANs.
 */
class TlsTest {
    static final String DIR = "/etc/twinloop/tls";

    @Test
    void offByDefault() {
        ValueSets.rendered("defaults").byComponent("Deployment").forEach((name, d) -> {
            assertNull(envValue(d, "TWINLOOP_TLS_DIR"), name);
            assertFalse(volume(d, "tls") != null, name + ": no tls volume");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls", "tls-request"})
    void everyServiceMountsTheSecretAndPointsTwinloopTlsDirAtIt(String valueSet) {
        Map<String, JsonNode> ds = ValueSets.rendered(valueSet).byComponent("Deployment");
        assertEquals(Set.of(Chart.SERVICES), ds.keySet());
        ds.forEach((name, d) -> {
            assertEquals(DIR, envValue(d, "TWINLOOP_TLS_DIR"), name);
            assertEquals(valueSet.equals("tls") ? "required" : "request", envValue(d, "TWINLOOP_TLS_CLIENT_AUTH"), name);
            JsonNode mount = null;
            for (JsonNode m : container(d).path("volumeMounts")) {
                if (m.path("name").asText().equals("tls")) {
                    mount = m;
                }
            }
            assertTrue(mount != null, name + ": tls volumeMount");
            assertEquals(DIR, mount.path("mountPath").asText());
            assertTrue(mount.path("readOnly").asBoolean(false), name + ": read-only");
            JsonNode secret = volume(d, "tls").path("secret");
            assertEquals(ValueSets.TLS_SECRET, secret.path("secretName").asText(), name);
            assertEquals(0440, secret.path("defaultMode").asInt(), name + ": owner and group (fsGroup) only");
            Set<String> keys = new TreeSet<>();
            secret.path("items").forEach(i -> {
                assertEquals(i.path("key").asText(), i.path("path").asText());
                keys.add(i.path("key").asText());
            });
            assertEquals(Set.of("tls.crt", "tls.key", "ca.crt"), keys, name + ": the files TWINLOOP_TLS_DIR must hold");
        });
    }

    /** The kubelet's gRPC probes are plaintext, and it has no client certificate. */
    @Test
    void withClientAuthRequiredProbesConnectOverTcp() {
        ValueSets.rendered("tls").byComponent("Deployment").forEach((name, d) -> {
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode p = container(d).path(probe);
                assertEquals(WorkloadTest.PORTS.get(name), p.path("tcpSocket").path("port").asInt(-1), name + " " + probe);
                assertFalse(p.has("grpc") || p.has("httpGet"), name + " " + probe);
            }
        });
    }

    @Test
    void withClientAuthRequestProbesGetSmallRyeHealthOverHttps() {
        Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        ValueSets.rendered("tls-request").byComponent("Deployment").forEach((name, d) -> paths.forEach((probe, path) -> {
            JsonNode get = container(d).path(probe).path("httpGet");
            assertEquals("HTTPS", get.path("scheme").asText(), name + " " + probe);
            assertEquals(path, get.path("path").asText(), name + " " + probe);
            assertEquals(WorkloadTest.PORTS.get(name), get.path("port").asInt(-1));
            assertFalse(container(d).path(probe).has("grpc"));
        }));
        ValueSets.rendered("tls-request").byComponent("ServiceMonitor").forEach((name, sm) ->
                assertEquals("https", sm.path("spec").path("endpoints").get(0).path("scheme").asText(), name));
    }

    /**
     * The names the services call each other by, which the certificate needs as DNS SANs (hostname verification
     * stays on): the Services of twin, forecast and planner (the gateway's is for clients).
     */
    @Test
    void theServicesCallEachOtherByTheirServiceDnsNames() {
        Set<String> called = new TreeSet<>();
        ValueSets.rendered("tls").byComponent("Deployment").forEach((name, d) -> env(container(d)).forEach((k, e) -> {
            if (k.matches("TWINLOOP_(TWIN|FORECAST|PLANNER|GATEWAY)_HOST")) {
                called.add(e.path("value").asText());
            }
        }));
        assertEquals(Set.of("twinloop-twin.twinloop.svc.cluster.local", "twinloop-forecast.twinloop.svc.cluster.local",
                "twinloop-planner.twinloop.svc.cluster.local"), called);
        for (String host : called) {
            String service = host.substring(0, host.indexOf('.'));
            assertTrue(ValueSets.rendered("tls").find("Service", service).isPresent(), host + " is a Service of the chart");
        }
    }

    @Test
    void inconsistentTlsValuesFailWithWhatToDo() {
        IllegalStateException noSecret = assertThrows(IllegalStateException.class,
                () -> Chart.renderText("tls:\n  enabled: true\n"));
        assertTrue(noSecret.getMessage().contains("tls.secretName"), noSecret.getMessage());
        IllegalStateException httpScrape = assertThrows(IllegalStateException.class,
                () -> Chart.renderText(ValueSets.TLS + ValueSets.SERVICE_MONITOR));
        assertTrue(httpScrape.getMessage().contains("metrics.serviceMonitor.scheme must be https"), httpScrape.getMessage());
        IllegalStateException badMode = assertThrows(IllegalStateException.class,
                () -> Chart.renderText(ValueSets.TLS.replace("required", "optional")));
        assertTrue(badMode.getMessage().contains("schema"), badMode.getMessage());
    }

    private static JsonNode volume(JsonNode deployment, String name) {
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }
}
