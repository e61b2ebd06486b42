package io.twinloop.platform.tls;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Sets the HTTPS server's client-auth mode from {@code TWINLOOP_TLS_CLIENT_AUTH} (through
 * {@link TlsSettings#CLIENT_AUTH_PROPERTY}, mapped by {@link TlsConfig}). Quarkus reads
 * {@code quarkus.http.ssl.client-auth} at build time only, and setting it to {@code required} there would also disable the plaintext port of services that run
 * without TLS; so the mode is applied here, at start-up, to the server options Quarkus built.
 */
@Singleton
@Unremovable
public class TlsClientAuthCustomizer implements HttpServerOptionsCustomizer {
    private final TlsConfig config;

    public TlsClientAuthCustomizer(TlsConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        config.clientAuth().ifPresent(mode -> options.setClientAuth(ClientAuth.valueOf(mode)));
    }
}
