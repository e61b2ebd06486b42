package io.twinloop.platform.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A service's TLS settings, from {@code TWINLOOP_TLS_DIR} and {@code TWINLOOP_TLS_CLIENT_AUTH}, and the Quarkus
 * properties they stand for.
 *
 * <p>The directory has the layout of a Kubernetes {@code kubernetes.io/tls} secret as cert-manager writes it:
 * {@code tls.crt} (PEM certificate chain), {@code tls.key} (PEM private key, PKCS#8) and {@code ca.crt} (PEM CA
 * bundle). The service then serves only TLS on its usual port, presents {@code tls.crt}, and its gRPC clients to
 * the other services trust {@code ca.crt} and present {@code tls.crt} as their client certificate; so the
 * certificate needs both the serverAuth and the clientAuth extended key usage, and SANs for the names the
 * services are called by.
 *
 * @param dir        the directory holding the three files
 * @param clientAuth whether clients must present a certificate signed by {@code ca.crt}
 */
public record TlsSettings(Path dir, ClientAuth clientAuth) {
    public static final String DIR_VARIABLE = "TWINLOOP_TLS_DIR";
    public static final String CLIENT_AUTH_VARIABLE = "TWINLOOP_TLS_CLIENT_AUTH";
    public static final String CERT = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String CA = "ca.crt";
    /** Name of the configuration in Quarkus' TLS registry ({@code quarkus.tls.<name>.*}). */
    public static final String TLS_CONFIGURATION = "twinloop";
    /** The property {@link TlsClientAuthCustomizer} reads. */
    public static final String CLIENT_AUTH_PROPERTY = "twinloop.tls.client-auth";

    /** Client certificates: Vert.x's {@code ClientAuth} values. */
    public enum ClientAuth {
        /** mTLS: a client without a certificate signed by ca.crt is refused during the handshake. */
        REQUIRED,
        /** A certificate is asked for and verified when sent; clients without one are let in. */
        REQUEST,
        /** No client certificate is asked for. */
        NONE;

        static ClientAuth parse(String value) {
            if (value == null || value.isBlank()) {
                return REQUIRED;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(CLIENT_AUTH_VARIABLE + "=" + value
                        + " is not a client-auth mode: use required (the default), request or none");
            }
        }
    }

    public TlsSettings {
        if (dir == null || clientAuth == null) {
            throw new IllegalArgumentException("dir and clientAuth are required");
        }
    }

    /**
     * The settings from a lookup of variables (the environment, or a config context), or empty when
     * {@code TWINLOOP_TLS_DIR} is unset or blank (plaintext).
     *
     * @throws IllegalArgumentException when the directory lacks one of the three files or the client-auth mode is unknown
     */
    public static Optional<TlsSettings> from(Function<String, String> variables) {
        String dir = variables.apply(DIR_VARIABLE);
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        ClientAuth auth = ClientAuth.parse(variables.apply(CLIENT_AUTH_VARIABLE));
        Path d = Path.of(dir.strip()).toAbsolutePath().normalize();
        for (String f : new String[]{CERT, KEY, CA}) {
            if (!Files.isReadable(d.resolve(f))) {
                throw new IllegalArgumentException(DIR_VARIABLE + "=" + dir + " has no readable " + f
                        + ": the directory must hold tls.crt (certificate chain), tls.key (PKCS#8 key) and ca.crt "
                        + "(CA bundle), PEM, as in a Kubernetes TLS secret");
            }
        }
        return Optional.of(new TlsSettings(d, auth));
    }

    public Path cert() {
        return dir.resolve(CERT);
    }

    public Path key() {
        return dir.resolve(KEY);
    }

    public Path ca() {
        return dir.resolve(CA);
    }

    /**
     * The Quarkus properties of these settings: the TLS registry entry, an HTTPS-only HTTP server on the service's
     * usual port ({@code quarkus.http.port}), and TLS with a client certificate on each named gRPC client.
     *
     * <p>The gRPC clients are grpc-java (Netty) channels, which take their TLS from
     * {@code quarkus.grpc.clients.<name>.ssl.*}; {@code tls-configuration-name} applies only to the Vert.x-based
     * client ({@code use-quarkus-grpc-client=true}), which the services do not use. grpc-java verifies the host
     * name against the certificate's SANs.
     */
    public Map<String, String> quarkusProperties(Collection<String> grpcClients) {
        Map<String, String> p = new TreeMap<>();
        String tls = "quarkus.tls." + TLS_CONFIGURATION + ".";
        p.put(tls + "key-store.pem.service.cert", cert().toString());
        p.put(tls + "key-store.pem.service.key", key().toString());
        p.put(tls + "trust-store.pem.certs", ca().toString());
        p.put("quarkus.http.tls-configuration-name", TLS_CONFIGURATION);
        p.put("quarkus.http.insecure-requests", "disabled");
        p.put("quarkus.http.ssl-port", "${quarkus.http.port}");
        p.put(CLIENT_AUTH_PROPERTY, clientAuth.name());
        for (String c : grpcClients) {
            String client = "quarkus.grpc.clients." + c + ".";
            p.put(client + "plain-text", "false");
            p.put(client + "ssl.trust-store", ca().toString());
            p.put(client + "ssl.certificate", cert().toString());
            p.put(client + "ssl.key", key().toString());
        }
        return p;
    }
}
