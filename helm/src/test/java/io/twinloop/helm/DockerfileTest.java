package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.twinloop.helm.Manifests.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfiles cannot be built here (no container engine), so this checks what can be checked
 * without building: that each one packages the Quarkus fast-jar on a Java 17 runtime and agrees
 * with the chart on the user, the port, the writable paths and how JAVA_OPTS reaches the JVM.
 */
class DockerfileTest {
    @ParameterizedTest
    @ValueSource(strings = {"gateway", "twin", "forecast", "planner"})
    void dockerfileAgreesWithTheChart(String svc) throws IOException {
        Path file = Chart.repoRoot().resolve(ServiceConfigTest.MODULES.get(svc)).resolve("src/main/docker/Dockerfile.jvm");
        String df = Files.readString(file);
        JsonNode d = ValueSets.rendered("defaults").byComponent("Deployment").get(svc);
        JsonNode pod = d.path("spec").path("template").path("spec");

        assertTrue(Pattern.compile("(?m)^FROM \\S*(openjdk-17|17-jre)\\S*$").matcher(df).find(), "a Java 17 runtime base");
        assertEquals(String.valueOf(pod.path("securityContext").path("runAsUser").asInt()), last(df, "(?m)^USER (\\S+)$"),
                "the image's final USER is the chart's runAsUser");
        assertEquals(String.valueOf(WorkloadTest.PORTS.get(svc)), last(df, "(?m)^EXPOSE (\\d+)$"), "EXPOSE");
        for (String part : new String[]{"target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                "target/quarkus-app/quarkus-run.jar"}) {
            assertTrue(df.contains("COPY --chown=185:0 " + part), "copies " + part);
        }
        String entry = last(df, "(?m)^ENTRYPOINT (.+)$");
        assertTrue(entry.contains("exec java") && entry.contains("$JAVA_OPTS") && entry.contains("-jar /deployments/quarkus-run.jar"),
                "java runs as PID 1 with the chart's JAVA_OPTS: " + entry);
        assertTrue(df.contains("TWINLOOP_HOST=0.0.0.0"), "listens on all interfaces");
        assertFalse(Pattern.compile("(?mi)^(ENV|ARG).*(PASSWORD|API_KEY|SECRET|TOKEN)").matcher(df).find(), "no secrets in the image");
        if (svc.equals("forecast")) {
            assertTrue(df.contains("-Dai.djl.offline=true"), "DJL offline");
            assertTrue(df.contains("OPT_OUT_TRACKING=true"), "DJL tracking off");
            assertTrue(df.contains("DJL_CACHE_DIR=/var/cache/djl"), "DJL cache where the chart mounts it");
            assertEquals("/var/cache/djl", Manifests.envValue(d, "DJL_CACHE_DIR"));
        }
        if (Manifests.envValue(d, "TWINLOOP_DATA_DIR") != null) {
            assertTrue(df.contains("TWINLOOP_DATA_DIR=" + Manifests.envValue(d, "TWINLOOP_DATA_DIR")), "same data directory");
        }
        assertTrue(Files.readString(file.getParent().getParent().getParent().getParent().resolve(".dockerignore"))
                .contains("!target/quarkus-app/"), "the build context is the packaged app only");
        assertEquals(1, container(d).path("ports").size());
    }

    private static String last(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        assertTrue(found != null, "no match for " + regex);
        return found;
    }
}
