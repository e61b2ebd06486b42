package io.twinloop.planner.grpc;

import com.google.rpc.ErrorInfo;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no twin listening, Propose answers UNAVAILABLE (retryable) rather than INTERNAL, naming the address it
 * tried. (That the address comes from TWINLOOP_TWIN_HOST/PORT outside tests: cli PeerAddressIT.)
 */
@QuarkusTest
@TestProfile(TwinUnavailableTest.NoTwin.class)
class TwinUnavailableTest {

    /** Points the twin client at a port nothing listens on. */
    public static class NoTwin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.grpc.clients.twin.test-port", "1", "quarkus.grpc.clients.twin.port", "1");
        }
    }

    @GrpcClient("planner")
    Channel channel;

    @Test
    void anUnreachableTwinIsUnavailable() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> PlannerServiceGrpc
                .newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .propose(PlannerGrpcServiceTest.request().build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        ErrorInfo info = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
        assertEquals("TWIN_UNAVAILABLE", info.getReason());
        assertTrue(e.getStatus().getDescription().startsWith("twin-service at 127.0.0.1:1 is unreachable: "),
                e.getStatus().getDescription());
    }
}
