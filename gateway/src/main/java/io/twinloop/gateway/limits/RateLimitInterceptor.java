package io.twinloop.gateway.limits;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.gateway.auth.AuthInterceptor;
import io.twinloop.platform.auth.BearerAuth;
import io.twinloop.platform.auth.BearerAuthInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Applies {@link ClientRateLimits} to the gateway's gRPC API ({@code twinloop.gateway.v1.GatewayService};
 * health and reflection are never limited). The client is the owner of a valid bearer token, else the
 * peer's address; the check does not depend on the order in which the interceptors run.
 */
@ApplicationScoped
@GlobalInterceptor
public class RateLimitInterceptor implements ServerInterceptor {
    static final String GATEWAY = "twinloop.gateway.v1.GatewayService/";

    private final ClientRateLimits limits;
    private final AuthInterceptor auth;

    public RateLimitInterceptor(ClientRateLimits limits, AuthInterceptor auth) {
        this.limits = limits;
        this.auth = auth;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!method.startsWith(GATEWAY)) {
            return next.startCall(call, headers);
        }
        String client = client(auth.auth(), method, headers.get(BearerAuthInterceptor.AUTHORIZATION),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Optional<StatusRuntimeException> refused = limits.check(client, "grpc");
        if (refused.isPresent()) {
            StatusRuntimeException e = refused.get();
            call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    /** The rate-limit key: the token owner's name when the token is valid, else the peer's IP address. */
    public static String client(BearerAuth auth, String operation, String authorization, SocketAddress peer) {
        if (auth.enabled() && authorization != null) {
            BearerAuth.Outcome o = auth.check(operation, authorization);
            if (o.principal() != null) {
                return o.principal().name();
            }
        }
        if (peer instanceof InetSocketAddress in) {
            return in.getAddress() != null ? in.getAddress().getHostAddress() : in.getHostString();
        }
        return peer == null ? "unknown peer" : peer.toString();
    }
}
