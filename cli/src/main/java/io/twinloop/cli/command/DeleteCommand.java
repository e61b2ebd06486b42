package io.twinloop.cli.command;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.model.NetworkName;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.gateway.v1.DeleteNetworkRequest;
import io.twinloop.proto.gateway.v1.DeleteNetworkResponse;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Deletes a network everywhere, through the gateway's DeleteNetwork. Without {@code --yes} it
 * deletes nothing, says what would be deleted and exits 2.
 */
@Command(name = "delete", description = {
        "Delete a network everywhere: its versions, traffic, telemetry, oper state and retention setting at the twin, "
                + "its trained forecast models, and its round schedule and policy at the gateway. Recorded rounds are "
                + "kept as history. Needs the operator role.",
        "Without --yes nothing is deleted: the command says what would be and exits 2. A deletion that failed part-way "
                + "says what is gone; run it again to complete it."})
public final class DeleteCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--yes", description = "really delete (required)")
    boolean yes;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (!NetworkName.isStored(network)) { // names stored before the rule may still be deleted
            throw Status.INVALID_ARGUMENT.withDescription(NetworkName.problem(network)).asRuntimeException();
        }
        try (Endpoints ignored = endpoints) {
            if (!yes) {
                throw new CliException("not deleting network '" + network + "' without --yes. It would delete:\n"
                        + String.join("\n", preview()) + "\nRecorded rounds are kept. Run: twinloop delete " + network + " --yes");
            }
            DeleteNetworkResponse r = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork(network).build());
            if (json) {
                System.out.println(Output.json(r));
            } else {
                System.out.printf("deleted network '%s': %d versions, %d traffic samples, %d telemetry samples; "
                                + "%d model versions %s; schedule %s, policy %s; %d recorded rounds kept%n",
                        r.getNetwork(), r.getVersionsDeleted(), r.getTrafficSamplesDeleted(), r.getTelemetrySamplesDeleted(),
                        r.getModelVersionsDeleted(), r.getModelsDeletedList(), r.getScheduleDeleted() ? "deleted" : "none",
                        r.getPolicyDeleted() ? "deleted" : "none", r.getRoundsKept());
            }
            return 0;
        }
    }

    /** What a deletion would remove, one line per service; a service that does not answer is said to. */
    private List<String> preview() {
        List<String> out = new ArrayList<>();
        try {
            GetNetworkResponse n = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .getNetwork(GetNetworkRequest.newBuilder().setNetwork(network).build());
            out.add("  twin: " + n.getVersion() + " versions, " + n.getTrafficSamples()
                    + " traffic samples, all telemetry, link oper state and the retention setting");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw e; // nothing to delete at the twin: say so, with the NOT_FOUND exit code
            }
            out.add("  twin: its versions, traffic and telemetry (the twin did not answer: " + e.getStatus().getCode() + ")");
        }
        try {
            List<ModelInfo> models = ForecastServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("forecast-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .listModels(ListModelsRequest.newBuilder().setNetwork(network).setAllVersions(true).build()).getModelsList();
            out.add("  forecaster: " + models.size() + " model versions "
                    + models.stream().map(ModelInfo::getName).distinct().sorted().toList());
        } catch (StatusRuntimeException e) {
            out.add("  forecaster: its trained models (the forecaster did not answer: " + e.getStatus().getCode() + ")");
        }
        try {
            GatewayServiceGrpc.GatewayServiceBlockingStub gw = GatewayServiceGrpc.newBlockingStub(
                    endpoints.channel(endpoints.services().get("gateway"))).withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS);
            boolean schedule = gw.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                    .anyMatch(s -> s.getNetwork().equals(network));
            boolean policy = gw.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork(network).build())
                    .getPolicy().getUpdatedUnixMs() > 0;
            out.add("  gateway: " + (schedule ? "its round schedule" : "no schedule") + ", " + (policy ? "its policy" : "no policy"));
        } catch (StatusRuntimeException e) {
            out.add("  gateway: its schedule and policy (the gateway did not answer: " + e.getStatus().getCode() + ")");
        }
        return out;
    }
}
