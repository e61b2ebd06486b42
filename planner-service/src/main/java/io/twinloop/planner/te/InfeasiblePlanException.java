package io.twinloop.planner.te;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

import java.util.List;

/**
 * The constraints of a planning request cannot all hold. Carries a machine-readable
 * {@link #reason()} (UPPER_SNAKE_CASE, for {@code google.rpc.ErrorInfo.reason}; the gRPC layer maps
 * this exception to {@code FAILED_PRECONDITION}), the links that make it infeasible and the best
 * value that is reachable, so that the caller can relax the bound.
 */
public final class InfeasiblePlanException extends ServiceException {

    /** The requested MLU bound is below the lowest MLU any routing reaches. */
    public static final String MLU_BOUND_BELOW_OPTIMUM = "MLU_BOUND_BELOW_OPTIMUM";
    /** Some demand has no path at all in the network state planned on. */
    public static final String DEMAND_UNROUTABLE = "DEMAND_UNROUTABLE";
    /** A bound on latency, power or churn cannot be met together with the others. */
    public static final String BOUND_UNREACHABLE = "BOUND_UNREACHABLE";

    private final String reason;
    private final List<String> bindingLinkIds;
    private final double bestReachable;

    /**
     * @param reason         one of the constants of this class
     * @param message        what was asked, what is reachable and what to do
     * @param bindingLinkIds the links that limit the reachable value
     * @param bestReachable  the best value reachable for the bounded metric ({@code NaN} if unknown)
     */
    public InfeasiblePlanException(String reason, String message, List<String> bindingLinkIds, double bestReachable) {
        super(Status.Code.FAILED_PRECONDITION, reason, message);
        this.reason = reason;
        this.bindingLinkIds = List.copyOf(bindingLinkIds);
        this.bestReachable = bestReachable;
    }

    /** The machine-readable reason. */
    public String reason() {
        return reason;
    }

    /** The links that limit the reachable value. */
    public List<String> bindingLinkIds() {
        return bindingLinkIds;
    }

    /** The best value reachable for the bounded metric, {@code NaN} if unknown. */
    public double bestReachable() {
        return bestReachable;
    }
}
