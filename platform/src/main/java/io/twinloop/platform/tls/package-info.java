/**
 * TLS and mTLS of a service from one variable: {@code TWINLOOP_TLS_DIR} names a directory in the layout of a
 * Kubernetes TLS secret ({@code tls.crt}, {@code tls.key}, {@code ca.crt}); {@link io.twinloop.platform.tls.TlsSettings}
 * reads it, {@link io.twinloop.platform.tls.TlsConfigSourceFactory} turns it into Quarkus properties (TLS registry,
 * HTTPS-only server, TLS gRPC clients) and {@link io.twinloop.platform.tls.TlsClientAuthCustomizer} sets the server's
 * client-auth mode, which Quarkus otherwise fixes at build time.
 */
package io.twinloop.platform.tls;
