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
 * auth.*: on by default; the gateway and the twin read the tokens file from a mounted Secret (and only they
 * hold it), the three callers of the twin present the services' token from a secretKeyRef, and the twin,
 * which calls no one, gets no token.
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

    private static void check(Map<String, JsonNode> ds, String secret, String tokensKey, String serviceKey, String openReads) {
        assertEquals(Chart.SERVICES.length, ds.size());
        ds.forEach((name, d) -> {
            boolean checks = name.equals("gateway") || name.equals("twin");
            if (checks) {
                assertEquals(FILE, envValue(d, "TWINLOOP_AUTH_TOKENS_FILE"), name);
                assertEquals(openReads, envValue(d, "TWINLOOP_AUTH_OPEN_READS"), name);
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
            } else {
                assertNull(envValue(d, "TWINLOOP_AUTH_TOKENS_FILE"), name + " checks no tokens");
                assertNull(volume(d, "auth"), name + " holds no tokens file");
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
