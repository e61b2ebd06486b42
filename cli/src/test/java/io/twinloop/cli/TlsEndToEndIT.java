package io.twinloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.cli.PackagedStack.Result;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four packaged services with {@code TWINLOOP_TLS_DIR} (mTLS, client auth required) on certificates this test
 * makes: a round through the gateway reaches twin, forecast and planner over TLS (so the service-to-service
 * channels present and verify certificates too), and clients that should not get in do not: plaintext, TLS
 * without a client certificate, and TLS trusting another CA.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PackagedStack stack;
    private static Path pki;

    @BeforeAll
    static void startStackWithMutualTls() throws Exception {
        pki = Files.createTempDirectory("twinloop-tls-pki");
        TestCertificates.Authority ca = TestCertificates.Authority.create("twinloop test CA");
        // one certificate for the four services: it serves (serverAuth) and calls the others (clientAuth)
        Path service = ca.issue(pki.resolve("service"), "twinloop services", TestCertificates.LOCAL_SANS,
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        ca.issue(pki.resolve("user"), "operator", new String[0], KeyPurposeId.id_kp_clientAuth);
        // a user who trusts the CA but has no certificate
        Files.createDirectories(pki.resolve("ca-only"));
        Files.copy(service.resolve("ca.crt"), pki.resolve("ca-only/ca.crt"));
        // a complete, valid set from a CA the services do not know (and that does not know the services)
        TestCertificates.Authority.create("another CA").issue(pki.resolve("other"), "stranger",
                TestCertificates.LOCAL_SANS, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        stack = PackagedStack.start("twinloop-tls-e2e", Map.of("TWINLOOP_TLS_DIR", service.toString()),
                List.of("--tls-dir", pki.resolve("user").toString()));
    }

    @AfterAll
    static void stopStack() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aRoundThroughTheGatewayReachesEveryServiceOverMutualTls() throws Exception {
        Result demo = stack.cli("demo", "--rounds", "1");
        assertEquals(0, demo.exit(), demo.out() + demo.err() + stack.logs());
        Result r = stack.cli("round", "demo", "--mode", "dry-run", "--json");
        assertEquals(0, r.exit(), r.err() + stack.logs());
        JsonNode round = JSON.readTree(r.out());
        // twin (simulation of the base version), forecast (its method), planner (candidates) all answered
        assertTrue(round.get("kpisBefore").get("maxLinkUtilization").asDouble() > 0, r.out());
        assertFalse(round.path("forecastMethod").asText().isEmpty(), "the forecast stage did not run: " + r.out());
        assertTrue(round.get("candidates").size() >= 1, "the planner proposed nothing: " + r.out());
        // no stage fell back because a service could not be reached
        assertFalse(round.path("degradations").toString().contains("unavailable"), r.out());
        // the forecast-service's own channel to the twin (history) and the twin's own service
        Result predicted = stack.cli("forecast", "predict", "demo", "--horizon", "1", "--json");
        assertEquals(0, predicted.exit(), predicted.err());
        Result status = stack.cli("status");
        assertEquals(0, status.exit(), status.out() + status.err());
        // the REST API shares the port and the TLS: with the user's certificate it answers
        HttpClient https = HttpClient.newBuilder().sslContext(sslContext(pki.resolve("user/ca.crt"), pki.resolve("user")))
                .build();
        HttpResponse<String> networks = https.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + stack.ports.get("gateway") + "/api/v1/networks")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, networks.statusCode(), networks.body());
        assertTrue(networks.body().contains("\"demo\""), networks.body());
    }

    @Test
    @Order(2)
    void aPlaintextClientIsRefused() {
        Result plain = stack.cliWith(List.of(), "rounds", "demo");
        assertEquals(7, plain.exit(), plain.out() + plain.err());
        assertTrue(plain.err().contains("UNAVAILABLE") && plain.err().contains("TWINLOOP_TLS_DIR"), plain.err());
        // nor does plain HTTP/1.1 reach the REST API on the same port
        HttpClient http = HttpClient.newHttpClient();
        assertThrows(java.io.IOException.class, () -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.ports.get("gateway") + "/api/v1/networks")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    @Order(3)
    void aClientWithoutACertificateIsRefusedWhenClientAuthIsRequired() throws Exception {
        Result noCert = stack.cliWith(List.of("--tls-ca", pki.resolve("ca-only/ca.crt").toString()), "rounds", "demo");
        assertEquals(7, noCert.exit(), noCert.out() + noCert.err());
        assertTrue(noCert.err().contains("UNAVAILABLE"), noCert.err());
        // the same through --tls-dir holding only ca.crt
        Result dirWithoutCert = stack.cliWith(List.of("--tls-dir", pki.resolve("ca-only").toString()), "rounds", "demo");
        assertEquals(7, dirWithoutCert.exit(), dirWithoutCert.err());
        // and the REST API over HTTPS without a client certificate
        SSLContext trustOnly = sslContext(pki.resolve("ca-only/ca.crt"), null);
        HttpClient https = HttpClient.newBuilder().sslContext(trustOnly).build();
        assertThrows(java.io.IOException.class, () -> https.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + stack.ports.get("gateway") + "/api/v1/networks")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    @Order(4)
    void aClientTrustingAnotherCaIsRefusedWithATlsError() {
        Result other = stack.cliWith(List.of("--tls-dir", pki.resolve("other").toString()), "rounds", "demo");
        assertEquals(7, other.exit(), other.out() + other.err());
        assertTrue(other.err().contains("TLS handshake with localhost:" + stack.ports.get("gateway") + " failed"),
                other.err());
        assertFalse(other.err().contains("\tat "), "no stack trace: " + other.err());
        // the CA is right but the client certificate is the stranger's: the services refuse it
        Result strangerCert = stack.cliWith(List.of("--tls-dir", pki.resolve("other").toString(),
                "--tls-ca", pki.resolve("ca-only/ca.crt").toString()), "rounds", "demo");
        assertEquals(7, strangerCert.exit(), strangerCert.out() + strangerCert.err());
    }

    /** An SSLContext trusting one PEM CA and presenting the certificate in {@code certDir} (none when null). */
    private static SSLContext sslContext(Path caPem, Path certDir) throws Exception {
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (certDir != null) {
            java.security.cert.Certificate cert;
            try (var in = Files.newInputStream(certDir.resolve("tls.crt"))) {
                cert = cf.generateCertificate(in);
            }
            String pem = Files.readString(certDir.resolve("tls.key")).replaceAll("-----[A-Z ]+-----|\\s", "");
            java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", key, new char[0], new java.security.cert.Certificate[]{cert});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers, tmf.getTrustManagers(), null);
        return ctx;
    }
}
