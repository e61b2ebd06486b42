package io.twinloop.gateway.rest;

import io.grpc.Status;
import io.twinloop.gateway.auth.AuthInterceptor;
import io.twinloop.platform.auth.AccessPolicy;
import io.twinloop.platform.auth.BearerAuth;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.twinloop.gateway.limits.ClientRateLimits;
import io.twinloop.gateway.limits.RateLimitInterceptor;
import io.vertx.core.http.HttpServerRequest;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The gRPC API's authentication, applied to the REST view: each REST call is checked as the gRPC
 * method it stands for (POST /rounds = RunRound, .../approve = ApproveRound, .../reject =
 * RejectRound; GETs are reads), with the token from the {@code Authorization} header; the caller is
 * kept in {@link RestCaller} for the service to record. Refusals are
 * the REST view's errors: 401 UNAUTHENTICATED (with a {@code WWW-Authenticate}
 * challenge), 403 PERMISSION_DENIED. Then the per-client rate limit
 * ({@link ClientRateLimits}, the gRPC API's buckets): 429 RESOURCE_EXHAUSTED with {@code Retry-After}.
 */
public class RestAuthFilter {
    private static final String GW = "twinloop.gateway.v1.GatewayService/";

    @Inject
    AuthInterceptor grpcAuth;

    @Inject
    ClientRateLimits rateLimits;

    @Inject
    RestCaller caller;

    @ServerRequestFilter
    public Optional<RestResponse<ApiError>> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        BearerAuth auth = grpcAuth.auth();
        String operation = operation(request.getMethod(), request.getUriInfo().getPath());
        String authorization = request.getHeaderString("Authorization");
        if (auth.enabled()) {
            BearerAuth.Outcome o = auth.check(operation, authorization);
            if (!o.allowed()) {
                if (o.denial().refusal() == AccessPolicy.Refusal.UNAUTHENTICATED) {
                    return Optional.of(RestResponse.ResponseBuilder.fromResponse(ApiErrorMapper.error(
                                    Status.Code.UNAUTHENTICATED, o.denial().message(), null))
                            .header("WWW-Authenticate", challenge(authorization)).build());
                }
                return Optional.of(ApiErrorMapper.error(Status.Code.PERMISSION_DENIED, o.denial().message(), null));
            }
            caller.set(o.principal());
        }
        // the same buckets as the gRPC API: a client is its token's owner, else its address
        String client = RateLimitInterceptor.client(auth, operation, authorization,
                http.remoteAddress() == null ? null : new InetSocketAddress(http.remoteAddress().host(), http.remoteAddress().port()));
        return rateLimits.check(client, "rest").map(ApiErrorMapper::fromStatus);
    }

    /**
     * The {@code WWW-Authenticate} challenge of a 401 (RFC 6750 section 3): the scheme and realm, and
     * {@code error="invalid_token"} when the request sent credentials that were not accepted.
     */
    static String challenge(String authorization) {
        return authorization == null ? "Bearer realm=\"twinloop\""
                : "Bearer realm=\"twinloop\", error=\"invalid_token\", "
                        + "error_description=\"the token is not valid for this gateway\"";
    }

    /** The gRPC method a REST call stands for ("GET path" for reads). */
    static String operation(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return method + " " + path;
        }
        if (path.endsWith("/approve")) {
            return GW + "ApproveRound";
        }
        if (path.endsWith("/reject")) {
            return GW + "RejectRound";
        }
        return GW + "RunRound"; // any other change needs the operator role
    }
}
