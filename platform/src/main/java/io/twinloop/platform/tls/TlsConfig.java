package io.twinloop.platform.tls;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The one {@code twinloop.tls.*} property: set by {@link TlsConfigSourceFactory} from
 * {@code TWINLOOP_TLS_CLIENT_AUTH} when {@code TWINLOOP_TLS_DIR} turns TLS on (docs/tls.md), and read by
 * {@link TlsClientAuthCustomizer}. Mapped so that every {@code twinloop.*} property a service sees belongs to a
 * mapping.
 */
@ConfigMapping(prefix = "twinloop.tls")
public interface TlsConfig {

    /** The HTTPS server's client-auth mode (Vert.x {@code ClientAuth}: REQUIRED, REQUEST or NONE); absent without TLS. */
    Optional<String> clientAuth();
}
