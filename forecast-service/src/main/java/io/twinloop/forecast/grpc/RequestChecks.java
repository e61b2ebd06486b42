package io.twinloop.forecast.grpc;

import io.twinloop.model.NetworkName;
import io.twinloop.platform.grpc.RequestException;

import java.util.List;

/**
 * The request fields several forecast RPCs share (network, horizon, quantiles), checked the same way
 * everywhere; a bad value is a {@link RequestException} naming the field. Stateless.
 */
final class RequestChecks {
    /** Longest horizon served, in steps (one day of 5-minute intervals). */
    static final int MAX_HORIZON_STEPS = 288;
    /** Most quantiles in one request. */
    static final int MAX_QUANTILES = 99;
    /** Quantiles served when the request names none. */
    static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9);

    private RequestChecks() {
    }

    /** The request's network name, under the one name rule ({@link NetworkName}). */
    static String network(String name) {
        String problem = NetworkName.problem(name);
        if (problem != null) {
            throw new RequestException("network", problem);
        }
        return name;
    }

    /** {@code horizon_steps}: 1..{@value #MAX_HORIZON_STEPS}, 0 meaning 1. */
    static int horizon(int steps) {
        if (steps < 0 || steps > MAX_HORIZON_STEPS) {
            throw new RequestException("horizon_steps", "horizon_steps must be between 1 and " + MAX_HORIZON_STEPS
                    + " (0 means 1), got " + steps);
        }
        return steps == 0 ? 1 : steps;
    }

    /** {@code quantiles}: each in (0, 1), at most {@value #MAX_QUANTILES}; none means {@link #DEFAULT_QUANTILES}. */
    static List<Double> quantiles(List<Double> requested) {
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
}
