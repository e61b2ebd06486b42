package io.twinloop.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.env;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every environment variable the chart sets is one the service really reads: its
 * application.properties either refers to it ({@code ${TWINLOOP_HOST:...}}, or names it in a
 * comment such as {@code TWINLOOP_PLANNER_LLM_BASE_URL}), or has the property it maps to under
 * MicroProfile Config's environment rules ({@code quarkus.http.port} &lt;- {@code QUARKUS_HTTP_PORT}).
 * A misspelt or outdated name would be silently ignored by Quarkus; here it fails.
 */
class ServiceConfigTest {
    static final Map<String, String> MODULES = Map.of(
            "gateway", "gateway", "twin", "twin-service", "forecast", "forecast-service", "planner", "planner-service");
    /** Read outside Quarkus: by the image's entry point (JAVA_OPTS) and by DJL (forecast only). */
    static final Set<String> LAUNCHER = Set.of("JAVA_OPTS");
    static final Set<String> DJL = Set.of("DJL_OFFLINE", "OPT_OUT_TRACKING", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR");

    /**
     * One set of variable names, read by every service for every peer (and for its own port): a service whose
     * client ignored TWINLOOP_TWIN_HOST/PORT would silently dial whatever twin owns the default port.
     */
    @org.junit.jupiter.api.Test
    void everyServiceReadsTheSameVariablesForItsPortAndEveryPeer() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (var e : MODULES.entrySet()) {
            String self = e.getKey().toUpperCase();
            Map<String, String> props = new java.util.HashMap<>();
            for (String line : Files.readString(Chart.repoRoot().resolve(e.getValue())
                    .resolve("src/main/resources/application.properties")).split("\n")) {
                int eq = line.indexOf('=');
                if (!line.strip().startsWith("#") && !line.startsWith("%") && eq > 0) {
                    props.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            if (!String.valueOf(props.get("quarkus.http.port")).startsWith("${TWINLOOP_" + self + "_PORT:")) {
                wrong.add(e.getKey() + ": quarkus.http.port=" + props.get("quarkus.http.port"));
            }
            for (var p : props.entrySet()) {
                var m = java.util.regex.Pattern.compile("quarkus\\.grpc\\.clients\\.([a-z]+)\\.(host|port)").matcher(p.getKey());
                String expected = m.matches() ? "${TWINLOOP_" + m.group(1).toUpperCase() + "_" + m.group(2).toUpperCase() + ":" : null;
                if (expected != null && !p.getValue().startsWith(expected)) {
                    wrong.add(e.getKey() + ": " + p.getKey() + "=" + p.getValue() + " (expected " + expected + "...})");
                }
            }
        }
        assertEquals(List.of(), wrong, "settings that do not read the shared TWINLOOP_<SERVICE>_HOST/_PORT variables");
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "everything"})
    void everyEnvironmentVariableIsOneTheServiceReads(String valueSet) throws IOException {
        List<String> unknown = new ArrayList<>();
        for (var e : ValueSets.rendered(valueSet).byComponent("Deployment").entrySet()) {
            String svc = e.getKey();
            String props = Files.readString(Chart.repoRoot().resolve(MODULES.get(svc))
                    .resolve("src/main/resources/application.properties"));
            Set<String> mapped = new TreeSet<>();
            for (String line : props.split("\n")) {
                line = line.strip();
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    mapped.add(line.substring(0, eq).strip().toUpperCase().replaceAll("[^A-Z0-9]", "_"));
                }
            }
            for (String name : env(container(e.getValue())).keySet()) {
                boolean known = props.contains(name) || mapped.contains(name) || LAUNCHER.contains(name)
                        || (svc.equals("forecast") && DJL.contains(name));
                if (!known) {
                    unknown.add(svc + ": " + name);
                }
            }
        }
        assertEquals(List.of(), unknown, "environment variables no service reads");
    }
}
