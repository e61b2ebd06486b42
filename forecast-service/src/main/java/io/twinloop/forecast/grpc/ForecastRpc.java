package io.twinloop.forecast.grpc;

import io.twinloop.forecast.baseline.BaselineForecaster;
import io.twinloop.forecast.baseline.BaselineMethod;
import io.twinloop.forecast.baseline.ForecastResult;
import io.twinloop.forecast.baseline.NoTrafficHistoryException;
import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.forecast.baseline.UnknownModelException;
import io.twinloop.forecast.client.TwinClient;
import io.twinloop.forecast.registry.RegisteredModel;
import io.twinloop.forecast.service.ForecastModels;
import io.twinloop.model.OdPair;
import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.twinloop.forecast.grpc.RequestChecks.horizon;
import static io.twinloop.forecast.grpc.RequestChecks.network;
import static io.twinloop.forecast.grpc.RequestChecks.quantiles;

/**
 * The Forecast RPC: picks what serves the request (the model it names, else the network's newest
 * model unless a baseline beat it on its validation rows, else the baseline), reads the history
 * window from the twin and forecasts. A model that cannot serve the request (horizon, quantiles,
 * step or OD pairs differ) gives way to the baseline and {@code fallback_reason} says why.
 * {@link ForecastGrpcService} delegates to it.
 */
@ApplicationScoped
public class ForecastRpc {

    @Inject
    TwinClient twin;

    @Inject
    ForecastModels models;

    /** The answer to one Forecast request. */
    ForecastResponse forecast(ForecastRequest req) {
        String network = network(req.getNetwork());
        int horizon = horizon(req.getHorizonSteps());
        List<Double> quantiles = quantiles(req.getQuantilesList());
        if (req.hasHistoryEndRow() && req.getHistoryEndRow() < 0) {
            throw new RequestException("history_end_row", "history_end_row must be >= 0 (a 0-based row), got "
                    + req.getHistoryEndRow());
        }
        BaselineMethod baseline = null;
        RegisteredModel model = null;
        String requested = req.getModel().trim();
        if (!requested.isEmpty()) {
            baseline = BaselineMethod.byName(requested).orElse(null);
            if (baseline == null) {
                model = models.registry().get(requested, 0).orElseThrow(() -> new UnknownModelException(requested));
                if (!model.network().equals(network)) {
                    throw new RequestException("model", "model " + requested + " forecasts network "
                            + model.network() + ", not " + network);
                }
            }
        } else {
            model = models.registry().latest(network).orElse(null);
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
        String fallback = "";
        if (model != null && requested.isEmpty()) {
            String beaten = model.beatenBy();
            if (beaten != null) {
                // the newest model lost to a baseline on its own validation rows: serve that baseline
                fallback = "model " + model.name() + " v" + model.version() + " forecast worse than " + beaten
                        + " on its validation rows; ";
                baseline = beaten.startsWith("last-value") ? BaselineMethod.LAST_VALUE
                        : beaten.startsWith("ewma") ? BaselineMethod.EWMA : null;
                model = null;
            }
        }
        if (model != null) {
            String why = cannotServe(model, history, horizon, quantiles);
            if (why == null) {
                return neuralForecast(network, model, history, horizon, quantiles);
            }
            fallback = "model " + model.name() + " v" + model.version() + " cannot serve: " + why + "; ";
        }
        ForecastResult result = BaselineForecaster.forecast(history, baseline, horizon, quantiles);
        // a baseline reads its whole window (EWMA fits it all; seasonal-naive and the quantiles reach back days)
        ForecastResponse r = withEstimated(ForecastProtoMapper.response(network, result).toBuilder(),
                history.estimatedRows(history.firstRow())).build();
        return fallback.isEmpty() ? r : r.toBuilder().setFallbackReason(fallback + r.getFallbackReason()).build();
    }

    /** {@code b} with how many of the history rows the forecast read were estimated, and their worst fit. */
    private static ForecastResponse.Builder withEstimated(ForecastResponse.Builder b, TrafficHistory.EstimatedRows e) {
        return b.setHistorySamples(e.rows()).setHistoryEstimatedSamples(e.estimated())
                .setHistoryMaxFitError(e.maxFitError());
    }

    /** Why {@code model} cannot forecast this request, or null when it can. */
    private static String cannotServe(RegisteredModel model, TrafficHistory history, int horizon, List<Double> quantiles) {
        var md = model.metadata();
        if (horizon > md.horizon()) {
            return "it forecasts " + md.horizon() + " steps, " + horizon + " were asked for";
        }
        for (double q : quantiles) {
            if (md.quantiles().stream().noneMatch(m -> Math.abs(m - q) < 1e-9)) {
                return "it predicts the quantiles " + md.quantiles() + ", not " + q;
            }
        }
        if (history.stepSeconds() != md.stepSeconds()) {
            return "it was trained on a " + md.stepSeconds() + " s step, the series has " + history.stepSeconds() + " s";
        }
        if (!new HashSet<>(history.series().pairs()).equals(new HashSet<>(md.pairs()))) {
            return "the network's OD pairs (" + history.series().pairs().size() + ") are not the model's ("
                    + md.pairs().size() + ")";
        }
        return null;
    }

    private static ForecastResponse neuralForecast(String network, RegisteredModel model, TrafficHistory history,
                                                   int horizon, List<Double> quantiles) {
        var md = model.metadata();
        TrafficSeries series = reorder(history.series(), md.pairs());
        int origin = series.size() - 1;
        double[][][] f = model.forecaster().predict(series, origin, horizon);
        String endTime = series.samples().get(origin).time();
        List<ForecastResult.Step> steps = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            List<ForecastResult.QuantileValues> qs = new ArrayList<>();
            for (double q : quantiles) {
                int qi = 0;
                while (Math.abs(md.quantiles().get(qi) - q) >= 1e-9) {
                    qi++;
                }
                qs.add(new ForecastResult.QuantileValues(q, f[h - 1][qi]));
            }
            String time = history.stepSeconds() > 0 ? TimeLabels.plus(endTime, (long) h * history.stepSeconds()) : "";
            steps.add(new ForecastResult.Step(h, time, qs));
        }
        ForecastResult r = new ForecastResult(md.architecture(), "", history.stepSeconds(), history.endRow(), endTime,
                md.pairs(), steps);
        TrafficHistory.EstimatedRows read = history.estimatedRows(
                history.firstRow() + model.forecaster().firstRowRead(origin));
        return withEstimated(ForecastProtoMapper.response(network, r).toBuilder(), read).setModel(model.name())
                .setModelVersion(model.version()).build();
    }

    /** {@code series} with its columns in the order of {@code pairs} (the same set). */
    static TrafficSeries reorder(TrafficSeries series, List<OdPair> pairs) {
        if (series.pairs().equals(pairs)) {
            return series;
        }
        Map<OdPair, Integer> at = new HashMap<>();
        for (int i = 0; i < series.pairs().size(); i++) {
            at.put(series.pairs().get(i), i);
        }
        int[] from = new int[pairs.size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = at.get(pairs.get(i));
        }
        List<TrafficSample> samples = new ArrayList<>(series.size());
        for (TrafficSample s : series.samples()) {
            double[] v = new double[from.length];
            for (int i = 0; i < from.length; i++) {
                v[i] = s.rateBps(from[i]);
            }
            samples.add(new TrafficSample(s.time(), s.missing(), v, s.fitError()));
        }
        return new TrafficSeries(pairs, samples);
    }
}
