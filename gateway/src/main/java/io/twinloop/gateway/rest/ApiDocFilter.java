package io.twinloop.gateway.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.Map;

/**
 * What every operation of the REST view shares, added to the OpenAPI document in one place
 * rather than on each method: the server, the bearer-token scheme (required unless the gateway
 * runs without a tokens file, or reads are open), and the refusals any call can get before it
 * reaches its resource: 401 (with {@code WWW-Authenticate}), 403, 429 (with {@code Retry-After}),
 * and for calls with a body 413. All carry the {@link ApiError} body.
 */
public class ApiDocFilter implements OASFilter {
    /** Name of the security scheme in {@code components.securitySchemes}. */
    static final String BEARER = "bearerAuth";
    private static final String ERROR_REF = "#/components/schemas/Error";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        // relative: the gateway that serves this document, whatever its host, port and scheme
        api.addServer(OASFactory.createServer().url("/").description("the gateway that serves this document "
                + "(./twinloop up: http://localhost:9090; QUARKUS_HTTP_PORT; https with TWINLOOP_TLS_DIR)"));
        if (api.getComponents() == null) {
            api.components(OASFactory.createComponents());
        }
        api.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").description("A token from the gateway's tokens file (TWINLOOP_AUTH_TOKENS_FILE): "
                        + "`Authorization: Bearer TOKEN`. Reads need any role (or none with TWINLOOP_AUTH_OPEN_READS=true), "
                        + "running rounds the operator role, approving and rejecting the approver role. Without a "
                        + "tokens file authentication is off and no token is needed."));
        api.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER));
        if (api.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                boolean hasBody = op.getKey() == PathItem.HttpMethod.POST || op.getKey() == PathItem.HttpMethod.PUT;
                addRefusals(op.getValue(), hasBody);
            }
        }
    }

    private static void addRefusals(Operation op, boolean hasBody) {
        if (op.getResponses() == null) {
            op.responses(OASFactory.createAPIResponses());
        }
        put(op, "401", error("no token, or a token the gateway does not know (UNAUTHENTICATED)")
                .addHeader("WWW-Authenticate", header("`Bearer realm=\"twinloop\"`, with `error=\"invalid_token\"` "
                        + "when a token was sent")));
        put(op, "403", error("the token lacks the role this call needs (PERMISSION_DENIED)"));
        put(op, "429", error("the client is over its rate limit (RESOURCE_EXHAUSTED, reason RATE_LIMITED)")
                .addHeader("Retry-After", header("seconds to wait before trying again")));
        if (hasBody) {
            put(op, "413", error("the body is larger than the gateway accepts (RESOURCE_EXHAUSTED, reason "
                    + "BODY_TOO_LARGE; quarkus.http.limits.max-body-size)"));
        }
    }

    private static void put(Operation op, String code, APIResponse response) {
        if (op.getResponses().getAPIResponse(code) == null) {
            op.getResponses().addAPIResponse(code, response);
        }
    }

    private static APIResponse error(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ERROR_REF))));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema()
                .addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING));
    }
}
