package io.twinloop.forecast.grpc;

import io.twinloop.forecast.baseline.UnknownModelException;
import io.twinloop.forecast.registry.ModelRegistry;
import io.twinloop.forecast.registry.RegisteredModel;
import io.twinloop.forecast.service.ForecastModels;
import io.twinloop.model.NetworkName;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsRequest;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsResponse;
import io.twinloop.proto.forecast.v1.GetModelRequest;
import io.twinloop.proto.forecast.v1.GetModelResponse;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ListModelsResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The model-management RPCs over the registry: ListModels, GetModel and DeleteNetworkModels.
 * {@link ForecastGrpcService} delegates to them.
 */
@ApplicationScoped
public class ModelRpcs {

    @Inject
    ForecastModels models;

    /** ListModels: the network's models (every network's when empty), newest first. */
    ListModelsResponse listModels(ListModelsRequest req) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
        for (RegisteredModel m : models.registry().list(req.getNetwork(), req.getAllVersions())) {
            b.addModels(ForecastProtoMapper.modelInfo(m));
        }
        return b.build();
    }

    /** GetModel: one version of a model (the newest when the version is 0). */
    GetModelResponse getModel(GetModelRequest req) {
        if (req.getName().isBlank()) {
            throw new RequestException("name", "model name is required");
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = newest), got " + req.getVersion());
        }
        RegisteredModel m = models.registry().get(req.getName(), req.getVersion())
                .orElseThrow(() -> new UnknownModelException(req.getName()
                        + (req.getVersion() > 0 ? " v" + req.getVersion() : "")));
        return GetModelResponse.newBuilder().setModel(ForecastProtoMapper.modelInfo(m)).build();
    }

    /** DeleteNetworkModels: every version of every model of the network; none to delete succeeds. */
    DeleteNetworkModelsResponse deleteNetworkModels(DeleteNetworkModelsRequest req) {
        String problem = NetworkName.storedProblem(req.getNetwork()); // names stored before the rule can go too
        if (problem != null) {
            throw new RequestException("network", problem);
        }
        ModelRegistry.Deleted d = models.registry().deleteNetwork(req.getNetwork());
        return DeleteNetworkModelsResponse.newBuilder().addAllModels(d.names()).setVersionsDeleted(d.versions()).build();
    }
}
