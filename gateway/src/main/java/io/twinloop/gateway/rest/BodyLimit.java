package io.twinloop.gateway.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The HTTP body limit's refusal as the REST view's other errors: 413 with the JSON error body.
 * Quarkus refuses a declared {@code Content-Length} over {@code quarkus.http.limits.max-body-size}
 * before any resource runs, with an empty body; this route runs just before that check and answers
 * the same request itself, naming the size and the limit (a chunked body over the limit is refused
 * while it is read, through {@link ApiErrorMapper#web}). The connection is closed, as Quarkus does,
 * so the unread body is not parsed as a next request.
 */
@ApplicationScoped
public class BodyLimit {
    /** ErrorInfo-style reason of the refusal. */
    static final String REASON = "BODY_TOO_LARGE";
    /** Quarkus' own check has order -2. */
    private static final int ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        maxBodySize.ifPresent(limit -> router.route().order(ORDER).handler(rc -> check(rc, limit.asLongValue())));
    }

    private static void check(RoutingContext rc, long limit) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1; // left to the HTTP server, which refuses a malformed length
        }
        if (declared <= limit) {
            rc.next();
            return;
        }
        String body = new JsonObject().put("code", "RESOURCE_EXHAUSTED").put("message", tooLarge(declared, limit))
                .put("reason", REASON).encode();
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> rc.request().connection().close())
                .end(body);
    }

    /** The message of a body over the limit; {@code declared} < 0 when its size is not known in advance. */
    static String tooLarge(long declared, long limit) {
        return "request body too large: " + (declared < 0 ? "more than " + limit : declared + " bytes; the limit is " + limit)
                + " bytes (quarkus.http.limits.max-body-size)";
    }
}
