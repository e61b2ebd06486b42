package io.twinloop.forecast.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.twinloop.forecast.baseline.NoTrafficHistoryException;
import io.twinloop.forecast.baseline.UnknownModelException;
import io.twinloop.forecast.client.TwinCallException;
import io.twinloop.forecast.client.TwinUnavailableException;
import org.jboss.logging.Logger;

/**
 * Maps the forecast-service's exceptions to gRPC status codes, each with a
 * {@code google.rpc.Status} carrying one {@code ErrorInfo} (reason, domain {@code twinloop.io})
 * and, for bad input, a {@code BadRequest} field violation. A status already built (e.g. the
 * twin's NOT_FOUND, passed through) is returned as is. Unexpected exceptions become INTERNAL with
 * a generic message; their details go to the log only.
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
            return build(Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), e.field());
        }
        if (t instanceof io.twinloop.platform.proto.TranslationException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), e.field());
        }
        if (t instanceof NoTrafficHistoryException e) {
            return build(Code.FAILED_PRECONDITION, "NO_TRAFFIC_HISTORY", e.getMessage(), null);
        }
        if (t instanceof TrainingException e) {
            return build(Code.FAILED_PRECONDITION, "CANNOT_TRAIN", e.getMessage(), null);
        }
        if (t instanceof UnknownModelException e) {
            return build(Code.NOT_FOUND, "MODEL_NOT_FOUND", e.getMessage(), null);
        }
        if (t instanceof TwinUnavailableException e) {
            LOG.warnf("twin-service call failed: %s", e.getMessage());
            return build(Code.UNAVAILABLE, "TWIN_UNAVAILABLE", e.getMessage(), null);
        }
        if (t instanceof TwinCallException e) {
            LOG.error("twin-service call failed", e);
            return build(Code.INTERNAL, "TWIN_ERROR", e.getMessage(), null);
        }
        LOG.error("internal error", t);
        return build(Code.INTERNAL, "INTERNAL", "internal error in forecast-service", null);
    }

    private static StatusRuntimeException build(Code code, String reason, String message, String field) {
        String msg = message == null || message.isBlank() ? reason : message;
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(msg)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
        if (field != null && code == Code.INVALID_ARGUMENT) {
            status.addDetails(Any.pack(BadRequest.newBuilder()
                    .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(field).setDescription(msg))
                    .build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
