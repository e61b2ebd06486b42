package io.twinloop.model.estimate;

import io.twinloop.model.InvalidNetworkException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a traffic matrix is estimated from counters. */
public enum EstimationMethod {
    /**
     * Simple gravity: {@code x[s][d]} proportional to {@code ingress(s) * egress(d)}, scaled over
     * the off-diagonal pairs so that both totals hold. Ignores the link rates except where node
     * totals are missing (they are then fitted to the link rates).
     */
    GRAVITY("gravity"),
    /**
     * Tomogravity (Zhang, Roughan, Duffield, Greenberg, SIGMETRICS 2003): the gravity prior
     * projected onto the link (and node-total) equations in the least-squares sense weighted by
     * the prior ({@code min ||(x - g) / sqrt(g)||} subject to the equations), non-negativity kept
     * by dropping negative pairs and projecting again. The reference method.
     */
    TOMOGRAVITY("tomogravity"),
    /**
     * Fan-out estimation over a window of intervals: each source's fan-out (the fraction of its
     * ingress going to each destination) is taken as constant over a window of consecutive
     * intervals and fitted to all of their link equations at once, starting from the gravity
     * fan-out or, with a calibration history, from the measured fan-out at the same time of day;
     * each interval's matrix {@code ingress x fan-out} is then projected onto its own equations as
     * tomogravity does, reweighted by the estimate (see {@code Projection.reweighted}). The
     * default without a calibration history.
     */
    FANOUT("fanout"),
    /**
     * The conditional mean of the traffic shares given the counters, under the mean and
     * covariance of the shares measured in the calibration history (a Gaussian model:
     * {@code x / S = mu + Sigma B^T (B Sigma B^T)^-1 (b / S - B mu)}, {@code Sigma} the sample
     * covariance shrunk towards {@code diag(mu)}), negatives dropped and the rest projected onto
     * the equations. Needs a calibration history; the default when there is one.
     */
    CALIBRATED("calibrated");

    private final String id;

    EstimationMethod(String id) {
        this.id = id;
    }

    /** The name used on the command line and in the API. */
    public String id() {
        return id;
    }

    /** The default method: {@link #CALIBRATED} with a calibration history, else {@link #FANOUT}. */
    public static EstimationMethod defaultFor(boolean calibrated) {
        return calibrated ? CALIBRATED : FANOUT;
    }

    /**
     * The method named {@code name} (case-insensitive); an empty or null name gives null, the
     * default ({@link #defaultFor}).
     *
     * @throws InvalidNetworkException naming the known methods
     */
    public static EstimationMethod parse(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (EstimationMethod m : values()) {
            if (m.id.equals(n)) {
                return m;
            }
        }
        throw new InvalidNetworkException("method", "unknown estimation method '" + name + "'; known: "
                + Arrays.stream(values()).map(EstimationMethod::id).collect(Collectors.joining(", ")));
    }
}
