/**
 * TLS and mTLS of a service from one variable: {@code TWINLOOP_TLS_DIR} names a directory in the layout of a
 * Kubernetes TLS secret ({@code tls.crt}, {@code tls.key}, {@code ca.crt}); {@link io.twinloop.tls.TlsSettings}
 * reads it, {@link io.twinloop.tls.TlsConfigSourceFactory} turns it into Quarkus properties (TLS registry,
 * HTTPS-only server, TLS gRPC clients) and {@link io.twinloop.tls.TlsClientAuthCustomizer} sets the server's
 * client-auth mode, which Quarkus otherwise fixes at build time.
 */
package io.twinloop.tls;
