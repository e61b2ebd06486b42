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
