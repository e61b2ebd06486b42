package io.twinloop.planner.grpc;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner with bearer tokens required, as the twin and the gateway: every RPC is a read (any role), none
 * without a token; and it reads the twin (here the in-process fake, protected by the same tokens) with the
 * services' own token.
 */
@QuarkusTest
@TestProfile(AuthPlannerTest.WithTokens.class)
class AuthPlannerTest {
    static final String VIEWER = "viewer-token-0123456789";
    static final String SERVICE = "service-token-0123456789";

    /** A tokens file with a viewer and the services' token, which this service presents. */
    public static final class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path f = Files.createTempFile("twinloop-tokens", ".txt");
                f.toFile().deleteOnExit();
                Files.write(f, List.of(VIEWER + " viewer vera", SERVICE + " operator services"));
                return Map.of("twinloop.auth.tokens-file", f.toString(), "twinloop.auth.token", SERVICE);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @GrpcClient("planner")
    Channel channel;

    private PlannerServiceGrpc.PlannerServiceBlockingStub planner() {
        return PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void proposeWithoutATokenIsUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> planner().propose(PlannerGrpcServiceTest.request().build()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("PlannerService/Propose"), e.getStatus().getDescription());
    }

    @Test
    void aViewerProposesOnTheTwinReadWithTheServicesToken() {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + VIEWER);
        ProposeResponse r = planner().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h))
                .propose(PlannerGrpcServiceTest.request().build());
        Candidate noOp = r.getCandidates(r.getCandidatesCount() - 1);
        assertEquals("no-op", noOp.getId());
        assertEquals(PlannerGrpcServiceTest.routedMlu(noOp, PlannerGrpcServiceTest.hotTraffic()),
                noOp.getKpis().getMaxLinkUtilization(), 1e-9, "the topology came from the (protected) twin");
    }
}
