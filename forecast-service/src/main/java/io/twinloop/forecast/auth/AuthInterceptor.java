package io.twinloop.forecast.auth;

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
 * Bearer-token authentication and role checks for the forecaster's gRPC API, as in the twin and the gateway.
 * With {@code twinloop.auth.tokens-file} set, every call but health and reflection needs a token from that
 * file: training and deleting a network's models (both write to the model registry) the {@code operator} role; forecasts, backtests and the
 * model listing are reads, for any role, or none when {@code twinloop.auth.open-reads} is true. Without the
 * file, authentication is off and the service says so at start-up.
 */
@Singleton
@GlobalInterceptor
@Startup
public class AuthInterceptor extends BearerAuthInterceptor {
    private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);
    private static final String FORECAST = "twinloop.forecast.v1.ForecastService/";
    static final Map<String, Role> NEEDS = Map.of(FORECAST + "Train", Role.OPERATOR,
            FORECAST + "DeleteNetworkModels", Role.OPERATOR);

    public AuthInterceptor(AuthConfig config) {
        super(BearerAuth.of(config.tokensFile(), NEEDS, config.openReads()));
        LOG.info(auth().describe() + (auth().enabled() ? (config.openReads() ? ", reads open" : ", reads need a token") : ""));
    }
}
