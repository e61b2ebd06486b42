package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.env;
import static io.twinloop.helm.Manifests.envValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * auth.*: on by default; all four services read the tokens file from a mounted Secret and check tokens, the three
 * callers of the twin present the services' token from a secretKeyRef, and the twin, which calls no one, gets no
 * token. Metrics stay open unless auth.openMetrics is false; then the ServiceMonitors scrape with the services'
 * token.
 */
class AuthTest {
    private static final String FILE = "/etc/twinloop/auth/tokens";

    @Test
    void onByDefaultWithTheReleasesAuthSecret() {
        check(ValueSets.rendered("defaults").byComponent("Deployment"), Chart.RELEASE + "-auth", "tokens", "service-token",
                "false");
    }

    @Test
    void anExistingSecretAndItsKeysAreUsedByReference() {
        check(ValueSets.rendered("auth-existing").byComponent("Deployment"), ValueSets.AUTH_SECRET,
                ValueSets.AUTH_TOKENS_KEY, ValueSets.AUTH_SERVICE_KEY, "true");
    }

    @Test
    void offMeansNoTokensAnywhere() {
        ValueSets.rendered("auth-off").byComponent("Deployment").forEach((name, d) -> {
            assertNull(envValue(d, "TWINLOOP_AUTH_TOKENS_FILE"), name);
            assertFalse(env(container(d)).containsKey("TWINLOOP_AUTH_TOKEN"), name);
            assertNull(volume(d, "auth"), name);
        });
    }

    @Test
    void closedMetricsAreScrapedWithTheServicesToken() {
        Manifests m = ValueSets.rendered("closed-metrics");
        m.byComponent("Deployment").forEach((name, d) -> assertEquals("false", envValue(d, "TWINLOOP_AUTH_OPEN_METRICS"), name));
        Map<String, JsonNode> monitors = m.byComponent("ServiceMonitor");
        assertEquals(Chart.SERVICES.length, monitors.size());
        monitors.forEach((name, sm) -> {
            JsonNode a = sm.path("spec").path("endpoints").get(0).path("authorization");
            assertEquals("Bearer", a.path("type").asText(), name);
            assertEquals(Chart.RELEASE + "-auth", a.path("credentials").path("name").asText(), name);
            assertEquals("service-token", a.path("credentials").path("key").asText(), name);
        });
        ValueSets.rendered("everything").byComponent("ServiceMonitor").forEach((name, sm) -> assertTrue(
                sm.path("spec").path("endpoints").get(0).path("authorization").isMissingNode(), name + ": open by default"));
    }

    private static void check(Map<String, JsonNode> ds, String secret, String tokensKey, String serviceKey, String openReads) {
        assertEquals(Chart.SERVICES.length, ds.size());
        ds.forEach((name, d) -> {
            {
                assertEquals(FILE, envValue(d, "TWINLOOP_AUTH_TOKENS_FILE"), name);
                assertEquals(openReads, envValue(d, "TWINLOOP_AUTH_OPEN_READS"), name);
                assertEquals("true", envValue(d, "TWINLOOP_AUTH_OPEN_METRICS"), name);
                JsonNode mount = null;
                for (JsonNode m : container(d).path("volumeMounts")) {
                    if (m.path("name").asText().equals("auth")) {
                        mount = m;
                    }
                }
                assertTrue(mount != null, name + ": auth volumeMount");
                assertTrue(FILE.startsWith(mount.path("mountPath").asText() + "/"), name + ": the file is in the mount");
                assertTrue(mount.path("readOnly").asBoolean(false), name + ": read-only");
                JsonNode s = volume(d, "auth").path("secret");
                assertEquals(secret, s.path("secretName").asText(), name);
                assertEquals(0440, s.path("defaultMode").asInt(), name);
                assertEquals(1, s.path("items").size(), name + ": only the tokens file is mounted");
                assertEquals(tokensKey, s.path("items").get(0).path("key").asText(), name);
                assertEquals("tokens", s.path("items").get(0).path("path").asText(), name);
            }
            JsonNode token = env(container(d)).get("TWINLOOP_AUTH_TOKEN");
            if (name.equals("twin")) {
                assertNull(token, "the twin calls no other service");
            } else {
                assertTrue(token != null, name + ": presents the services' token");
                JsonNode ref = token.path("valueFrom").path("secretKeyRef");
                assertEquals(secret, ref.path("name").asText(), name);
                assertEquals(serviceKey, ref.path("key").asText(), name);
            }
        });
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
