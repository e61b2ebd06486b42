package io.twinloop.gateway.auth;

import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.platform.auth.AuthConfig;
import io.twinloop.platform.auth.ServiceTokenClientInterceptor;
import jakarta.inject.Singleton;

/**
 * Sends this service's own bearer token ({@code twinloop.auth.token}, env {@code TWINLOOP_AUTH_TOKEN})
 * on its calls to the other services, when one is configured; not on calls to its own API.
 */
@Singleton
@GlobalInterceptor
public class ServiceTokenInterceptor extends ServiceTokenClientInterceptor {
    public ServiceTokenInterceptor(AuthConfig config) {
        super(config.token(), "twinloop.gateway.v1.");
    }
}
