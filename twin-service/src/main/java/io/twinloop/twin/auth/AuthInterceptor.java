package io.twinloop.twin.auth;

import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import io.twinloop.platform.auth.AuthConfig;
import io.twinloop.platform.auth.BearerAuth;
import io.twinloop.platform.auth.BearerAuthInterceptor;
import io.twinloop.platform.auth.Role;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Bearer-token authentication and role checks for the twin's gRPC API. With
 * {@code twinloop.auth.tokens-file} set, every call but health and reflection needs a token from
 * that file: changes (imports, deletion, ingestion, ApplyPlan, retention, following telemetry, Kafka sources, and
 * EstimateTraffic with {@code store}, checked by the call itself) the {@code operator} role, reads
 * any role, or none when {@code twinloop.auth.open-reads} is true. Without the file, authentication
 * is off and the service says so at start-up.
 */
@Singleton
@GlobalInterceptor
@Startup
public class AuthInterceptor extends BearerAuthInterceptor {
    private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);
    private static final String TWIN = "twinloop.twin.v1.TwinService/";
    static final Map<String, Role> NEEDS = java.util.stream.Stream.of("ImportTopology", "DeleteNetwork", "ImportTraffic",
                    "IngestTraffic", "IngestTelemetry", "IngestTelemetryAcked", "ApplyPlan", "SetRetention",
                    "SetTrafficFollow", "SetTelemetrySource", "DeleteTelemetrySource")
            .collect(java.util.stream.Collectors.toUnmodifiableMap(m -> TWIN + m, m -> Role.OPERATOR));

    public AuthInterceptor(AuthConfig config) {
        super(BearerAuth.of(config.tokensFile(), NEEDS, config.openReads()));
        LOG.info(auth().describe() + (auth().enabled() ? (config.openReads() ? ", reads open" : ", reads need a token") : ""));
    }
}
