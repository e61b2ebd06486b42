package io.twinloop.platform.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The gRPC side of {@link BearerAuth}: checks the {@code authorization} header of every call but
 * health and reflection ({@code grpc.*}), refuses with {@code UNAUTHENTICATED} or
 * {@code PERMISSION_DENIED} and the reason, and makes the caller available to the call as
 * {@link #PRINCIPAL}. A service registers a subclass with its access policy.
 */
public class BearerAuthInterceptor implements ServerInterceptor {
    /** The {@code authorization} header. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    /** The authenticated caller of the current call (absent when authentication is off or reads are open). */
    public static final Context.Key<Principal> PRINCIPAL = Context.key("twinloop-principal");

    private final BearerAuth auth;

    protected BearerAuthInterceptor(BearerAuth auth) {
        this.auth = auth;
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

    /**
     * Refuses the current call unless its caller has {@code needed}: for a call that its request makes a change
     * (EstimateTraffic with {@code store}), which the per-method table cannot see. Nothing when authentication
     * is off.
     *
     * @param operation names the call and what makes it a change in the message, e.g.
     *                  "EstimateTraffic with store"
     * @throws RefusedCall UNAUTHENTICATED without a token, PERMISSION_DENIED without the role
     */
    public void require(Role needed, String operation) {
        if (!auth.enabled()) {
            return;
        }
        Principal principal = PRINCIPAL.get();
        new AccessPolicy(java.util.Map.of(operation, needed), false).decide(operation, principal, principal != null)
                .ifPresent(d -> {
                    throw new RefusedCall(d);
                });
    }

    /** A call {@link #require} refused. */
    public static final class RefusedCall extends io.twinloop.platform.grpc.ServiceException {
        private static final long serialVersionUID = 1L;

        RefusedCall(AccessPolicy.Denial d) {
            super(d.refusal() == AccessPolicy.Refusal.UNAUTHENTICATED ? Status.Code.UNAUTHENTICATED
                    : Status.Code.PERMISSION_DENIED, d.refusal().name(), d.message());
        }
    }
}
