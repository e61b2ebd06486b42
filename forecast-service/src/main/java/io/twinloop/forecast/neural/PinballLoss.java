package io.twinloop.forecast.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * The pinball (quantile) loss of the network's two outputs per horizon, with per-element weights
 * (Koenker &amp; Bassett, "Regression quantiles", Econometrica 1978): for a quantile {@code q}, target
 * {@code y} and prediction {@code p}, {@code rho_q(y - p) = max(q (y - p), (q - 1)(y - p))}; its
 * minimiser is the {@code q}-quantile of {@code y}.
 *
 * <p>The network outputs {@code 2H} raw values per sample: {@code raw[:, 0:H]} is the p50 of each
 * horizon, {@code raw[:, H:2H]} the gap to the p90 before a softplus, so that
 * {@code p90 = p50 + softplus(gap) >= p50} (quantiles never cross); see {@link #quantiles(NDArray, int)}.
 *
 * <p>Labels are {@code [y, w]}: targets {@code y} of shape {@code (N, H)} and weights {@code w} of the
 * same shape (0 for a missing target; the OD pair's volume weight otherwise). The loss is
 * {@code sum_{n,h} w (rho_0.5(y - p50) + rho_0.9(y - p90)) / sum w}, the weighted mean over the
 * samples of the pinball losses summed over the two quantiles.
 */
public final class PinballLoss extends Loss {
    /** The two quantiles the network outputs, in output order. */
    public static final float[] QUANTILES = {0.5f, 0.9f};

    private final int horizon;

    /** @param horizon number of horizons {@code H} of the network output */
    public PinballLoss(int horizon) {
        super("pinball");
        this.horizon = horizon;
    }

    /** Element-wise pinball loss {@code max(q (y - p), (q - 1)(y - p))}. */
    public static NDArray pinball(NDArray y, NDArray p, float q) {
        NDArray diff = y.sub(p);
        return diff.mul(q).maximum(diff.mul(q - 1));
    }

    /**
     * The quantile predictions from the raw output: index 0 is the p50 {@code (N, H)}, index 1 the
     * p90 {@code (N, H)}.
     */
    public static NDList quantiles(NDArray raw, int horizon) {
        NDArray p50 = raw.get(":, 0:" + horizon);
        NDArray p90 = p50.add(Activation.softPlus(raw.get(":, " + horizon + ":" + (2 * horizon))));
        return new NDList(p50, p90);
    }

    /** Sum over samples and horizons of {@code w * (rho_0.5 + rho_0.9)}, a scalar (not divided by the weights). */
    public NDArray weightedSum(NDList labels, NDList predictions) {
        NDArray y = labels.get(0);
        NDArray w = labels.get(1);
        NDList q = quantiles(predictions.singletonOrThrow(), horizon);
        NDArray total = pinball(y, q.get(0), QUANTILES[0]).add(pinball(y, q.get(1), QUANTILES[1]));
        return total.mul(w).sum();
    }

    /** The weighted mean loss (see the class comment); 0 when every weight is 0. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray sum = weightedSum(labels, predictions);
        NDArray weights = labels.get(1).sum().maximum(1e-12f);
        return sum.div(weights);
    }
}
