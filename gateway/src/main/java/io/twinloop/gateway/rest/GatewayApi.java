package io.twinloop.gateway.rest;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.twinloop.gateway.grpc.GatewayGrpcService;
import io.twinloop.platform.auth.BearerAuthInterceptor;
import io.twinloop.platform.auth.Principal;
import io.twinloop.proto.gateway.v1.ApproveRoundRequest;
import io.twinloop.proto.gateway.v1.ApproveRoundResponse;
import io.twinloop.proto.gateway.v1.GetRoundRequest;
import io.twinloop.proto.gateway.v1.GetRoundResponse;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListRoundsResponse;
import io.twinloop.proto.gateway.v1.RejectRoundRequest;
import io.twinloop.proto.gateway.v1.RejectRoundResponse;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.RunRoundResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The gateway's gRPC service, called in-process. The REST view goes through it rather than
 * around it, so a REST call gets exactly the validation, defaults and error codes a gRPC call
 * gets, and stays in step when the service changes. Errors arrive as the
 * {@link io.grpc.StatusRuntimeException} the service would have sent.
 */
@ApplicationScoped
public class GatewayApi {
    /** Longer than the longest round deadline the service accepts (600 s). */
    private static final long WAIT_SECONDS = 660;

    @Inject
    @GrpcService
    GatewayGrpcService service;
    @Inject
    RestCaller caller;

    public Round run(RunRoundRequest req) {
        return call((StreamObserver<RunRoundResponse> o) -> service.runRound(req, o))
                .getRound();
    }

    public ListRoundsResponse list(ListRoundsRequest req) {
        return call((StreamObserver<ListRoundsResponse> o) -> service.listRounds(req, o));
    }

    public Round get(String id) {
        return call((StreamObserver<GetRoundResponse> o) -> service.getRound(
                GetRoundRequest.newBuilder().setRoundId(id).build(), o)).getRound();
    }

    public Round approve(ApproveRoundRequest req) {
        return call((StreamObserver<ApproveRoundResponse> o) -> service.approveRound(req, o))
                .getRound();
    }

    public Round reject(RejectRoundRequest req) {
        return call((StreamObserver<RejectRoundResponse> o) -> service.rejectRound(req, o))
                .getRound();
    }

    /**
     * Runs a unary method with an observer that collects its one answer or its error, as the REST
     * request's authenticated caller (the gRPC context's principal, as a gRPC call would carry it).
     */
    private <T> T call(Consumer<StreamObserver<T>> method) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Principal principal = caller.principal();
        Context context = principal == null ? Context.current()
                : Context.current().withValue(BearerAuthInterceptor.PRINCIPAL, principal);
        context.run(() -> method.accept(new StreamObserver<>() {
            private T value;

            @Override
            public void onNext(T v) {
                value = v;
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(value);
            }
        }));
        try {
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(Status.Code.DEADLINE_EXCEEDED, "the gateway did not answer in " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Status.Code.CANCELLED, "interrupted");
        }
    }
}
