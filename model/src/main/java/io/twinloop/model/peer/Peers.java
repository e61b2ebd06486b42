package io.twinloop.model.peer;

/**
 * How the services find and name each other, one rule for every caller. Every service reads the same
 * variables: {@code TWINLOOP_<SERVICE>_HOST} and {@code TWINLOOP_<SERVICE>_PORT} (SERVICE is
 * TWIN, FORECAST, PLANNER or GATEWAY): a service listens on its own port and
 * dials each peer at that peer's host and port (each service's {@code application.properties} maps them to its
 * gRPC clients). A failed call names the service and the address that was tried ({@link #unreachable},
 * {@link #unavailable}), so a service wired to the wrong peer says so.
 */
public final class Peers {
    private Peers() {
    }

    /**
     * The service a gRPC method belongs to, as the services name themselves: {@code twin-service} for
     * {@code twinloop.twin.v1.TwinService/GetNetwork}, {@code gateway} for the gateway's API; otherwise the
     * method's service name.
     */
    public static String serviceOf(String fullMethodName) {
        String service = fullMethodName.contains("/") ? fullMethodName.substring(0, fullMethodName.indexOf('/'))
                : fullMethodName;
        String[] parts = service.split("\\.");
        if (parts.length >= 3 && parts[0].equals("twinloop")) {
            return parts[1].equals("gateway") ? "gateway" : parts[1] + "-service";
        }
        return service;
    }

    /** A call that never reached {@code service} at {@code address} (connection refused, no route, TLS failure). */
    public static String unreachable(String service, String address, String detail) {
        return service + " at " + address + " is unreachable: " + detail;
    }

    /** A call that {@code service} at {@code address} answered UNAVAILABLE or did not answer in time. */
    public static String unavailable(String service, String address, String detail) {
        return service + " at " + address + " is unavailable: " + detail;
    }
}
