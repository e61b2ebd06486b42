package io.twinloop.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.twinloop.helm.Manifests.container;
import static io.twinloop.helm.Manifests.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials never appear in the rendered manifests: the chart renders no Secret, takes no password
 * or key as a value, and passes existing Secrets to the pods by reference only.
 */
class SecretsTest {
    static final String SENTINEL = "S3ntinel-not-for-manifests";
    /** Variables that carry a credential (not those naming a file that holds one, which is mounted from a Secret). */
    static final Pattern CREDENTIAL_ENV = Pattern.compile("(?!.*_FILE$).*(PASSWORD|API_KEY|SECRET|TOKEN|USERNAME).*");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twinloop.helm.ValueSets#names")
    void noSecretIsRenderedAndCredentialEnvIsAlwaysAReference(String valueSet) {
        Manifests m = ValueSets.rendered(valueSet);
        assertTrue(m.ofKind("Secret").isEmpty(), "the chart renders no Secret");
        m.byComponent("Deployment").forEach((name, d) -> env(container(d)).forEach((var, e) -> {
            if (CREDENTIAL_ENV.matcher(var).matches()) {
                assertFalse(e.has("value"), name + ": " + var + " has a plain value");
                assertTrue(e.path("valueFrom").has("secretKeyRef"), name + ": " + var + " must come from a secretKeyRef");
            }
        }));
    }

    @Test
    void databaseCredentialsComeFromTheExistingSecretAndReachOnlyTwinAndGateway() {
        Map<String, JsonNode> ds = ValueSets.rendered("postgresql").byComponent("Deployment");
        for (String svc : Chart.SERVICES) {
            Map<String, JsonNode> env = env(container(ds.get(svc)));
            boolean store = svc.equals("twin") || svc.equals("gateway");
            assertEquals(store, env.containsKey("QUARKUS_DATASOURCE_PG_PASSWORD"), svc + ": database password");
            assertEquals(store, env.containsKey("QUARKUS_DATASOURCE_PG_USERNAME"), svc + ": database user");
            if (store) {
                assertSecretRef(env.get("QUARKUS_DATASOURCE_PG_USERNAME"), ValueSets.DB_SECRET, ValueSets.DB_USER_KEY);
                assertSecretRef(env.get("QUARKUS_DATASOURCE_PG_PASSWORD"), ValueSets.DB_SECRET, ValueSets.DB_PASSWORD_KEY);
            }
        }
    }

    @Test
    void theApiKeyComesFromTheExistingSecretAndReachesOnlyThePlanner() {
        Map<String, JsonNode> ds = ValueSets.rendered("llm").byComponent("Deployment");
        Set<String> holders = new TreeSet<>();
        ds.forEach((svc, d) -> {
            JsonNode key = env(container(d)).get("TWINLOOP_PLANNER_LLM_API_KEY");
            if (key != null) {
                holders.add(svc);
                assertSecretRef(key, ValueSets.LLM_SECRET, ValueSets.LLM_KEY_KEY);
            }
        });
        assertEquals(Set.of("planner"), holders);
    }

    /** The secret names appear only where a secretKeyRef names them. */
    @Test
    void secretNamesAppearOnlyInSecretKeyRefs() {
        Manifests m = ValueSets.rendered("everything");
        int refs = 0;
        for (JsonNode d : m.ofKind("Deployment")) {
            for (JsonNode e : container(d).path("env")) {
                String ref = e.path("valueFrom").path("secretKeyRef").path("name").asText("");
                if (ref.startsWith("sentinel-")) {
                    refs++;
                }
            }
        }
        int mentions = 0;
        for (String secret : new String[]{ValueSets.DB_SECRET, ValueSets.LLM_SECRET}) {
            mentions += m.text.split(Pattern.quote(secret), -1).length - 1;
        }
        // twin + gateway: user and password; planner: the key. NOTES.txt is not part of `helm template`.
        assertEquals(5, refs);
        assertEquals(refs, mentions, "a secret name was rendered outside a secretKeyRef");
    }

    /** Every way a credential could be handed to the chart as plain text is refused, and nothing is rendered. */
    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql:\n  password: " + SENTINEL + "\n",
            "llm:\n  apiKey: " + SENTINEL + "\n",
            "postgresql:\n  enabled: true\n  existingSecret: db\n  jdbcUrl: jdbc:postgresql://pg:5432/twinloop?user=tl&password=" + SENTINEL + "\n",
            "llm:\n  enabled: true\n  model: m\n  baseUrl: https://user:" + SENTINEL + "@api.example.com/v1\n",
            "tracing:\n  enabled: true\n  otlpEndpoint: https://user:" + SENTINEL + "@otlp.example.com:4317\n",
    })
    void plainTextCredentialsAreRejectedBySchema(String values) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.renderText(values));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }

    static void assertSecretRef(JsonNode env, String secret, String key) {
        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
        assertEquals(secret, ref.path("name").asText(), env.path("name").asText() + ": secret name");
        assertEquals(key, ref.path("key").asText(), env.path("name").asText() + ": secret key");
        assertFalse(env.has("value"));
    }
}
