package io.twinloop.gateway.rest;

import io.grpc.Status;

/** A request the REST layer itself refuses (bad query parameter, malformed body), with its gRPC code. */
public class ApiException extends RuntimeException {
    private final Status.Code code;

    public ApiException(Status.Code code, String message) {
        super(message);
        this.code = code;
    }

    public static ApiException invalid(String message) {
        return new ApiException(Status.Code.INVALID_ARGUMENT, message);
    }

    public Status.Code code() {
        return code;
    }
}
