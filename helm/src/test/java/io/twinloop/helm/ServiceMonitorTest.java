package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional ServiceMonitors scrape /q/metrics on each service's named gRPC port (one port serves both). */
class ServiceMonitorTest {
    @Test
    void serviceMonitorsScrapeQuarkusMetricsOnTheGrpcPortName() {
        Manifests m = ValueSets.rendered("service-monitor");
        Map<String, JsonNode> monitors = m.byComponent("ServiceMonitor");
        Map<String, JsonNode> services = m.byComponent("Service");
        assertEquals(Set.of(Chart.SERVICES), monitors.keySet());
        monitors.forEach((name, sm) -> {
            assertEquals("monitoring.coreos.com/v1", sm.path("apiVersion").asText());
            assertEquals("kube-prometheus-stack", sm.path("metadata").path("labels").path("release").asText(),
                    "extra labels let a Prometheus select the monitors");
            JsonNode svc = services.get(name);
            assertTrue(Manifests.selects(sm.path("spec").path("selector").path("matchLabels"), svc.path("metadata").path("labels")),
                    name + ": the monitor selects the service");
            assertEquals(Chart.NAMESPACE, sm.path("spec").path("namespaceSelector").path("matchNames").get(0).asText());
            JsonNode endpoints = sm.path("spec").path("endpoints");
            assertEquals(1, endpoints.size());
            JsonNode ep = endpoints.get(0);
            assertEquals("/q/metrics", ep.path("path").asText(), name + ": path");
            String port = ep.path("port").asText();
            assertEquals("grpc-" + name, port, name + ": port name");
            assertEquals(port, svc.path("spec").path("ports").get(0).path("name").asText(), name + ": a port of the Service");
        });
    }

    @Test
    void noServiceMonitorUnlessEnabled() {
        assertTrue(ValueSets.rendered("defaults").ofKind("ServiceMonitor").isEmpty());
    }
}
