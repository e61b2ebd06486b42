package io.twinloop.forecast.grpc;

import io.twinloop.forecast.baseline.ForecastResult;
import io.twinloop.model.OdPair;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.forecast.backtest.BacktestReport;
import io.twinloop.forecast.neural.ModelMetadata;
import io.twinloop.forecast.registry.RegisteredModel;
import io.twinloop.proto.forecast.v1.HorizonMetrics;
import io.twinloop.proto.forecast.v1.MethodMetrics;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.TrainOptions;
import io.twinloop.proto.forecast.v1.QuantileSeries;

import java.util.List;

/** Translates forecast results to forecast.v1 messages. Stateless. */
public final class ForecastProtoMapper {

    private ForecastProtoMapper() {
    }

    /** The response of Forecast served by {@code r.method()}; {@code model} stays empty (the caller sets it when a trained model served). */
    public static ForecastResponse response(String network, ForecastResult r) {
        ForecastResponse.Builder b = ForecastResponse.newBuilder()
                .setNetwork(network)
                .setMethod(r.method())
                .setFallbackReason(r.fallbackReason())
                .setStepSeconds(r.stepSeconds())
                .setHistoryEndRow(r.historyEndRow())
                .setHistoryEndTime(r.historyEndTime());
        for (OdPair p : r.pairs()) {
            b.addOdPairs(Translator.odPair(p));
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

    /** Backtest metrics of one method. */
    public static MethodMetrics metrics(BacktestReport.MethodResult m) {
        MethodMetrics.Builder b = MethodMetrics.newBuilder().setMethod(m.name());
        for (BacktestReport.HorizonMetrics h : m.horizons()) {
            b.addHorizons(HorizonMetrics.newBuilder().setStep(h.h()).setMaeBps(h.maeBps()).setRmseBps(h.rmseBps())
                    .setNmae(h.nmae()).setNormalizedMae(h.normalisedMae())
                    .setP90Coverage(Double.isNaN(h.p90Coverage()) ? 0 : h.p90Coverage()));
        }
        return b.build();
    }

    /** A trained model's description. */
    public static ModelInfo modelInfo(ModelMetadata md, String name, int version, String network, String source,
                                      long createdUnixMs, TrainOptions given) {
        ModelInfo.Builder b = ModelInfo.newBuilder()
                .setName(name).setVersion(version).setNetwork(network).setArchitecture(md.architecture())
                .setCreatedUnixMs(createdUnixMs).setContextSteps(md.context()).setHorizonSteps(md.horizon())
                .addAllQuantiles(md.quantiles()).setTrainRows(md.trainRows()).setTrainLoss(md.trainLoss())
                .setValidationLoss(Double.isNaN(md.validationLoss()) ? 0 : md.validationLoss())
                .setStepSeconds(md.stepSeconds()).setParameters(md.parameterCount()).setOdPairs(md.pairs().size())
                .setDataFrom(md.trainFirstTime()).setDataTo(md.trainLastTime()).addAllFeatures(md.features())
                .setDataSource(source);
        TrainOptions.Builder o = given == null ? TrainOptions.newBuilder() : given.toBuilder();
        o.setArchitecture("mlp").setContextSteps(md.context()).setHorizonSteps(md.horizon()).setSeed(md.seed())
                .setTrainEndRow(md.trainRows());
        if (o.getQuantilesCount() == 0) {
            o.addAllQuantiles(md.quantiles());
        }
        if (createdUnixMs == 0) {
            b.setCreatedUnixMs(java.time.Instant.parse(md.createdAt()).toEpochMilli());
        }
        return b.setOptions(o).build();
    }

    /** A registered model's description, with its validation NMAE per method and what beat it, if anything. */
    public static ModelInfo modelInfo(RegisteredModel m) {
        ModelInfo.Builder b = modelInfo(m.metadata(), m.name(), m.version(), m.network(),
                m.dataSource(), m.createdUnixMs(), null).toBuilder();
        for (String method : List.of("model", "last-value", "seasonal-naive", "ewma")) {
            List<Double> nmae = m.validation().get(method);
            if (nmae == null) {
                continue;
            }
            MethodMetrics.Builder mm = MethodMetrics.newBuilder().setMethod(method);
            for (int h = 0; h < nmae.size(); h++) {
                mm.addHorizons(HorizonMetrics.newBuilder().setStep(h + 1).setNmae(nmae.get(h)));
            }
            b.addValidation(mm);
        }
        String beaten = m.beatenBy();
        return b.setBeatenBy(beaten == null ? "" : beaten).build();
    }
}
