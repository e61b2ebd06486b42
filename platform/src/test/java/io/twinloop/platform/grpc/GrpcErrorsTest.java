package io.twinloop.platform.grpc;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.UnknownElementException;
import io.twinloop.platform.limits.Overload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GrpcErrors}: each kind of failure becomes its code, ErrorInfo reason and BadRequest field. */
class GrpcErrorsTest {
    private final GrpcErrors errors = new GrpcErrors("test-service");

    /** A service exception as the services write them. */
    static final class Refused extends ServiceException {
        private final String field;

        Refused(Status.Code code, String reason, String field, String message) {
            super(code, reason, message);
            this.field = field;
        }

        @Override
        public String badField() {
            return field;
        }
    }

    @Test
    void serviceExceptionsDescribeTheirOwnStatus() {
        StatusRuntimeException s = errors.toStatus(new Refused(Status.Code.INVALID_ARGUMENT, "BAD_LIMIT", "limit",
                "limit must be >= 0"));
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getStatus().getCode());
        assertEquals("limit must be >= 0", s.getStatus().getDescription());
        assertEquals("BAD_LIMIT", errorInfo(s).getReason());
        assertEquals(GrpcErrors.DOMAIN, errorInfo(s).getDomain());
        List<BadRequest.FieldViolation> v = GrpcErrors.fieldViolations(s);
        assertEquals(1, v.size());
        assertEquals("limit", v.get(0).getField());
        assertEquals("limit must be >= 0", v.get(0).getDescription());

        StatusRuntimeException stale = errors.toStatus(new Refused(Status.Code.ABORTED, "STALE_VERSION", "version",
                "network 'n' is at version 3"));
        assertEquals(Status.Code.ABORTED, stale.getStatus().getCode());
        assertEquals("STALE_VERSION", GrpcErrors.reason(stale).orElseThrow());
        assertTrue(GrpcErrors.fieldViolations(stale).isEmpty(), "a field violation only for INVALID_ARGUMENT");
    }

    @Test
    void aBlankMessageBecomesTheReason() {
        StatusRuntimeException s = errors.toStatus(new Refused(Status.Code.NOT_FOUND, "MODEL_NOT_FOUND", null, " "));
        assertEquals("MODEL_NOT_FOUND", s.getStatus().getDescription());
    }

    @Test
    void aRetryHintBecomesRetryInfo() {
        long nanos = TimeUnit.MILLISECONDS.toNanos(1_500);
        class Shed extends RuntimeException implements GrpcError {
            Shed() {
                super("busy");
            }

            @Override
            public Status.Code statusCode() {
                return Status.Code.UNAVAILABLE;
            }

            @Override
            public String errorReason() {
                return Overload.OVERLOADED;
            }

            @Override
            public long retryAfterNanos() {
                return nanos;
            }
        }
        StatusRuntimeException s = errors.toStatus(new Shed());
        assertEquals(Status.Code.UNAVAILABLE, s.getStatus().getCode());
        assertEquals(Overload.OVERLOADED, errorInfo(s).getReason());
        assertEquals(nanos, Overload.retryDelayNanos(s).orElseThrow());
        assertTrue(Overload.isRetryable(s));
        assertNull(detail(errors.toStatus(new Refused(Status.Code.UNAVAILABLE, "X", null, "m")), RetryInfo.class),
                "no RetryInfo without a hint");
    }

    @Test
    void aRelayedStatusIsSentUnchanged() {
        com.google.rpc.Status twin = StatusProto.fromThrowable(GrpcErrors.status(Status.Code.NOT_FOUND,
                "NETWORK_NOT_FOUND", "network 'x' does not exist", null));
        class Relay extends RuntimeException implements GrpcError {
            @Override
            public Status.Code statusCode() {
                return Status.Code.INTERNAL;
            }

            @Override
            public String errorReason() {
                return "TWIN_ERROR";
            }

            @Override
            public com.google.rpc.Status relayedStatus() {
                return twin;
            }
        }
        StatusRuntimeException s = errors.toStatus(new Relay());
        assertEquals(Status.Code.NOT_FOUND, s.getStatus().getCode());
        assertEquals("NETWORK_NOT_FOUND", GrpcErrors.reason(s).orElseThrow());
        assertEquals(twin, StatusProto.fromThrowable(s));
    }

    @Test
    void modelExceptions() {
        StatusRuntimeException unknown = errors.toStatus(new UnknownElementException("link", List.of("L9"), "n"));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("UNKNOWN_LINK", GrpcErrors.reason(unknown).orElseThrow());

        StatusRuntimeException file = errors.toStatus(new ImportException("GML", 12, "unterminated string"));
        assertEquals(Status.Code.INVALID_ARGUMENT, file.getStatus().getCode());
        assertEquals("INVALID_FILE", GrpcErrors.reason(file).orElseThrow());
        assertEquals("GML import failed at line 12: unterminated string", file.getStatus().getDescription());
        assertEquals("content", GrpcErrors.fieldViolations(file).get(0).getField());

        StatusRuntimeException net = errors.toStatus(new InvalidNetworkException("pathPolicies",
                List.of("p1: link L9 unknown", "p2: loops")));
        assertEquals(Status.Code.INVALID_ARGUMENT, net.getStatus().getCode());
        assertEquals("INVALID_NETWORK", GrpcErrors.reason(net).orElseThrow());
        List<BadRequest.FieldViolation> v = GrpcErrors.fieldViolations(net);
        assertEquals(List.of("pathPolicies", "pathPolicies"), v.stream().map(BadRequest.FieldViolation::getField).toList());
        assertEquals(List.of("p1: link L9 unknown", "p2: loops"),
                v.stream().map(BadRequest.FieldViolation::getDescription).toList());

        StatusRuntimeException arg = errors.toStatus(new IllegalArgumentException("scale must be > 0"));
        assertEquals(Status.Code.INVALID_ARGUMENT, arg.getStatus().getCode());
        assertEquals("INVALID_ARGUMENT", GrpcErrors.reason(arg).orElseThrow());
        assertEquals("scale must be > 0", arg.getStatus().getDescription());
        assertTrue(GrpcErrors.fieldViolations(arg).isEmpty());
    }

    @Test
    void aBuiltStatusPassesThrough() {
        StatusRuntimeException built = Status.PERMISSION_DENIED.withDescription("operator role needed")
                .asRuntimeException(new Metadata());
        assertSame(built, errors.toStatus(built));
        StatusRuntimeException checked = errors.toStatus(Status.DEADLINE_EXCEEDED.withDescription("late").asException());
        assertEquals(Status.Code.DEADLINE_EXCEEDED, checked.getStatus().getCode());
        assertEquals("late", checked.getStatus().getDescription());
    }

    @Test
    void anythingElseIsInternalWithAGenericMessage() {
        StatusRuntimeException s = errors.toStatus(new NullPointerException("secret detail"));
        assertEquals(Status.Code.INTERNAL, s.getStatus().getCode());
        assertEquals("internal error in test-service", s.getStatus().getDescription());
        assertEquals("INTERNAL", GrpcErrors.reason(s).orElseThrow());
        assertEquals("internal error in twin-service",
                new GrpcErrors(GrpcExceptionHandling.serviceName("twinloop-twin-service")).toStatus(new IllegalStateException())
                        .getStatus().getDescription());
    }

    static ErrorInfo errorInfo(StatusRuntimeException s) {
        return detail(s, ErrorInfo.class);
    }

    static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException s, Class<T> type) {
        for (com.google.protobuf.Any any : StatusProto.fromThrowable(s).getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }
}
