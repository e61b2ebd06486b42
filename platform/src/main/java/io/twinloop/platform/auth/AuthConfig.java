package io.twinloop.platform.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Bearer-token settings, the same four in every service ({@code twinloop.auth.*}, docs/auth.md and the table
 * in docs/configuration.md). One mapping here, read by each service's auth interceptors and by the platform's
 * {@code /q/metrics} filter, so that platform code does not depend on a service's own mapping.
 */
@ConfigMapping(prefix = "twinloop.auth")
public interface AuthConfig {

    /**
     * File of bearer tokens ({@link TokenStore}: one {@code token name role} a line); set, every call but health
     * and reflection needs a token from it; absent, authentication is off. Env {@code TWINLOOP_AUTH_TOKENS_FILE}.
     */
    Optional<String> tokensFile();

    /** Whether reads are allowed without a token (changes still need one). Env {@code TWINLOOP_AUTH_OPEN_READS}. */
    @WithDefault("false")
    boolean openReads();

    /**
     * Whether {@code /q/metrics} is open for scrapers; false: it needs a token as reads do (when tokens are on).
     * Env {@code TWINLOOP_AUTH_OPEN_METRICS}.
     */
    @WithDefault("true")
    boolean openMetrics();

    /**
     * The token this service presents to the services it calls (the twin-service calls none and ignores it).
     * Env {@code TWINLOOP_AUTH_TOKEN}.
     */
    Optional<String> token();
}
