package io.twinloop.forecast.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.forecast.baseline.BaselineForecaster;
import io.twinloop.forecast.baseline.BaselineMethod;
import io.twinloop.forecast.baseline.ForecastResult;
import io.twinloop.forecast.baseline.NoTrafficHistoryException;
import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.forecast.baseline.UnknownModelException;
import io.twinloop.forecast.client.TwinClient;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ListModelsResponse;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The forecast-service's gRPC API. This version serves the baselines only: Forecast runs
 * seasonal-naive (or last-value) on the twin's traffic history and ListModels lists the
 * baselines; Train, Backtest and GetModel answer UNIMPLEMENTED. Methods run on worker threads
 * (they call the twin with the blocking stub).
 */
@GrpcService
public class ForecastGrpcService extends ForecastServiceGrpc.ForecastServiceImplBase {
    /** Longest horizon served, in steps (one day of 5-minute intervals). */
    static final int MAX_HORIZON_STEPS = 288;
    /** Most quantiles in one request. */
    static final int MAX_QUANTILES = 99;
    /** Quantiles served when the request names none. */
    static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9);

    @Inject
    TwinClient twin;

    @Override
    @Blocking
    public void forecast(ForecastRequest req, StreamObserver<ForecastResponse> out) {
        respond(out, () -> {
            String network = network(req.getNetwork());
            int horizon = horizon(req.getHorizonSteps());
            List<Double> quantiles = quantiles(req.getQuantilesList());
            BaselineMethod method = method(req.getModel());
            if (req.hasHistoryEndRow() && req.getHistoryEndRow() < 0) {
                throw new RequestException("history_end_row", "history_end_row must be >= 0 (a 0-based row), got "
                        + req.getHistoryEndRow());
            }

            TrafficHistory last = twin.latest(network);
            int total = last.totalSamples();
            if (total == 0) {
                throw new NoTrafficHistoryException(network,
                        "network " + network + " has no traffic history; import a traffic CSV first");
            }
            int end = req.hasHistoryEndRow() ? req.getHistoryEndRow() : total - 1;
            if (end >= total) {
                throw new RequestException("history_end_row", "history_end_row " + end
                        + " is beyond the traffic series of network " + network + " (" + total
                        + " samples; rows are 0-based, so the last is " + (total - 1) + ")");
            }
            int rows = BaselineForecaster.historyRowsNeeded(last.stepSeconds());
            TrafficHistory history = twin.rows(network, Math.max(0, end + 1 - rows), end + 1);
            ForecastResult result = BaselineForecaster.forecast(history, method, horizon, quantiles);
            return ForecastProtoMapper.response(network, result);
        });
    }

    @Override
    @Blocking
    public void listModels(ListModelsRequest req, StreamObserver<ListModelsResponse> out) {
        respond(out, () -> {
            ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
            for (BaselineMethod m : BaselineMethod.values()) {
                b.addModels(ForecastProtoMapper.baselineModel(m, req.getNetwork()));
            }
            return b.build();
        });
    }

    private static String network(String name) {
        if (name == null || name.isBlank()) {
            throw new RequestException("network", "network name is required");
        }
        return name;
    }

    private static int horizon(int steps) {
        if (steps < 0 || steps > MAX_HORIZON_STEPS) {
            throw new RequestException("horizon_steps", "horizon_steps must be between 1 and " + MAX_HORIZON_STEPS
                    + " (0 means 1), got " + steps);
        }
        return steps == 0 ? 1 : steps;
    }

    private static List<Double> quantiles(List<Double> requested) {
        if (requested.isEmpty()) {
            return DEFAULT_QUANTILES;
        }
        if (requested.size() > MAX_QUANTILES) {
            throw new RequestException("quantiles", "at most " + MAX_QUANTILES + " quantiles per request, got "
                    + requested.size());
        }
        for (int i = 0; i < requested.size(); i++) {
            double q = requested.get(i);
            if (!(q > 0 && q < 1)) {
                throw new RequestException("quantiles", "quantiles[" + i + "] = " + q
                        + " is outside (0, 1); use e.g. 0.5 for the median and 0.9 for the 90th percentile");
            }
        }
        return List.copyOf(requested);
    }

    /** The baseline asked for, or null for the best available. */
    private static BaselineMethod method(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        return BaselineMethod.byName(model).orElseThrow(() -> new UnknownModelException(model));
    }

    private static <T> void respond(StreamObserver<T> out, Supplier<T> work) {
        T result;
        try {
            result = Objects.requireNonNull(work.get());
        } catch (Throwable t) {
            out.onError(GrpcErrors.toStatus(t));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
