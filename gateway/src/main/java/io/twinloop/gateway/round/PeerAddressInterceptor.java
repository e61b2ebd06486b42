package io.twinloop.gateway.round;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.model.peer.Peers;
import io.twinloop.platform.grpc.PeerCallException;
import jakarta.inject.Singleton;

/**
 * Names the address that was tried when a call to another service never reached it: an UNAVAILABLE that
 * the peer did not send itself (no {@code google.rpc.Status} details, which every twinloop service attaches)
 * becomes "twin-service at HOST:PORT is unreachable: ..." ({@link Peers#unreachable}), so rounds, REST
 * errors and event watching say which address ({@code TWINLOOP_<SERVICE>_HOST}/{@code _PORT}) is wrong.
 * The peer's own refusals (load shedding with a retry hint) pass unchanged. Not on calls to the gateway's own API.
 * The text and the test for "never reached" are {@link PeerCallException}'s, as in the other services.
 */
@Singleton
@GlobalInterceptor
public class PeerAddressInterceptor implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (method.getFullMethodName().startsWith("twinloop.gateway.")) {
            return call;
        }
        String service = Peers.serviceOf(method.getFullMethodName());
        String address = next.authority();
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        boolean neverReached = status.getCode() == Status.Code.UNAVAILABLE
                                && !PeerCallException.sentByPeer(trailers);
                        super.onClose(neverReached ? Status.UNAVAILABLE.withCause(status.getCause()).withDescription(
                                PeerCallException.unreachable(service, address, status)) : status, trailers);
                    }
                }, headers);
            }
        };
    }
}
