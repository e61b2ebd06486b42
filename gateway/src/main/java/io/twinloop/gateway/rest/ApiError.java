package io.twinloop.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error the REST view returns.
 *
 * @param code    the gRPC status code name the error corresponds to, e.g. {@code NOT_FOUND}
 * @param message what was wrong and what to do; never a stack trace
 * @param reason  the machine-readable reason ({@code google.rpc.ErrorInfo.reason}) when the
 *                gateway gave one, e.g. {@code ROUND_NOT_PENDING}; clients branch on code and reason
 */
@Schema(name = "Error", description = "An error: a gRPC status code name, a message and, when known, a reason.")
public record ApiError(
        @Schema(description = "gRPC status code name", examples = "NOT_FOUND") String code,
        @Schema(description = "what was wrong and what to do") String message,
        @Schema(description = "machine-readable reason (google.rpc.ErrorInfo.reason), when known",
                examples = "ROUND_NOT_PENDING", nullable = true) String reason) {
}
