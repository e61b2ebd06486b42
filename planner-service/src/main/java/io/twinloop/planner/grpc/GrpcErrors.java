package io.twinloop.planner.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.planner.client.TwinCallException;
import org.jboss.logging.Logger;

/**
 * Maps the planner's exceptions to gRPC status codes, each with a {@code google.rpc.Status}
 * carrying one {@code ErrorInfo} (reason, domain {@code twinloop.io}) and, for bad input, a
 * {@code BadRequest} field violation. Statuses relayed from the twin (NOT_FOUND,
 * INVALID_ARGUMENT) pass through unchanged. Unexpected exceptions become INTERNAL with a generic
 * message; their details go to the log only.
 */
public final class GrpcErrors {
    static final String DOMAIN = "twinloop.io";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** The status to send for {@code t}. */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (t instanceof RequestException e) {
            return build(Code.INVALID_ARGUMENT, e.reason(), e.getMessage(), e.field());
        }
        if (t instanceof io.twinloop.platform.proto.TranslationException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), e.field());
        }
        if (t instanceof TwinCallException e) {
            if (e.passThrough()) {
                return e.twinStatus() != null
                        ? StatusProto.toStatusRuntimeException(e.twinStatus())
                        : build(Code.forNumber(e.twinCode().value()), e.twinCode().name(), e.getMessage(), null);
            }
            if (e.retryable()) {
                return build(Code.UNAVAILABLE, "TWIN_UNAVAILABLE", e.getMessage(), null);
            }
            LOG.errorf("twin-service call failed: %s", e.getMessage());
            return build(Code.INTERNAL, "TWIN_ERROR", e.getMessage(), null);
        }
        if (t instanceof io.twinloop.planner.te.InfeasiblePlanException e) {
            return build(Code.FAILED_PRECONDITION, e.reason(), e.getMessage(), null);
        }
        if (t instanceof InvalidNetworkException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_NETWORK", e.getMessage(), e.field());
        }
        LOG.error("internal error", t);
        return build(Code.INTERNAL, "INTERNAL", "internal error in planner-service", null);
    }

    /** A status with one {@code ErrorInfo} and, for INVALID_ARGUMENT with a field, a {@code BadRequest}. */
    static StatusRuntimeException build(Code code, String reason, String message, String field) {
        String msg = message == null || message.isBlank() ? reason : message;
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(msg)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
        if (field != null && !field.isEmpty() && code == Code.INVALID_ARGUMENT) {
            status.addDetails(Any.pack(BadRequest.newBuilder()
                    .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(field).setDescription(msg))
                    .build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
