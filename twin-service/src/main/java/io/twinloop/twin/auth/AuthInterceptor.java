package io.twinloop.twin.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import io.twinloop.model.auth.AccessPolicy;
import io.twinloop.model.auth.Principal;
import io.twinloop.model.auth.Role;
import io.twinloop.model.auth.BearerAuth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication and role checks for the twin's gRPC API. With
 * {@code twinloop.auth.tokens-file} set, every call but health and reflection needs a token from
 * that file: changes (imports, ingestion, ApplyPlan, retention) the {@code operator} role, reads
 * any role, or none when {@code twinloop.auth.open-reads} is true. Without the file, authentication
 * is off and the service says so at start-up.
 */
@ApplicationScoped
@GlobalInterceptor
@Startup
public class AuthInterceptor implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** The authenticated caller of the current call (absent when authentication is off or reads are open). */
    public static final Context.Key<Principal> PRINCIPAL = Context.key("twinloop-principal");
    private static final String TWIN = "twinloop.twin.v1.TwinService/";
    static final Map<String, Role> NEEDS = Map.of(
            TWIN + "ImportTopology", Role.OPERATOR, TWIN + "ImportTraffic", Role.OPERATOR,
            TWIN + "IngestTraffic", Role.OPERATOR, TWIN + "IngestTelemetry", Role.OPERATOR,
            TWIN + "ApplyPlan", Role.OPERATOR, TWIN + "SetRetention", Role.OPERATOR);

    private final BearerAuth auth;

    public AuthInterceptor(@ConfigProperty(name = "twinloop.auth.tokens-file") Optional<String> tokensFile,
                           @ConfigProperty(name = "twinloop.auth.open-reads", defaultValue = "false") boolean openReads) {
        this.auth = BearerAuth.of(tokensFile, NEEDS, openReads);
        LOG.info(auth.describe() + (auth.enabled() ? (openReads ? ", reads open" : ", reads need a token") : ""));
    }

    /** The service's authentication (also used by other entry points than gRPC). */
    public BearerAuth auth() {
        return auth;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!auth.enabled() || method.startsWith("grpc.")) {
            return next.startCall(call, headers);
        }
        BearerAuth.Outcome o = auth.check(method, headers.get(AUTHORIZATION));
        if (!o.allowed()) {
            call.close((o.denial().refusal() == AccessPolicy.Refusal.UNAUTHENTICATED ? Status.UNAUTHENTICATED
                    : Status.PERMISSION_DENIED).withDescription(o.denial().message()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Principal principal = o.principal();
        return principal == null ? next.startCall(call, headers)
                : Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
    }
}
