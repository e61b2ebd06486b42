package io.twinloop.platform.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.twinloop.platform.auth.AccessPolicy;
import io.twinloop.platform.auth.AuthConfig;
import io.twinloop.platform.auth.BearerAuth;
import io.twinloop.platform.auth.BearerAuthInterceptor;
import io.twinloop.platform.auth.MetricsAccess;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * The HTTP side of {@link MetricsAccess}, registered once here for all four services (each has this jar): with
 * {@code twinloop.auth.open-metrics=false} (env {@code TWINLOOP_AUTH_OPEN_METRICS}), {@code /q/metrics} needs a
 * bearer token as the service's gRPC reads do, checked against the service's own tokens and policy (its
 * {@link BearerAuthInterceptor}). A refusal is 401 with {@code WWW-Authenticate: Bearer} (no or an invalid
 * token) or 403, with the reason as plain text. Nothing else is filtered.
 */
@Singleton
public class MetricsAccessFilter {

    void register(@Observes Filters filters, Instance<BearerAuthInterceptor> grpcAuth,
                  AuthConfig config) {
        if (config.openMetrics() || !grpcAuth.isResolvable() || !grpcAuth.get().auth().enabled()) {
            return;
        }
        BearerAuth auth = grpcAuth.get().auth();
        filters.register(rc -> {
            if (!MetricsAccess.covers(rc.normalizedPath())) {
                rc.next();
                return;
            }
            BearerAuth.Outcome o = MetricsAccess.check(auth, false, rc.request().getHeader("Authorization"));
            if (o.allowed()) {
                rc.next();
                return;
            }
            boolean unauthenticated = o.denial().refusal() == AccessPolicy.Refusal.UNAUTHENTICATED;
            if (unauthenticated) {
                rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"twinloop\"");
            }
            rc.response().setStatusCode(unauthenticated ? 401 : 403)
                    .putHeader("Content-Type", "text/plain; charset=utf-8").end(o.denial().message() + "\n");
        }, 100);
    }
}
