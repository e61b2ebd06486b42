package io.twinloop.platform.tls;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsSettingsTest {
    @TempDir
    Path dir;

    private void writeFiles(String... names) throws IOException {
        for (String n : names) {
            Files.writeString(dir.resolve(n), "-----BEGIN X-----\n-----END X-----\n");
        }
    }

    @Test
    void unsetOrBlankDirectoryMeansPlaintext() {
        assertTrue(TlsSettings.from(Map.<String, String>of()::get).isEmpty());
        assertTrue(TlsSettings.from(Map.of(TlsSettings.DIR_VARIABLE, "  ")::get).isEmpty());
    }

    @Test
    void clientAuthDefaultsToRequiredAndAcceptsAnyCase() throws IOException {
        writeFiles("tls.crt", "tls.key", "ca.crt");
        assertEquals(TlsSettings.ClientAuth.REQUIRED,
                TlsSettings.from(Map.of(TlsSettings.DIR_VARIABLE, dir.toString())::get).orElseThrow().clientAuth());
        assertEquals(TlsSettings.ClientAuth.REQUEST, TlsSettings.from(Map.of(TlsSettings.DIR_VARIABLE, dir.toString(),
                TlsSettings.CLIENT_AUTH_VARIABLE, "Request")::get).orElseThrow().clientAuth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsSettings.from(Map.of(
                TlsSettings.DIR_VARIABLE, dir.toString(), TlsSettings.CLIENT_AUTH_VARIABLE, "optional")::get));
        assertTrue(e.getMessage().contains("TWINLOOP_TLS_CLIENT_AUTH=optional") && e.getMessage().contains("request"),
                e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        writeFiles("tls.crt", "ca.crt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.from(Map.of(TlsSettings.DIR_VARIABLE, dir.toString())::get));
        assertTrue(e.getMessage().contains("no readable tls.key"), e.getMessage());
    }

    @Test
    void propertiesMakeAnHttpsOnlyServerAndTlsClientsWithACertificate() throws IOException {
        writeFiles("tls.crt", "tls.key", "ca.crt");
        TlsSettings s = TlsSettings.from(Map.of(TlsSettings.DIR_VARIABLE, dir.toString(),
                TlsSettings.CLIENT_AUTH_VARIABLE, "none")::get).orElseThrow();
        Map<String, String> p = s.quarkusProperties(List.of("twin", "planner"));
        assertEquals(dir.resolve("tls.crt").toString(), p.get("quarkus.tls.twinloop.key-store.pem.service.cert"));
        assertEquals(dir.resolve("tls.key").toString(), p.get("quarkus.tls.twinloop.key-store.pem.service.key"));
        assertEquals(dir.resolve("ca.crt").toString(), p.get("quarkus.tls.twinloop.trust-store.pem.certs"));
        assertEquals("twinloop", p.get("quarkus.http.tls-configuration-name"));
        assertEquals("disabled", p.get("quarkus.http.insecure-requests"));
        assertEquals("NONE", p.get("twinloop.tls.client-auth"));
        for (String c : List.of("twin", "planner")) {
            assertEquals("false", p.get("quarkus.grpc.clients." + c + ".plain-text"));
            assertEquals(dir.resolve("ca.crt").toString(), p.get("quarkus.grpc.clients." + c + ".ssl.trust-store"));
            assertEquals(dir.resolve("tls.crt").toString(), p.get("quarkus.grpc.clients." + c + ".ssl.certificate"));
            assertEquals(dir.resolve("tls.key").toString(), p.get("quarkus.grpc.clients." + c + ".ssl.key"));
        }
        assertFalse(p.keySet().stream().anyMatch(k -> k.startsWith("quarkus.grpc.clients.forecast.")));
    }

    /** Through SmallRye Config as Quarkus builds it: the service's own clients are found, the port follows the HTTP port. */
    @Test
    void theFactoryFindsTheClientsAndEnvironmentStillOverrides() throws IOException {
        writeFiles("tls.crt", "tls.key", "ca.crt");
        Map<String, String> app = new HashMap<>(Map.of(
                "quarkus.http.port", "9090",
                "quarkus.grpc.clients.twin.host", "127.0.0.1",
                "quarkus.grpc.clients.forecast.port", "9092",
                "%test.quarkus.grpc.clients.health.port", "8081"));
        SmallRyeConfig config = build(app, Map.of(TlsSettings.DIR_VARIABLE, dir.toString(),
                "quarkus.grpc.clients.twin.ssl.key", "/override/key.pem"), "prod");
        assertEquals("9090", config.getRawValue("quarkus.http.ssl-port"));
        assertEquals(dir.resolve("ca.crt").toString(), config.getRawValue("quarkus.grpc.clients.forecast.ssl.trust-store"));
        assertEquals("/override/key.pem", config.getRawValue("quarkus.grpc.clients.twin.ssl.key"), "a higher source wins");
        assertEquals(dir.resolve("tls.crt").toString(), config.getRawValue("quarkus.grpc.clients.twin.ssl.certificate"));
        assertEquals(null, config.getRawValue("quarkus.grpc.clients.health.ssl.trust-store"), "test-only clients untouched");

        assertEquals(Optional.empty(), build(app, Map.of(), "prod").getOptionalValue("quarkus.http.insecure-requests", String.class));
        assertEquals(Optional.empty(), build(app, Map.of(TlsSettings.DIR_VARIABLE, dir.toString()), "test")
                .getOptionalValue("quarkus.http.insecure-requests", String.class), "the test profile stays plaintext");
    }

    private static SmallRyeConfig build(Map<String, String> app, Map<String, String> env, String profile) {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(app, "application.properties", 250))
                .withSources(new PropertiesConfigSource(env, "environment", 300))
                .withSources(new TlsConfigSourceFactory())
                .build();
    }
}
