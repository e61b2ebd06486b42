package io.twinloop.gateway.auth;

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
 * Bearer-token authentication and role checks for the gateway's gRPC API. With
 * {@code twinloop.auth.tokens-file} set, every call but health and reflection needs a token from
 * that file: running rounds, schedules, policies and deleting networks the {@code operator} role, approving and
 * rejecting the {@code approver} role, reads
 * any role, or none when {@code twinloop.auth.open-reads} is true. Without the file, authentication
 * is off and the service says so at start-up.
 */
@Singleton
@GlobalInterceptor
@Startup
public class AuthInterceptor extends BearerAuthInterceptor {
    private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);
    private static final String GW = "twinloop.gateway.v1.GatewayService/";
    static final Map<String, Role> NEEDS = Map.of(
            GW + "RunRound", Role.OPERATOR, GW + "WatchRound", Role.OPERATOR, GW + "ReplayRound", Role.OPERATOR,
            GW + "SetSchedule", Role.OPERATOR, GW + "DeleteSchedule", Role.OPERATOR, GW + "SetNetworkPolicy", Role.OPERATOR,
            GW + "DeleteNetwork", Role.OPERATOR,
            GW + "ApproveRound", Role.APPROVER, GW + "RejectRound", Role.APPROVER);

    public AuthInterceptor(AuthConfig config) {
        super(BearerAuth.of(config.tokensFile(), NEEDS, config.openReads()));
        LOG.info(auth().describe() + (auth().enabled() ? (config.openReads() ? ", reads open" : ", reads need a token") : ""));
    }
}
