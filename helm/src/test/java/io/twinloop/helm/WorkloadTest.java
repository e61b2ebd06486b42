package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.envValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every Deployment and Service must have under every value set: one Deployment and one
 * Service per service, a gRPC port named for meshes, native gRPC probes on it, a locked-down
 * security context, requests and limits, and a volume behind every path it writes.
 */
class WorkloadTest {
    static final Map<String, Integer> PORTS = Map.of("gateway", 9090, "twin", 9091, "forecast", 9092, "planner", 9093);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void oneDeploymentAndOneServicePerService(String valueSet) {
        Manifests m = ValueSets.rendered(valueSet);
        assertEquals(Set.of(Chart.SERVICES), m.byComponent("Deployment").keySet());
        assertEquals(Set.of(Chart.SERVICES), m.byComponent("Service").keySet());
        assertEquals(4, m.ofKind("Deployment").size());
        assertEquals(4, m.ofKind("Service").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void portsAreNamedGrpcAndServicesDeclareAppProtocolGrpc(String valueSet) {
        Manifests m = ValueSets.rendered(valueSet);
        Map<String, JsonNode> services = m.byComponent("Service");
        m.byComponent("Deployment").forEach((name, d) -> {
            JsonNode ports = container(d).path("ports");
            assertEquals(1, ports.size(), name + ": one container port (gRPC and HTTP share it)");
            JsonNode cp = ports.get(0);
            String portName = cp.path("name").asText();
            assertTrue(portName.startsWith("grpc-"), name + ": container port name " + portName);
            assertTrue(portName.length() <= 15, name + ": port names are at most 15 characters");
            assertEquals(PORTS.get(name), cp.path("containerPort").asInt(), name + ": container port");
            assertEquals("TCP", cp.path("protocol").asText());

            JsonNode svc = services.get(name);
            assertTrue(Manifests.selects(svc.path("spec").path("selector"), podLabels(d)),
                    name + ": the Service selects the Deployment's pods");
            JsonNode sp = svc.path("spec").path("ports");
            assertEquals(1, sp.size(), name + ": one Service port");
            assertEquals(portName, sp.get(0).path("name").asText(), name + ": Service port name");
            assertEquals("grpc", sp.get(0).path("appProtocol").asText(), name + ": appProtocol");
            assertEquals(PORTS.get(name), sp.get(0).path("port").asInt(), name + ": Service port");
            assertEquals(portName, sp.get(0).path("targetPort").asText(), name + ": targetPort is the named port");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#withoutTls")
    void readinessLivenessAndStartupAreNativeGrpcProbesOnTheServicePort(String valueSet) {
        ValueSets.rendered(valueSet).byComponent("Deployment").forEach((name, d) -> {
            JsonNode c = container(d);
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                JsonNode p = c.path(probe);
                assertFalse(p.isMissingNode(), name + ": " + probe + " missing");
                assertEquals(PORTS.get(name), p.path("grpc").path("port").asInt(-1), name + ": " + probe + ".grpc.port");
                for (String other : List.of("httpGet", "tcpSocket", "exec")) {
                    assertFalse(p.has(other), name + ": " + probe + " must be gRPC only, has " + other);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void podsRunNonRootOnAReadOnlyRootFilesystemWithoutCapabilities(String valueSet) {
        ValueSets.rendered(valueSet).byComponent("Deployment").forEach((name, d) -> {
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode psc = pod.path("securityContext");
            assertTrue(psc.path("runAsNonRoot").asBoolean(false), name + ": pod runAsNonRoot");
            assertNotEquals(0, psc.path("runAsUser").asInt(0), name + ": pod runAsUser is a non-root uid");
            assertEquals("RuntimeDefault", psc.path("seccompProfile").path("type").asText(), name + ": seccomp");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name + ": no API token mounted");
            assertFalse(pod.path("enableServiceLinks").asBoolean(true),
                    name + ": service links off (they would inject TWINLOOP_TWIN_PORT=tcp://... into the gateway)");
            assertFalse(pod.path("hostNetwork").asBoolean(false), name + ": no host network");

            JsonNode sc = container(d).path("securityContext");
            assertTrue(sc.path("runAsNonRoot").asBoolean(false), name + ": container runAsNonRoot");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), name + ": readOnlyRootFilesystem");
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name + ": allowPrivilegeEscalation");
            assertFalse(sc.path("privileged").asBoolean(false), name + ": privileged");
            Set<String> drop = new HashSet<>();
            sc.path("capabilities").path("drop").forEach(n -> drop.add(n.asText()));
            assertTrue(drop.contains("ALL"), name + ": capabilities drop ALL, got " + drop);
            assertTrue(sc.path("capabilities").path("add").isEmpty(), name + ": no capability added");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String valueSet) {
        ValueSets.rendered(valueSet).byComponent("Deployment").forEach((name, d) -> {
            JsonNode r = container(d).path("resources");
            for (String kind : List.of("requests", "limits")) {
                for (String res : List.of("cpu", "memory")) {
                    assertFalse(r.path(kind).path(res).asText("").isBlank(), name + ": resources." + kind + "." + res);
                }
            }
        });
    }

    /** With a read-only root filesystem, every path a service writes must be a volume mount (secrets are read-only). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void everyWritablePathIsAVolume(String valueSet) {
        ValueSets.rendered(valueSet).byComponent("Deployment").forEach((name, d) -> {
            JsonNode c = container(d);
            Map<String, JsonNode> volumes = new java.util.HashMap<>();
            d.path("spec").path("template").path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            Map<String, String> mounts = new java.util.HashMap<>();
            c.path("volumeMounts").forEach(vm -> {
                String vol = vm.path("name").asText();
                assertTrue(volumes.containsKey(vol), name + ": mount of an undeclared volume " + vol);
                if (!volumes.get(vol).has("secret")) {
                    assertFalse(vm.path("readOnly").asBoolean(false), name + ": " + vm.path("mountPath").asText() + " must be writable");
                }
                mounts.put(vm.path("mountPath").asText(), vol);
            });
            assertNotNull(mounts.get("/tmp"), name + ": /tmp must be a writable mount (java.io.tmpdir, Vert.x, natives)");
            assertTrue(volumes.get(mounts.get("/tmp")).has("emptyDir"), name + ": /tmp is an emptyDir");
            List<String> writable = new java.util.ArrayList<>();
            for (String env : List.of("TWINLOOP_DATA_DIR", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
                String path = envValue(d, env);
                if (path != null) {
                    writable.add(path);
                }
            }
            for (String path : writable) {
                assertNotNull(mounts.get(path), name + ": " + path + " is written but not a volume mount");
            }
            if (name.equals("forecast")) {
                assertTrue(writable.contains(envValue(d, "DJL_CACHE_DIR")), "forecast sets DJL_CACHE_DIR");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void servicesListenOnThePodAddressAndTheirPort(String valueSet) {
        ValueSets.rendered(valueSet).byComponent("Deployment").forEach((name, d) -> {
            // quarkus.http.host defaults to ${TWINLOOP_HOST:127.0.0.1}: without this no probe or peer could connect.
            assertEquals("0.0.0.0", envValue(d, "TWINLOOP_HOST"), name + ": TWINLOOP_HOST");
            String own = "TWINLOOP_" + name.toUpperCase() + "_PORT";
            assertEquals(String.valueOf(PORTS.get(name)), envValue(d, own), name + ": " + own);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void forecastRunsDjlOffline(String valueSet) {
        JsonNode d = ValueSets.rendered(valueSet).byComponent("Deployment").get("forecast");
        String javaOpts = envValue(d, "JAVA_OPTS");
        assertNotNull(javaOpts);
        assertTrue(javaOpts.contains("-Dai.djl.offline=true"), "JAVA_OPTS: " + javaOpts);
        assertEquals("true", envValue(d, "OPT_OUT_TRACKING"));
        for (String forbidden : List.of("PYTORCH_VERSION", "PYTORCH_FLAVOR")) {
            // any value makes DJL try to download natives
            assertFalse(Manifests.env(container(d)).containsKey(forbidden), forbidden + " must stay unset");
        }
    }

    static JsonNode podLabels(JsonNode deployment) {
        JsonNode l = deployment.path("spec").path("template").path("metadata").path("labels");
        if (!l.isObject()) {
            fail("no pod labels in " + deployment.path("metadata").path("name"));
        }
        return l;
    }
}
