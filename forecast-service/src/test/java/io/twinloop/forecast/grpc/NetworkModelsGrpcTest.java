package io.twinloop.forecast.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.NetworkName;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsRequest;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsResponse;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.TrainOptions;
import io.twinloop.proto.forecast.v1.TrainRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network-name rule and the deletion of a network's models, through the forecaster's gRPC API. */
@QuarkusTest
class NetworkModelsGrpcTest {
    @GrpcClient("forecast")
    ForecastServiceGrpc.ForecastServiceBlockingStub forecast;

    @ConfigProperty(name = "twinloop.data-dir")
    String dataDir;

    private ForecastServiceGrpc.ForecastServiceBlockingStub stub() {
        return forecast.withDeadlineAfter(300, TimeUnit.SECONDS);
    }

    private ModelInfo train(String network, String name, ByteString csv) {
        ModelInfo[] last = new ModelInfo[1];
        stub().train(TrainRequest.newBuilder().setNetwork(network).setModelName(name).setTrafficCsv(csv)
                        .setOptions(TrainOptions.newBuilder().setEpochs(1).setSeed(7)).build())
                .forEachRemaining(r -> last[0] = r.getProgress().getModel());
        return last[0];
    }

    private static StatusRuntimeException refused(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        return e;
    }

    @Test
    void networkAndModelNamesFollowTheOneRule() {
        for (String bad : List.of(".", "..", ".hidden", "a/b", "../../etc", " x", "-x", "x".repeat(101))) {
            var f = refused(Status.Code.INVALID_ARGUMENT, () -> stub().forecast(ForecastRequest.newBuilder().setNetwork(bad).build()));
            assertEquals(NetworkName.problem(bad), f.getStatus().getDescription());
            var t = refused(Status.Code.INVALID_ARGUMENT, () -> stub().train(TrainRequest.newBuilder().setNetwork(bad).build())
                    .forEachRemaining(r -> { }));
            assertEquals(NetworkName.problem(bad), t.getStatus().getDescription());
        }
        var e = refused(Status.Code.INVALID_ARGUMENT, () -> stub().forecast(ForecastRequest.newBuilder().setNetwork("..").build()));
        assertEquals("network name '..' is invalid: use 1-100 letters, digits, '.', '_' or '-', beginning with a letter "
                + "or digit", e.getStatus().getDescription());
        var m = refused(Status.Code.INVALID_ARGUMENT, () -> stub().train(TrainRequest.newBuilder().setNetwork("trainable")
                .setModelName("..").build()).forEachRemaining(r -> { }));
        assertEquals(NetworkName.problem("model name", ".."), m.getStatus().getDescription());
        refused(Status.Code.INVALID_ARGUMENT, () -> stub().deleteNetworkModels(DeleteNetworkModelsRequest.newBuilder()
                .setNetwork("a/b").build()));
    }

    @Test
    void deletingANetworksModelsRemovesEveryVersionAndOnlyThose() throws Exception {
        ByteString csv = ByteString.copyFrom(TrafficCsvImporter.write(ForecastTrainingGrpcTest.series()));
        String net = "del-" + UUID.randomUUID().toString().substring(0, 8);
        String keep = net + "-kept";
        String a = net + "-a";
        String b = net + "-b";
        train(net, a, csv);
        train(net, a, csv);
        train(net, b, csv);
        ModelInfo kept = train(keep, keep, csv);
        Path root = Path.of(dataDir, "forecast", "models");
        assertTrue(Files.isDirectory(root.resolve(a).resolve("v2")));

        DeleteNetworkModelsResponse d = stub().deleteNetworkModels(DeleteNetworkModelsRequest.newBuilder().setNetwork(net).build());
        assertEquals(List.of(a, b), d.getModelsList());
        assertEquals(3, d.getVersionsDeleted());
        assertEquals(0, stub().listModels(ListModelsRequest.newBuilder().setNetwork(net).setAllVersions(true).build())
                .getModelsCount());
        assertFalse(Files.exists(root.resolve(a)));
        assertFalse(Files.exists(root.resolve(b)));
        try (var left = Files.list(root)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".deleting-")), "no half-deleted leftovers");
        }
        // the other network's model is untouched and the names are free for another network
        assertEquals(List.of(kept.getName()), stub().listModels(ListModelsRequest.newBuilder().setNetwork(keep).build())
                .getModelsList().stream().map(ModelInfo::getName).toList());
        assertNotEquals(0, train(keep + "-2", a, csv).getVersion());

        // idempotent: nothing left to delete is not an error
        DeleteNetworkModelsResponse again = stub().deleteNetworkModels(DeleteNetworkModelsRequest.newBuilder().setNetwork(net).build());
        assertEquals(0, again.getVersionsDeleted());
        assertEquals(0, again.getModelsCount());
    }
}
