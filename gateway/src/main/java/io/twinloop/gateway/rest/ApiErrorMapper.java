package io.twinloop.gateway.rest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.runtime.configuration.MemorySize;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.platform.grpc.GrpcErrors;
import io.twinloop.platform.limits.Overload;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Optional;

/**
 * The REST view's one error mapping: every failure becomes an {@link ApiError} with the HTTP
 * status that corresponds to its gRPC status, the one {@link GrpcErrors} gives it as the gRPC API does
 * (INVALID_ARGUMENT 400, NOT_FOUND 404,
 * FAILED_PRECONDITION/ABORTED/ALREADY_EXISTS 409, RESOURCE_EXHAUSTED 429, UNAVAILABLE 503,
 * DEADLINE_EXCEEDED 504, anything else 500 with a generic message).
 */
public class ApiErrorMapper {
    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    GrpcErrors errors;

    /** Errors of the gateway's gRPC service (called in-process) and of the twin. */
    @ServerExceptionMapper
    public RestResponse<ApiError> grpc(StatusRuntimeException e) {
        return fromStatus(e);
    }

    /** The REST error of a gRPC status; a RetryInfo detail (load refusals) becomes a {@code Retry-After} header. */
    public static RestResponse<ApiError> fromStatus(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String message = e.getStatus().getDescription();
        String reason = GrpcErrors.reason(e).orElse(null);
        if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN || message == null || message.isBlank()) {
            if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
                LOG.warnf("internal error behind a REST call: %s", e.getStatus());
                message = "internal error in gateway";
            } else {
                message = code.name();
            }
        }
        RestResponse<ApiError> r = error(code, message, reason);
        return Overload.retryDelayNanos(e).map(n -> withRetryAfter(r, n)).orElse(r);
    }

    /** A round that failed: its gRPC status (with RetryInfo for load refusals), as REST. */
    @ServerExceptionMapper
    public RestResponse<ApiError> round(RoundFailedException e) {
        return fromStatus(errors.toStatus(e));
    }

    private static RestResponse<ApiError> withRetryAfter(RestResponse<ApiError> r, long nanos) {
        return RestResponse.ResponseBuilder.fromResponse(r)
                .header("Retry-After", Long.toString(Overload.retryAfterSeconds(nanos))).build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e) {
        return error(e.code(), e.getMessage(), null);
    }

    /** What the REST framework itself refuses: unknown method, media type, body too large. */
    @ServerExceptionMapper
    public RestResponse<ApiError> web(WebApplicationException e) {
        int http = e.getResponse().getStatus();
        Status.Code code = switch (http) {
            case 404 -> Status.Code.NOT_FOUND;
            case 405, 501 -> Status.Code.UNIMPLEMENTED;
            case 413 -> Status.Code.RESOURCE_EXHAUSTED;
            case 503 -> Status.Code.UNAVAILABLE;
            default -> http < 500 ? Status.Code.INVALID_ARGUMENT : Status.Code.INTERNAL;
        };
        String message = code == Status.Code.INTERNAL ? "internal error in gateway"
                : http == 413 ? BodyLimit.tooLarge(-1, maxBodySize.map(MemorySize::asLongValue).orElse(-1L))
                : e.getMessage();
        return RestResponse.ResponseBuilder.<ApiError>create(http)
                .entity(new ApiError(code.name(), message, http == 413 ? BodyLimit.REASON : null))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Anything else: the gRPC API's mapping (bad input is INVALID_ARGUMENT, a bug INTERNAL with a generic message). */
    @ServerExceptionMapper
    public RestResponse<ApiError> bug(Throwable e) {
        return fromStatus(errors.toStatus(e));
    }

    static RestResponse<ApiError> error(Status.Code code, String message, String reason) {
        return RestResponse.ResponseBuilder.<ApiError>create(httpStatus(code)).entity(new ApiError(code.name(), message, reason))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The HTTP status of a gRPC code, as the REST view documents it. */
    static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            default -> 500;
        };
    }
}
