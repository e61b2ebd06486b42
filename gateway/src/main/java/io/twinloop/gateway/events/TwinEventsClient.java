package io.twinloop.gateway.events;

import io.quarkus.grpc.GrpcClient;
import io.twinloop.proto.twin.v1.MutinyTwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The twin's streaming client for {@link EventWatcher}. A bean of its own so that the client (and
 * its channel) is created on first use, not while the gateway is still starting.
 */
@ApplicationScoped
public class TwinEventsClient {
    @GrpcClient("twin")
    MutinyTwinServiceGrpc.MutinyTwinServiceStub twin;

    /** The stub. */
    public MutinyTwinServiceGrpc.MutinyTwinServiceStub stub() {
        return twin;
    }
}
