package io.twinloop.cli;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the services listen, from options or the environment, and the channels to them.
 * Channels are created lazily and closed when the command ends.
 */
public final class Endpoints implements AutoCloseable {
    @Option(names = "--gateway", description = "gateway address host:port (env TWINLOOP_GATEWAY, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_GATEWAY:-localhost:9090}")
    String gateway;

    @Option(names = "--twin", description = "twin-service address (env TWINLOOP_TWIN, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_TWIN:-localhost:9091}")
    String twin;

    @Option(names = "--forecast", description = "forecast-service address (env TWINLOOP_FORECAST, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_FORECAST:-localhost:9092}")
    String forecast;

    @Option(names = "--planner", description = "planner-service address (env TWINLOOP_PLANNER, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_PLANNER:-localhost:9093}")
    String planner;

    @Option(names = "--timeout", description = "deadline of each call in seconds (default ${DEFAULT-VALUE})",
            defaultValue = "60")
    long timeoutSeconds;

    @Option(names = "--token-file", description = "file holding the bearer token (env TWINLOOP_TOKEN_FILE; "
            + "env TWINLOOP_TOKEN gives the token itself)", defaultValue = "${env:TWINLOOP_TOKEN_FILE}")
    String tokenFile;

    @Option(names = "--tls-dir", description = "TLS: a directory with ca.crt (trusted CA) and, for mTLS, tls.crt and "
            + "tls.key (your client certificate, PKCS#8 key), as the services' TWINLOOP_TLS_DIR (env TWINLOOP_TLS_DIR)",
            defaultValue = "${env:TWINLOOP_TLS_DIR}")
    String tlsDir;

    @Option(names = "--tls-ca", description = "TLS without a client certificate: the PEM CA bundle to trust "
            + "(with --tls-dir: trusted instead of its ca.crt)")
    String tlsCa;

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    public ManagedChannel channel(String address) {
        String authorization = authorization();
        ChannelCredentials credentials = credentials();
        return channels.computeIfAbsent(address, a -> {
            ManagedChannelBuilder<?> b;
            try {
                b = Grpc.newChannelBuilder(a, credentials);
            } catch (IllegalArgumentException e) {
                // the PEM files are parsed here: a file that is not a certificate or a PKCS#8 key
                throw new CliException((tlsDir != null && !tlsDir.isBlank() ? "--tls-dir " + tlsDir : "--tls-ca " + tlsCa)
                        + ": " + e.getMessage() + " (PEM certificates; the key must be PKCS#8)");
            }
            b.maxInboundMessageSize(64 * 1024 * 1024);
            if (authorization != null) {
                b.intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers(authorization)));
            }
            if (!(credentials instanceof InsecureChannelCredentials)) {
                b.intercept(new TlsFailureInterceptor(a));
            }
            return b.build();
        });
    }

    /**
     * Plaintext without --tls-dir / --tls-ca; else TLS trusting the CA (host names are verified against the
     * certificate's SANs) and, when --tls-dir holds tls.crt and tls.key, presenting them as the client certificate.
     */
    ChannelCredentials credentials() {
        boolean dir = tlsDir != null && !tlsDir.isBlank();
        boolean ca = tlsCa != null && !tlsCa.isBlank();
        if (!dir && !ca) {
            return InsecureChannelCredentials.create();
        }
        Path caFile = ca ? Path.of(tlsCa) : Path.of(tlsDir, "ca.crt");
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        try {
            b.trustManager(readable(caFile, ca ? "--tls-ca" : "--tls-dir").toFile());
            if (dir) {
                Path cert = Path.of(tlsDir, "tls.crt");
                Path key = Path.of(tlsDir, "tls.key");
                if (Files.exists(cert) || Files.exists(key)) {
                    b.keyManager(readable(cert, "--tls-dir").toFile(), readable(key, "--tls-dir").toFile());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("cannot load the TLS files (" + (dir ? "--tls-dir " + tlsDir : "--tls-ca " + tlsCa)
                    + "): " + e.getMessage() + " (PEM certificates; the key must be PKCS#8)");
        }
        return b.build();
    }

    private static Path readable(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new CliException(option + ": cannot read " + file);
        }
        return file;
    }

    /** Whether a call failed in the TLS handshake (an SSLException among the causes of its status). */
    public static boolean isTlsFailure(StatusRuntimeException e) {
        return sslCause(e.getStatus()) != null;
    }

    private static SSLException sslCause(Status status) {
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /** A failed handshake as a status that names the address and what TLS said, e.g. an untrusted certificate. */
    static Status explainTlsFailure(Status status, String address) {
        SSLException ssl = sslCause(status);
        if (ssl == null || status.getCode() != Status.Code.UNAVAILABLE) {
            return status;
        }
        // the engine's own message can be generic ("General OpenSslEngine problem"): add the root cause's
        Throwable root = ssl;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String why = String.valueOf(ssl.getMessage());
        if (root != ssl && root.getMessage() != null && !why.contains(root.getMessage())) {
            why += " (" + root.getMessage() + ")";
        }
        return Status.UNAVAILABLE.withDescription("TLS handshake with " + address + " failed: " + why)
                .withCause(status.getCause());
    }

    /** Rewrites TLS handshake failures of a channel with {@link #explainTlsFailure}. */
    private static final class TlsFailureInterceptor implements ClientInterceptor {
        private final String address;

        TlsFailureInterceptor(String address) {
            this.address = address;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            super.onClose(explainTlsFailure(status, address), trailers);
                        }
                    }, headers);
                }
            };
        }
    }

    /** "Bearer TOKEN" from TWINLOOP_TOKEN or the token file, or null without a token. */
    String authorization() {
        String token = System.getenv("TWINLOOP_TOKEN");
        if ((token == null || token.isBlank()) && tokenFile != null && !tokenFile.isBlank()) {
            try {
                token = java.nio.file.Files.readString(java.nio.file.Path.of(tokenFile)).strip();
            } catch (java.io.IOException e) {
                throw new CliException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        return token == null || token.isBlank() ? null : "Bearer " + token.strip();
    }

    private static io.grpc.Metadata headers(String authorization) {
        io.grpc.Metadata m = new io.grpc.Metadata();
        m.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), authorization);
        return m;
    }

    /** The four services by name, in start-up order. */
    public Map<String, String> services() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("twin-service", twin);
        m.put("forecast-service", forecast);
        m.put("planner-service", planner);
        m.put("gateway", gateway);
        return m;
    }

    /** Whether calls use TLS (--tls-dir or --tls-ca, or TWINLOOP_TLS_DIR). */
    public boolean tls() {
        return (tlsDir != null && !tlsDir.isBlank()) || (tlsCa != null && !tlsCa.isBlank());
    }

    /**
     * The gateway's web dashboard: the gateway serves it at {@code /} on its gRPC port (gRPC and HTTP share the
     * port), over HTTPS when the calls use TLS, since a service with TLS has no plaintext listener. A gRPC target
     * URI such as {@code dns:///gw:9090} gives its last path segment.
     */
    public String dashboardUrl() {
        String address = gateway.strip();
        if (address.contains("://")) {
            address = address.substring(address.lastIndexOf('/') + 1);
        }
        return (tls() ? "https://" : "http://") + address + "/";
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow();
            try {
                c.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
