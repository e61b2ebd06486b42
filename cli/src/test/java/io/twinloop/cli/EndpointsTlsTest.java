package io.twinloop.cli;

import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's TLS options: which credentials each combination gives, and how a failed handshake is reported. */
class EndpointsTlsTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        Endpoints endpoints;

        @Override
        public void run() {
        }
    }

    /** Options parsed as a command would; TWINLOOP_TLS_DIR of the test's environment is ignored by passing --tls-dir "". */
    private static Endpoints parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.endpoints;
    }

    private void files(Path d, String... names) throws IOException {
        Files.createDirectories(d);
        for (String n : names) {
            Files.writeString(d.resolve(n), n);
        }
    }

    @Test
    void withoutTlsOptionsChannelsArePlaintext() {
        assertInstanceOf(InsecureChannelCredentials.class, parse("--tls-dir", "").credentials());
    }

    @Test
    void tlsDirTrustsItsCaAndPresentsItsCertificate() throws IOException {
        files(dir, "ca.crt", "tls.crt", "tls.key");
        TlsChannelCredentials c = (TlsChannelCredentials) parse("--tls-dir", dir.toString()).credentials();
        assertArrayEquals("ca.crt".getBytes(), c.getRootCertificates());
        assertArrayEquals("tls.crt".getBytes(), c.getCertificateChain());
        assertArrayEquals("tls.key".getBytes(), c.getPrivateKey());
    }

    @Test
    void tlsCaAloneTrustsWithoutAClientCertificate() throws IOException {
        files(dir, "mine.pem");
        TlsChannelCredentials c = (TlsChannelCredentials) parse("--tls-dir", "", "--tls-ca",
                dir.resolve("mine.pem").toString()).credentials();
        assertArrayEquals("mine.pem".getBytes(), c.getRootCertificates());
        assertNull(c.getCertificateChain());
    }

    @Test
    void tlsCaOverridesTheDirectorysCaButKeepsItsCertificate() throws IOException {
        files(dir, "ca.crt", "tls.crt", "tls.key", "other.pem");
        TlsChannelCredentials c = (TlsChannelCredentials) parse("--tls-dir", dir.toString(), "--tls-ca",
                dir.resolve("other.pem").toString()).credentials();
        assertArrayEquals("other.pem".getBytes(), c.getRootCertificates());
        assertArrayEquals("tls.crt".getBytes(), c.getCertificateChain());
    }

    @Test
    void aDirectoryWithOnlyACaGivesTlsWithoutAClientCertificate() throws IOException {
        files(dir, "ca.crt");
        TlsChannelCredentials c = (TlsChannelCredentials) parse("--tls-dir", dir.toString()).credentials();
        assertNull(c.getCertificateChain());
    }

    @Test
    void missingFilesAreUserErrorsNamingTheFile() throws IOException {
        CliException noCa = assertThrows(CliException.class, () -> parse("--tls-dir", dir.toString()).credentials());
        assertTrue(noCa.getMessage().contains(dir.resolve("ca.crt").toString()), noCa.getMessage());
        files(dir, "ca.crt", "tls.crt");
        CliException noKey = assertThrows(CliException.class, () -> parse("--tls-dir", dir.toString()).credentials());
        assertTrue(noKey.getMessage().contains("tls.key"), noKey.getMessage());
        assertEquals(2, TwinloopCli.run("status", "--tls-dir", dir.toString()), "a CliException exits with 2");
    }

    @Test
    void filesThatAreNotPemAreUserErrorsNotStackTraces() throws IOException {
        files(dir, "ca.crt", "tls.crt", "tls.key");
        try (Endpoints e = parse("--tls-dir", dir.toString())) {
            CliException bad = assertThrows(CliException.class, () -> e.channel("localhost:1"));
            assertTrue(bad.getMessage().startsWith("--tls-dir " + dir) && bad.getMessage().contains("PKCS#8"), bad.getMessage());
        }
    }

    @Test
    void aHandshakeFailureNamesTheAddressAndTheReason() {
        Status failed = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new IllegalStateException(new SSLHandshakeException("PKIX path building failed")));
        Status explained = Endpoints.explainTlsFailure(failed, "localhost:9090");
        assertEquals(Status.Code.UNAVAILABLE, explained.getCode());
        assertEquals("TLS handshake with localhost:9090 failed: PKIX path building failed", explained.getDescription());
        assertTrue(Endpoints.isTlsFailure(new StatusRuntimeException(explained)));

        SSLHandshakeException generic = new SSLHandshakeException("General OpenSslEngine problem");
        generic.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
        assertEquals("TLS handshake with h:1 failed: General OpenSslEngine problem (unable to find valid certification path)",
                Endpoints.explainTlsFailure(Status.UNAVAILABLE.withCause(generic), "h:1").getDescription());

        Status refused = Status.UNAVAILABLE.withDescription("Connection refused");
        assertSame(refused, Endpoints.explainTlsFailure(refused, "localhost:9090"));
        assertFalse(Endpoints.isTlsFailure(new StatusRuntimeException(refused)));
        Status denied = Status.PERMISSION_DENIED.withCause(new SSLHandshakeException("x"));
        assertSame(denied, Endpoints.explainTlsFailure(denied, "localhost:9090"), "only UNAVAILABLE is rewritten");
    }

    @Test
    void theOptionsAreInTheHelp() {
        String help = new CommandLine(new Probe()).getUsageMessage();
        assertTrue(help.contains("--tls-dir") && help.contains("--tls-ca") && help.contains("TWINLOOP_TLS_DIR"), help);
    }
}
