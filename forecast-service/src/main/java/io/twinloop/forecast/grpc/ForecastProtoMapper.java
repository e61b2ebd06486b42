package io.twinloop.forecast.grpc;

import io.twinloop.forecast.baseline.BaselineMethod;
import io.twinloop.forecast.baseline.ForecastResult;
import io.twinloop.model.OdPair;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.QuantileSeries;

/** Translates forecast results to forecast.v1 messages. Stateless. */
public final class ForecastProtoMapper {

    private ForecastProtoMapper() {
    }

    /** The response of Forecast; {@code model} is the method that served (the baselines are their own models). */
    public static ForecastResponse response(String network, ForecastResult r) {
        ForecastResponse.Builder b = ForecastResponse.newBuilder()
                .setNetwork(network)
                .setModel(r.method())
                .setMethod(r.method())
                .setFallbackReason(r.fallbackReason())
                .setStepSeconds(r.stepSeconds())
                .setHistoryEndRow(r.historyEndRow())
                .setHistoryEndTime(r.historyEndTime());
        for (OdPair p : r.pairs()) {
            b.addOdPairs(odPair(p));
        }
        for (ForecastResult.Step s : r.steps()) {
            ForecastStep.Builder step = ForecastStep.newBuilder().setStep(s.step()).setTime(s.time());
            for (ForecastResult.QuantileValues q : s.quantiles()) {
                QuantileSeries.Builder series = QuantileSeries.newBuilder().setQuantile(q.quantile());
                for (double v : q.ratesBps()) {
                    series.addRateBps(v);
                }
                step.addQuantiles(series);
            }
            b.addSteps(step);
        }
        return b.build();
    }

    /** An OD pair message. */
    public static io.twinloop.proto.common.v1.OdPair odPair(OdPair p) {
        return io.twinloop.proto.common.v1.OdPair.newBuilder().setSrc(p.src()).setDst(p.dst()).build();
    }

    /** A baseline as a model entry: always available, nothing trained. */
    public static ModelInfo baselineModel(BaselineMethod method, String network) {
        return ModelInfo.newBuilder()
                .setName(method.methodName())
                .setArchitecture(method.methodName())
                .setNetwork(network)
                .setHorizonSteps(ForecastGrpcService.MAX_HORIZON_STEPS)
                .build();
    }
}
