package io.twinloop.gateway.lifecycle;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.gateway.events.EventWatcher;
import io.twinloop.gateway.round.Calls;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.gateway.store.NetworkPolicyStore;
import io.twinloop.gateway.store.RoundStore;
import io.twinloop.gateway.store.ScheduleStore;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsRequest;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.gateway.v1.DeleteNetworkResponse;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Deletes a network everywhere, in this order, each step idempotent:
 * <ol>
 *   <li>its trained models at the forecaster (a failure here leaves everything as it was);</li>
 *   <li>its schedule and policy here, and its event stream is closed, so no scheduled or
 *       event-triggered round starts on it again;</li>
 *   <li>everything the twin stores for it, last, in one transaction there.</li>
 * </ol>
 * A retry after a failed step completes the deletion: steps already done remove nothing more, and
 * a twin that no longer has the network is fine when an earlier step still found something.
 * Recorded rounds are kept as read-only history. A round already running when the deletion starts
 * finishes, or fails at the twin once the network is gone.
 */
@ApplicationScoped
public class NetworkDeletion {
    private static final Logger LOG = Logger.getLogger(NetworkDeletion.class);

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;
    @GrpcClient("forecast")
    ForecastServiceGrpc.ForecastServiceBlockingStub forecast;
    @Inject
    ScheduleStore schedules;
    @Inject
    NetworkPolicyStore policies;
    @Inject
    EventWatcher events;
    @Inject
    RoundStore rounds;

    /** Deadline of each service's part of a deletion, retries included. */
    @Inject
    GatewayConfig config;

    /**
     * Deletes {@code network} (a name already checked by the caller).
     *
     * @throws RoundFailedException NOT_FOUND when no service holds anything of the network; the
     *                              failing service's code, saying what was already deleted, when a step fails
     */
    public DeleteNetworkResponse delete(String network) {
        DeleteNetworkResponse.Builder b = DeleteNetworkResponse.newBuilder().setNetwork(network);
        DeleteNetworkModelsResponse models;
        try {
            models = Calls.call(deadline(), d -> forecast.withDeadline(d).deleteNetworkModels(
                    DeleteNetworkModelsRequest.newBuilder().setNetwork(network).build()));
        } catch (StatusRuntimeException e) {
            throw failed(e, "the forecaster could not delete the models of network '" + network + "' ("
                    + Calls.describe(e) + "); nothing was deleted, retry the deletion");
        }
        b.addAllModelsDeleted(models.getModelsList()).setModelVersionsDeleted(models.getVersionsDeleted());

        boolean schedule = schedules.delete(network).isPresent();
        boolean policy = policies.delete(network);
        events.policyChanged(NetworkPolicy.newBuilder().setNetwork(network).build()); // closes its event stream
        b.setScheduleDeleted(schedule).setPolicyDeleted(policy);

        try {
            var t = Calls.call(deadline(), d -> twin.withDeadline(d).deleteNetwork(
                    DeleteNetworkRequest.newBuilder().setNetwork(network).build()));
            b.setVersionsDeleted(t.getVersionsDeleted()).setTrafficSamplesDeleted(t.getTrafficSamplesDeleted())
                    .setTelemetrySamplesDeleted(t.getTelemetrySamplesDeleted());
        } catch (StatusRuntimeException e) {
            boolean foundElsewhere = models.getVersionsDeleted() > 0 || schedule || policy;
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw failed(e, "the twin could not delete network '" + network + "' (" + Calls.describe(e) + "); "
                        + "its models, schedule and policy are deleted; retry the deletion to complete it");
            }
            if (!foundElsewhere) {
                throw new RoundFailedException(Status.Code.NOT_FOUND, "", "network '" + network + "' does not exist");
            }
            // the twin had it no more (an earlier deletion got that far, or only leftovers remained)
        }
        b.setRoundsKept(rounds.count(network));
        DeleteNetworkResponse r = b.build();
        LOG.infof("deleted network %s: %d versions, %d traffic samples, %d telemetry samples, models %s, schedule %s, "
                        + "policy %s; %d recorded rounds kept", network, r.getVersionsDeleted(), r.getTrafficSamplesDeleted(),
                r.getTelemetrySamplesDeleted(), r.getModelsDeletedList(), schedule, policy, r.getRoundsKept());
        return r;
    }

    private Deadline deadline() {
        return Deadline.after(config.gateway().deleteDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RoundFailedException failed(StatusRuntimeException e, String message) {
        Status.Code code = e.getStatus().getCode();
        // the caller's own mistakes keep their code; anything else of a dependency is UNAVAILABLE to our caller
        return new RoundFailedException(code == Status.Code.INVALID_ARGUMENT || code == Status.Code.PERMISSION_DENIED
                || code == Status.Code.DEADLINE_EXCEEDED ? code : Status.Code.UNAVAILABLE, "", message);
    }
}
