package io.twinloop.platform.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Registers {@link GrpcErrors} once for every gRPC service of the application: Quarkus wraps each call's
 * listener in the handler this provider creates (inside the worker-thread hop of {@code @Blocking} methods),
 * so an exception a service method throws (a unary or server-streaming method, or a client-streaming
 * request observer's {@code onNext}) is sent as the status {@link GrpcErrors#toStatus} gives it. Errors a
 * streaming method reports later through {@code onError} go through the same mapping when the method passes
 * {@link #errors()}{@code .toStatus(t)}. The service's name (for INTERNAL messages) is the application name
 * without its {@code twinloop-} prefix ("twinloop-twin-service" is "twin-service").
 */
@Singleton
public class GrpcExceptionHandling implements ExceptionHandlerProvider {
    private static final Logger LOG = Logger.getLogger(GrpcExceptionHandling.class);

    private final GrpcErrors errors;

    public GrpcExceptionHandling(@ConfigProperty(name = "quarkus.application.name", defaultValue = "twinloop")
                                 String applicationName) {
        this.errors = new GrpcErrors(serviceName(applicationName));
    }

    /** "twinloop-twin-service" is "twin-service". */
    static String serviceName(String applicationName) {
        return applicationName.startsWith("twinloop-") ? applicationName.substring("twinloop-".length()) : applicationName;
    }

    /** The mapping, for streaming methods that report an error through {@code onError}. */
    @Produces
    @Singleton
    public GrpcErrors errors() {
        return errors;
    }

    @Override
    public <Q, R> ExceptionHandler<Q, R> createHandler(ServerCall.Listener<Q> listener, ServerCall<Q, R> call,
                                                       Metadata metadata) {
        return handler(errors, listener, call, metadata);
    }

    /** The handler that closes {@code call} with the status of an exception the listener throws. */
    public static <Q, R> ExceptionHandler<Q, R> handler(GrpcErrors errors, ServerCall.Listener<Q> listener,
                                                        ServerCall<Q, R> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable t, ServerCall<Q, R> serverCall, Metadata headers) {
                StatusRuntimeException s = errors.toStatus(t);
                try {
                    serverCall.close(s.getStatus(), GrpcErrors.trailers(s));
                } catch (IllegalStateException closed) {
                    // the method had already ended the call (then failed): the caller has its answer
                    LOG.debugf("%s after the call was closed: %s", s.getStatus().getCode(), s.getStatus().getDescription());
                }
            }
        };
    }

    /** Mutiny-style services: the status an error becomes. */
    @Override
    public Throwable transform(Throwable t) {
        return errors.toStatus(t);
    }
}
