package io.twinloop.gateway.rest;

import io.twinloop.proto.gateway.v1.ApproveRoundRequest;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListRoundsResponse;
import io.twinloop.proto.gateway.v1.RejectRoundRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Optimization rounds over REST: the gateway's RunRound, ListRounds, GetRound, ApproveRound and
 * RejectRound with proto JSON bodies. Bodies and answers are the proto messages of
 * {@code twinloop.gateway.v1}; a single round is answered as the {@code Round} itself.
 */
@Path("/api/v1/rounds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rounds", description = "Optimization rounds: run, list, show, approve, reject")
public class RoundsResource {
    @Inject
    GatewayApi gateway;

    @GET
    @Operation(operationId = "listRounds", summary = "List rounds, newest first",
            description = "The gateway's ListRounds as proto JSON (twinloop.gateway.v1.ListRoundsResponse). "
                    + "`view=basic` leaves out what a list rarely needs: the candidates that were not chosen, the "
                    + "demands of an explicit traffic matrix, the LLM trace and the diagnosis.")
    @APIResponse(responseCode = "200", description = "one page of rounds; `nextPageToken` is empty on the last page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ListRoundsResponse.class)))
    @APIResponse(responseCode = "400", description = "a bad filter, limit or page token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response list(
            @Parameter(description = "network name (empty = all networks)") @QueryParam("network") String network,
            @Parameter(description = "statuses wanted, repeated or comma-separated, e.g. PENDING_APPROVAL or "
                    + "ROUND_STATUS_APPLIED (empty = all)") @QueryParam("status") List<String> status,
            @Parameter(description = "rounds per page, 1-500 (default 50)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "`nextPageToken` of the previous page") @QueryParam("pageToken") String pageToken,
            @Parameter(description = "`full` (default) or `basic`") @QueryParam("view") @DefaultValue("full") String view) {
        boolean basic = switch (view.toLowerCase(Locale.ROOT)) {
            case "full", "" -> false;
            case "basic" -> true;
            default -> throw ApiException.invalid("view must be 'full' or 'basic', got '" + view + "'");
        };
        ListRoundsRequest.Builder req = ListRoundsRequest.newBuilder()
                .setNetwork(network == null ? "" : network)
                .setPageToken(pageToken == null ? "" : pageToken)
                .addAllStatuses(statuses(status));
        if (limit != null && !limit.isBlank()) {
            try {
                req.setLimit(Integer.parseInt(limit.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("limit must be a whole number, got '" + limit + "'");
            }
        }
        ListRoundsResponse page = gateway.list(req.build());
        if (basic) {
            ListRoundsResponse.Builder b = page.toBuilder().clearRounds();
            page.getRoundsList().forEach(r -> b.addRounds(basic(r)));
            page = b.build();
        }
        return json(Response.ok(), ProtoJson.print(page));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getRound", summary = "Show one round",
            description = "The gateway's GetRound; the answer is the Round itself.")
    @APIResponse(responseCode = "200", description = "the round",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Round.class)))
    @APIResponse(responseCode = "404", description = "no such round",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response get(@Parameter(description = "round id", example = "r-90859e96ea75") @PathParam("id") String id) {
        return json(Response.ok(), ProtoJson.print(gateway.get(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "runRound", summary = "Run a round",
            description = "The gateway's RunRound: observe, forecast, plan, verify on the twin, then apply (mode "
                    + "ROUND_MODE_AUTO), wait for approval (ROUND_MODE_APPROVE) or only record (ROUND_MODE_DRY_RUN, the "
                    + "default). Answers when the round has finished or waits for approval.")
    @RequestBody(required = true, description = "proto JSON of twinloop.gateway.v1.RunRoundRequest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RunRoundRequest.class),
                    examples = @ExampleObject(name = "approve", value = "{\"network\": \"abilene\", "
                            + "\"mode\": \"ROUND_MODE_APPROVE\", \"traffic\": {\"row\": 600}}")))
    @APIResponse(responseCode = "201", description = "the round (Location: its URL)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Round.class)))
    @APIResponse(responseCode = "400", description = "a malformed body or an invalid request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "no such network",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "the network changed during the round (nothing was applied)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "the twin is unavailable; the failed round is recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response run(String body) {
        Round round = gateway.run(ProtoJson.parse(body, RunRoundRequest.newBuilder(), true).build());
        return json(Response.created(URI.create("/api/v1/rounds/" + round.getId())), ProtoJson.print(round));
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "approveRound", summary = "Approve a round that waits for approval",
            description = "The gateway's ApproveRound: re-verifies the chosen (or the named verified) candidate at the "
                    + "network's latest version and applies it. The approver recorded is the token's owner; an "
                    + "`approver` in the body must be that name (or is refused with 400). Without authentication the "
                    + "body's name is recorded as given, else `anonymous`.")
    @RequestBody(description = "`{\"candidateId\": \"...\"}` (proto JSON of twinloop.gateway.v1.ApproveRoundRequest "
            + "without the id; every field optional; `approver` only to check it is the token's owner)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ApproveRoundRequest.class),
                    examples = @ExampleObject(name = "approve", value = "{}")))
    @APIResponse(responseCode = "200", description = "the round, now APPLIED or REJECTED (re-verification failed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Round.class)))
    @APIResponse(responseCode = "400", description = "a malformed body, or an approver that is not the token's owner",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "no such round",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "the round is not pending approval, or the network changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response approve(@Parameter(description = "round id") @PathParam("id") String id, String body) {
        ApproveRoundRequest.Builder req = ProtoJson.parse(body, ApproveRoundRequest.newBuilder(), false);
        req.setRoundId(sameId(id, req.getRoundId()));
        return json(Response.ok(), ProtoJson.print(gateway.approve(req.build())));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rejectRound", summary = "Reject a round that waits for approval",
            description = "The gateway's RejectRound: nothing is applied; the rejector (the token's owner, as for "
                    + "approve) and the reason are recorded.")
    @RequestBody(description = "`{\"reason\": \"...\"}` (proto JSON of twinloop.gateway.v1.RejectRoundRequest "
            + "without the id; every field optional; `rejector` only to check it is the token's owner)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RejectRoundRequest.class),
                    examples = @ExampleObject(name = "reject", value = "{\"reason\": \"maintenance window tonight\"}")))
    @APIResponse(responseCode = "200", description = "the round, now REJECTED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Round.class)))
    @APIResponse(responseCode = "400", description = "a malformed body, or a rejector that is not the token's owner",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "no such round",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "the round is not pending approval",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response reject(@Parameter(description = "round id") @PathParam("id") String id, String body) {
        RejectRoundRequest.Builder req = ProtoJson.parse(body, RejectRoundRequest.newBuilder(), false);
        req.setRoundId(sameId(id, req.getRoundId()));
        return json(Response.ok(), ProtoJson.print(gateway.reject(req.build())));
    }

    /** The round of a list's basic view: the chosen candidate only, no matrix demands, LLM trace or diagnosis. */
    static Round basic(Round r) {
        Round.Builder b = r.toBuilder().clearCandidates().clearLlmTrace().clearDiagnosis();
        r.getCandidatesList().stream().filter(c -> c.getId().equals(r.getChosenCandidateId())).findFirst()
                .ifPresent(b::addCandidates);
        if (r.getTraffic().hasMatrix()) {
            b.getTrafficBuilder().getMatrixBuilder().clearDemands();
        }
        return b.build();
    }

    /** Status filters: enum names with or without the ROUND_STATUS_ prefix, any case, '-' for '_'. */
    static List<RoundStatus> statuses(List<String> values) {
        List<RoundStatus> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            for (String s : value.split(",")) {
                String name = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
                if (name.isEmpty()) {
                    continue;
                }
                if (!name.startsWith("ROUND_STATUS_")) {
                    name = "ROUND_STATUS_" + name;
                }
                try {
                    RoundStatus st = RoundStatus.valueOf(name);
                    if (st == RoundStatus.ROUND_STATUS_UNSPECIFIED || st == RoundStatus.UNRECOGNIZED) {
                        throw new IllegalArgumentException(name);
                    }
                    out.add(st);
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("unknown round status '" + s.strip() + "'; valid: " + Arrays.stream(
                                    RoundStatus.values())
                            .filter(x -> x != RoundStatus.ROUND_STATUS_UNSPECIFIED && x != RoundStatus.UNRECOGNIZED)
                            .map(x -> x.name().substring("ROUND_STATUS_".length())).toList());
                }
            }
        }
        return out;
    }

    private static String sameId(String path, String body) {
        if (!body.isEmpty() && !body.equals(path)) {
            throw ApiException.invalid("the body's roundId '" + body + "' is not the round in the URL ('" + path + "')");
        }
        return path;
    }

    private static Response json(Response.ResponseBuilder b, String json) {
        return b.entity(json).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
