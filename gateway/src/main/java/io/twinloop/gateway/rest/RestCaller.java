package io.twinloop.gateway.rest;

import io.twinloop.platform.auth.Principal;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current REST request, as {@link RestAuthFilter} authenticated it, so that
 * {@link GatewayApi} hands the gRPC service the same principal a gRPC call would carry (and the
 * service records the token's owner, not a name in the body).
 */
@RequestScoped
public class RestCaller {
    private Principal principal;

    /** The token's owner; null when authentication is off or the read was anonymous. */
    public Principal principal() {
        return principal;
    }

    void set(Principal principal) {
        this.principal = principal;
    }
}
