package io.twinloop.platform.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import java.util.Optional;

/**
 * Sends a service's own bearer token on its calls to the other services, when one is configured,
 * except on the methods whose full name starts with {@code ownApiPrefix} (a service's own API,
 * e.g. the gateway's test clients calling it, is for its clients to authenticate to).
 */
public class ServiceTokenClientInterceptor implements ClientInterceptor {
    private final String header;
    private final String ownApiPrefix;

    protected ServiceTokenClientInterceptor(Optional<String> token, String ownApiPrefix) {
        this.header = token.filter(t -> !t.isBlank()).map(t -> "Bearer " + t.trim()).orElse(null);
        this.ownApiPrefix = ownApiPrefix;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (header == null || (ownApiPrefix != null && method.getFullMethodName().startsWith(ownApiPrefix))) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(BearerAuthInterceptor.AUTHORIZATION, header);
                super.start(listener, headers);
            }
        };
    }
}
