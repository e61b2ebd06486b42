package io.twinloop.gateway.round;

import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.QuantileSeries;

/** The traffic matrices of a round: its scale and the forecast quantiles as matrices. */
final class RoundTraffic {
    private RoundTraffic() {
    }

    static double scale(TrafficSelector selector) {
        return selector.getScale() == 0 ? 1.0 : selector.getScale();
    }

    /** The forecast at one quantile: step 1, or the per-OD maximum over all steps when {@code peak}. */
    static TrafficMatrix quantileMatrix(ForecastResponse f, double q, boolean peak, double scale) {
        int n = f.getOdPairsCount();
        double[] rate = new double[n];
        String time = "";
        for (ForecastStep step : f.getStepsList()) {
            if (!peak && step.getStep() != 1) {
                continue;
            }
            for (QuantileSeries s : step.getQuantilesList()) {
                if (Math.abs(s.getQuantile() - q) < 1e-9) {
                    for (int i = 0; i < n && i < s.getRateBpsCount(); i++) {
                        rate[i] = Math.max(rate[i], s.getRateBps(i));
                    }
                    time = time.isEmpty() ? step.getTime() : time;
                }
            }
        }
        TrafficMatrix.Builder b = TrafficMatrix.newBuilder().setTime(time);
        for (int i = 0; i < n; i++) {
            if (rate[i] > 0) {
                b.addDemands(Demand.newBuilder().setSrc(f.getOdPairs(i).getSrc()).setDst(f.getOdPairs(i).getDst())
                        .setRateBps(rate[i] * scale));
            }
        }
        return b.build();
    }
}
