package io.twinloop.twin.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.UnknownElementException;
import io.twinloop.twin.store.NotFoundException;
import io.twinloop.twin.store.StaleVersionException;
import io.twinloop.twin.store.StoreException;
import io.twinloop.twin.store.StrandedTrafficException;
import org.jboss.logging.Logger;

/**
 * Maps the twin's exceptions to gRPC status codes, each with a {@code google.rpc.Status}
 * carrying one {@code ErrorInfo} (reason, domain {@code twinloop.io}) and, for bad input,
 * a {@code BadRequest} field violation. Unexpected exceptions become INTERNAL with a
 * generic message; their details go to the log only.
 */
public final class GrpcErrors {
    static final String DOMAIN = "twinloop.io";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (t instanceof UnknownElementException e) {
            return build(Code.NOT_FOUND, "UNKNOWN_" + e.kind().toUpperCase(java.util.Locale.ROOT), e.getMessage(), null);
        }
        if (t instanceof ImportException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_FILE", e.getMessage(), "content");
        }
        if (t instanceof InvalidNetworkException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_NETWORK", e.getMessage(), e.field(), e.violations());
        }
        if (t instanceof RequestException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), e.field());
        }
        if (t instanceof io.twinloop.platform.proto.TranslationException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), e.field());
        }
        if (t instanceof NotFoundException e) {
            return build(Code.NOT_FOUND, e.kind().toUpperCase().replace('-', '_') + "_NOT_FOUND",
                    e.getMessage(), null);
        }
        if (t instanceof StrandedTrafficException e) {
            return build(Code.FAILED_PRECONDITION, "TRAFFIC_STRANDED", e.getMessage(), null);
        }
        if (t instanceof StaleVersionException e) {
            return build(Code.ABORTED, "STALE_VERSION", e.getMessage(), null);
        }
        if (t instanceof StoreException e) {
            LOG.error("store failure", e);
            return build(Code.UNAVAILABLE, "STORE_UNAVAILABLE",
                    "the twin's database is not available; retry later", null);
        }
        if (t instanceof IllegalArgumentException e) {
            return build(Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", e.getMessage(), null);
        }
        LOG.error("internal error", t);
        return build(Code.INTERNAL, "INTERNAL", "internal error in twin-service", null);
    }

    private static StatusRuntimeException build(Code code, String reason, String message, String field) {
        return build(code, reason, message, field, java.util.List.of());
    }

    /** With {@code violations}, the BadRequest lists each one as its own field violation. */
    private static StatusRuntimeException build(Code code, String reason, String message, String field,
                                                java.util.List<String> violations) {
        String msg = message == null || message.isBlank() ? reason : message;
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(msg)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
        if (field != null && code == Code.INVALID_ARGUMENT) {
            BadRequest.Builder bad = BadRequest.newBuilder();
            if (violations.isEmpty()) {
                bad.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(msg));
            }
            for (String v : violations) {
                bad.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(v));
            }
            status.addDetails(Any.pack(bad.build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
