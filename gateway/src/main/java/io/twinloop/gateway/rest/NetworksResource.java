package io.twinloop.gateway.rest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.twinloop.gateway.lifecycle.NetworkDeletion;
import io.twinloop.model.NetworkName;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.SimulateResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.function.Supplier;

/** The twin's networks for the dashboard and scripts: read them, or delete one everywhere. */
@Path("/api/v1/networks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "networks", description = "The networks the twin holds, and their latest state")
public class NetworksResource {
    @Inject
    TwinReader twin;
    @Inject
    NetworkDeletion deletion;

    @GET
    @Operation(operationId = "listNetworks", summary = "List the twin's networks",
            description = "The twin's ListNetworks as proto JSON (twinloop.twin.v1.ListNetworksResponse): per network "
                    + "its latest version, node, link and traffic-sample counts. int64 fields are JSON strings.")
    @APIResponse(responseCode = "200", description = "the networks, sorted by name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ListNetworksResponse.class)))
    @APIResponse(responseCode = "503", description = "the twin is unavailable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response list() {
        return Response.ok(ProtoJson.print(fromTwin(twin::listNetworks)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("{network}/topology")
    @Operation(operationId = "getTopology", summary = "A network's latest topology with link utilisation",
            description = "Nodes with their coordinates and every directed link with id, src, dst, capacity, state, "
                    + "load and utilisation, from a twin simulation of the latest version under the latest traffic "
                    + "sample. Without a traffic series the topology file's static demands are used; without either, "
                    + "load and utilisation are null and `note` says why.")
    @APIResponse(responseCode = "200", description = "the topology",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopologyView.class)))
    @APIResponse(responseCode = "404", description = "no such network",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "the twin is unavailable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public TopologyView topology(@Parameter(description = "network name", example = "abilene")
                                 @PathParam("network") String network) {
        GetNetworkResponse net = fromTwin(() -> twin.latest(network));
        boolean series = net.getTrafficSamples() > 0;
        if (!series && net.getStaticDemandsCount() == 0) {
            return TopologyViews.of(net, null, "no traffic loaded: utilisation unknown (load a series with "
                    + "'twinloop traffic " + network + " FILE.csv')");
        }
        SimulateResponse sim;
        try {
            sim = twin.simulate(network, net.getVersion(), series);
        } catch (StatusRuntimeException e) {
            return TopologyViews.of(net, null, "utilisation unknown: the twin could not simulate version "
                    + net.getVersion() + " (" + e.getStatus().getCode() + describe(e) + ")");
        }
        return TopologyViews.of(net, sim, series ? null
                : "no traffic series loaded: utilisation under the topology file's static demands");
    }

    @DELETE
    @Path("{network}")
    @Operation(summary = "Delete a network everywhere",
            description = "The gateway's DeleteNetwork as proto JSON (twinloop.gateway.v1.DeleteNetworkResponse): deletes "
                    + "the network's trained models at the forecaster, its schedule and policy at the gateway, then its "
                    + "versions, traffic, telemetry, oper state and retention setting at the twin. Recorded rounds are kept "
                    + "as history. Needs the operator role. A retry after a partial failure completes the deletion.")
    @APIResponse(responseCode = "200", description = "what was deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = io.twinloop.proto.gateway.v1.DeleteNetworkResponse.class)))
    @APIResponse(responseCode = "400", description = "an invalid network name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "no such network",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "a service did not answer; what was deleted is said, retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response delete(@Parameter(description = "network name", example = "abilene") @PathParam("network") String network) {
        if (!NetworkName.isStored(network)) {
            throw new ApiException(Status.Code.INVALID_ARGUMENT, NetworkName.problem(network));
        }
        return Response.ok(ProtoJson.print(deletion.delete(network)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** A twin call whose UNAVAILABLE and DEADLINE_EXCEEDED say which service did not answer. */
    private static <T> T fromTwin(Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new ApiException(code, "the twin did not answer (" + code + describe(e) + "); try again");
            }
            throw e;
        }
    }

    private static String describe(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return d == null || d.isBlank() ? "" : ": " + d;
    }
}
