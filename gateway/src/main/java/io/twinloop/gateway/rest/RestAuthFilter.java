package io.twinloop.gateway.rest;

import io.grpc.Status;
import io.twinloop.gateway.auth.AuthInterceptor;
import io.twinloop.model.auth.AccessPolicy;
import io.twinloop.model.auth.BearerAuth;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * The gRPC API's authentication, applied to the REST view: each REST call is checked as the gRPC
 * method it stands for (POST /rounds = RunRound, .../approve = ApproveRound, .../reject =
 * RejectRound; GETs are reads), with the token from the {@code Authorization} header. Refusals are
 * the REST view's errors: 401 UNAUTHENTICATED, 403 PERMISSION_DENIED.
 */
public class RestAuthFilter {
    private static final String GW = "twinloop.gateway.v1.GatewayService/";

    @Inject
    AuthInterceptor grpcAuth;

    @ServerRequestFilter
    public Optional<RestResponse<ApiError>> authenticate(ContainerRequestContext request) {
        BearerAuth auth = grpcAuth.auth();
        if (!auth.enabled()) {
            return Optional.empty();
        }
        BearerAuth.Outcome o = auth.check(operation(request.getMethod(), request.getUriInfo().getPath()),
                request.getHeaderString("Authorization"));
        if (o.allowed()) {
            return Optional.empty();
        }
        return Optional.of(ApiErrorMapper.error(o.denial().refusal() == AccessPolicy.Refusal.UNAUTHENTICATED
                ? Status.Code.UNAUTHENTICATED : Status.Code.PERMISSION_DENIED, o.denial().message(), null));
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
