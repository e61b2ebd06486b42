package io.twinloop.platform.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.UnknownElementException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one mapping of failures to gRPC statuses for all four services. Every status carries a
 * {@code google.rpc.Status} with one {@code ErrorInfo} (reason, domain {@value #DOMAIN}), for bad input a
 * {@code BadRequest} field violation, and for load refusals a {@code RetryInfo}:
 * <ul>
 *   <li>a status already built ({@link StatusRuntimeException}, {@link StatusException}) is sent as is;</li>
 *   <li>a {@link GrpcError} (the services' own exceptions) as it describes itself;</li>
 *   <li>the model's {@link UnknownElementException} NOT_FOUND {@code UNKNOWN_<KIND>}, {@link ImportException}
 *       INVALID_ARGUMENT {@code INVALID_FILE} on field {@code content}, {@link InvalidNetworkException}
 *       INVALID_ARGUMENT {@code INVALID_NETWORK} with one field violation per violation, any other
 *       {@link IllegalArgumentException} INVALID_ARGUMENT {@code INVALID_ARGUMENT};</li>
 *   <li>anything else INTERNAL with a generic message naming the service; the details go to the log only.</li>
 * </ul>
 */
public final class GrpcErrors {
    /** The ErrorInfo domain of every status the services send. */
    public static final String DOMAIN = "twinloop.io";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private final String service;

    /** @param service the service's name, for the message of unexpected failures ("twin-service") */
    public GrpcErrors(String service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The service named in INTERNAL messages. */
    public String service() {
        return service;
    }

    /** The status to send for {@code t}. */
    public StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (t instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        if (t instanceof GrpcError e) {
            if (e.relayedStatus() != null) {
                return StatusProto.toStatusRuntimeException(e.relayedStatus());
            }
            if (e.logAsError()) {
                LOG.errorf(t, "%s failed: %s", service, t.getMessage());
            }
            return status(e.statusCode(), e.errorReason(), e.statusMessage(), e.badField(), e.fieldViolations(),
                    e.retryAfterNanos());
        }
        if (t instanceof UnknownElementException e) {
            return status(Status.Code.NOT_FOUND, "UNKNOWN_" + e.kind().toUpperCase(Locale.ROOT), e.getMessage(), null);
        }
        if (t instanceof ImportException e) {
            return status(Status.Code.INVALID_ARGUMENT, "INVALID_FILE", e.getMessage(), "content");
        }
        if (t instanceof InvalidNetworkException e) {
            return status(Status.Code.INVALID_ARGUMENT, "INVALID_NETWORK", e.getMessage(), e.field(), e.violations(), 0);
        }
        if (t instanceof IllegalArgumentException e) {
            return status(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), null);
        }
        LOG.errorf(t, "internal error in %s", service);
        return internal();
    }

    /** The INTERNAL status of an unexpected failure: a generic message naming the service. */
    public StatusRuntimeException internal() {
        return status(Status.Code.INTERNAL, "INTERNAL", "internal error in " + service, null);
    }

    /** A status with one ErrorInfo and, for INVALID_ARGUMENT with a field, a BadRequest field violation. */
    public static StatusRuntimeException status(Status.Code code, String reason, String message, String field) {
        return status(code, reason, message, field, List.of(), 0);
    }

    /**
     * A status with one ErrorInfo ({@code reason}; a blank message becomes the reason); for INVALID_ARGUMENT
     * with a field, a BadRequest listing each of {@code violations} (or the message, when there are none) on
     * that field; with {@code retryAfterNanos > 0}, a RetryInfo.
     */
    public static StatusRuntimeException status(Status.Code code, String reason, String message, String field,
                                                List<String> violations, long retryAfterNanos) {
        String msg = message == null || message.isBlank() ? reason : message;
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(msg)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
        if (code == Status.Code.INVALID_ARGUMENT && field != null && (!field.isEmpty() || !violations.isEmpty())) {
            BadRequest.Builder bad = BadRequest.newBuilder();
            if (violations.isEmpty()) {
                bad.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(msg));
            }
            for (String v : violations) {
                bad.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(v));
            }
            status.addDetails(Any.pack(bad.build()));
        }
        if (retryAfterNanos > 0) {
            status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
                    .setSeconds(retryAfterNanos / 1_000_000_000L).setNanos((int) (retryAfterNanos % 1_000_000_000L)))
                    .build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    /** The ErrorInfo reason of a failed call's status, when it carries one. */
    public static Optional<String> reason(Throwable t) {
        return detail(t, ErrorInfo.class).map(ErrorInfo::getReason);
    }

    /** The BadRequest field violations of a failed call's status (empty when it carries none). */
    public static List<BadRequest.FieldViolation> fieldViolations(Throwable t) {
        return detail(t, BadRequest.class).map(BadRequest::getFieldViolationsList).orElse(List.of());
    }

    private static <T extends com.google.protobuf.Message> Optional<T> detail(Throwable t, Class<T> type) {
        com.google.rpc.Status s = StatusProto.fromThrowable(t);
        if (s == null) {
            return Optional.empty();
        }
        for (Any any : s.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return Optional.of(any.unpack(type));
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The trailers of {@code e}, never null. */
    static Metadata trailers(StatusRuntimeException e) {
        return e.getTrailers() == null ? new Metadata() : e.getTrailers();
    }
}
