package io.twinloop.platform.auth;

/**
 * Who may scrape a service's Prometheus metrics ({@code /q/metrics}), one decision for the four services.
 * With {@code twinloop.auth.open-metrics} true (the default) anyone may, so that a scraper needs no token;
 * set to false, the metrics are a read like any other: a token with any role, or none when reads are open
 * ({@code twinloop.auth.open-reads}). When authentication is off, they are open as everything else is.
 */
public final class MetricsAccess {
    /** The path the metrics are served at. */
    public static final String PATH = "/q/metrics";
    /** The operation the check is made (and a refusal named) as. */
    public static final String OPERATION = "GET " + PATH;

    private MetricsAccess() {
    }

    /** Whether a request for {@code path} is one for the metrics. */
    public static boolean covers(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    /**
     * Decides a request for the metrics.
     *
     * @param auth          the service's authentication (from its gRPC interceptor)
     * @param openMetrics   {@code twinloop.auth.open-metrics}
     * @param authorization the request's {@code Authorization} header, or null
     */
    public static BearerAuth.Outcome check(BearerAuth auth, boolean openMetrics, String authorization) {
        return openMetrics ? new BearerAuth.Outcome(null, null) : auth.check(OPERATION, authorization);
    }
}
