package io.twinloop.cli.command;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliRun;
import io.twinloop.model.NetworkName;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ListModelsResponse;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.gateway.v1.DeleteNetworkRequest;
import io.twinloop.proto.gateway.v1.DeleteNetworkResponse;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code delete NET --yes} and the name checks of {@code delete} and {@code import}, against a
 * scripted twin, forecaster and gateway on one local port: what is sent, what is printed, exit codes.
 */
class DeleteCommandTest {
    static final List<String> DELETES = new CopyOnWriteArrayList<>();
    static final List<ImportTopologyRequest> IMPORTS = new CopyOnWriteArrayList<>();
    static Server server;
    static String address;

    @BeforeAll
    static void start() throws Exception {
        server = NettyServerBuilder.forPort(0).addService(new TwinServiceGrpc.TwinServiceImplBase() {
            @Override
            public void getNetwork(GetNetworkRequest req, StreamObserver<GetNetworkResponse> out) {
                if (!req.getNetwork().equals("metro")) {
                    out.onError(io.grpc.Status.NOT_FOUND.withDescription("network '" + req.getNetwork() + "' does not exist")
                            .asRuntimeException());
                    return;
                }
                out.onNext(GetNetworkResponse.newBuilder().setNetwork("metro").setVersion(3).setTrafficSamples(2016).build());
                out.onCompleted();
            }

            @Override
            public void importTopology(ImportTopologyRequest req, StreamObserver<ImportTopologyResponse> out) {
                IMPORTS.add(req);
                out.onNext(ImportTopologyResponse.newBuilder().setNetwork(req.getNetwork()).setVersion(2)
                        .setDroppedOdPairs(req.getReplace() ? 5 : 0).build());
                out.onCompleted();
            }
        }).addService(new ForecastServiceGrpc.ForecastServiceImplBase() {
            @Override
            public void listModels(ListModelsRequest req, StreamObserver<ListModelsResponse> out) {
                out.onNext(ListModelsResponse.newBuilder().addModels(ModelInfo.newBuilder().setName("metro").setVersion(2))
                        .addModels(ModelInfo.newBuilder().setName("metro").setVersion(1)).build());
                out.onCompleted();
            }
        }).addService(new GatewayServiceGrpc.GatewayServiceImplBase() {
            @Override
            public void deleteNetwork(DeleteNetworkRequest req, StreamObserver<DeleteNetworkResponse> out) {
                DELETES.add(req.getNetwork());
                out.onNext(DeleteNetworkResponse.newBuilder().setNetwork(req.getNetwork()).setVersionsDeleted(3)
                        .setTrafficSamplesDeleted(2016).addModelsDeleted("metro").setModelVersionsDeleted(2)
                        .setRoundsKept(4).build());
                out.onCompleted();
            }
        }).build().start();
        address = "127.0.0.1:" + server.getPort();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    /** Runs the CLI against the scripted services; returns exit code, stdout and stderr. */
    private static String[] run(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[]{"--twin", address, "--forecast", address, "--gateway", address}, 0, all, args.length, 6);
        CliRun r = CliRun.of(all);
        return new String[]{Integer.toString(r.exit()), r.out(), r.err()};
    }

    @Test
    void withoutYesNothingIsDeletedAndTheCommandSaysWhatWouldBe() {
        String[] r = run("delete", "metro");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("not deleting network 'metro' without --yes"), r[2]);
        assertTrue(r[2].contains("twin: 3 versions, 2016 traffic samples"), r[2]);
        assertTrue(r[2].contains("forecaster: 2 model versions [metro]"), r[2]);
        assertTrue(r[2].contains("twinloop delete metro --yes"), r[2]);
        assertEquals(List.of(), DELETES, "nothing was deleted");

        String[] unknown = run("delete", "nope");
        assertEquals("4", unknown[0], "NOT_FOUND: " + unknown[2]);
        assertEquals(List.of(), DELETES);
    }

    @Test
    void withYesTheGatewayDeletesAndTheCommandSaysWhat() {
        String[] r = run("delete", "metro", "--yes");
        assertEquals("0", r[0], r[2]);
        assertEquals(List.of("metro"), DELETES);
        assertTrue(r[1].startsWith("deleted network 'metro': 3 versions, 2016 traffic samples"), r[1]);
        assertTrue(r[1].contains("4 recorded rounds kept"), r[1]);
        DELETES.clear();
    }

    @Test
    void namesOutsideTheRuleAreRefusedBeforeAnyCall() throws Exception {
        String[] d = run("delete", "a/b", "--yes");
        assertEquals("3", d[0]);
        assertTrue(d[2].contains(NetworkName.problem("a/b")), d[2]);
        Path file = Files.createTempFile("topo", ".json");
        String[] i = run("import", "..", file.toString());
        assertEquals("3", i[0]);
        assertTrue(i[2].contains(NetworkName.problem("..")), i[2]);
        assertEquals(List.of(), DELETES);
        assertEquals(List.of(), IMPORTS);

        String[] replaced = run("import", "metro", file.toString(), "--replace");
        assertEquals("0", replaced[0], replaced[2]);
        assertTrue(IMPORTS.get(0).getReplace());
        assertTrue(replaced[1].contains("dropped the stored traffic of 5 OD pairs"), replaced[1]);
        IMPORTS.clear();
    }
}
