package io.twinloop.model.telemetry;

/**
 * What {@link CounterRateConverter#accept} did with one counter sample. Only {@link #RATE} and
 * {@link #WRAP} produce a rate; every outcome is counted per counter and in total.
 */
public enum SampleOutcome {
    /** First sample of the counter: it becomes the baseline, no rate. */
    BASELINE(true, false),
    /** The counter advanced: one rate for the interval since the previous accepted sample. */
    RATE(true, true),
    /**
     * The counter went backwards by an amount consistent with one wrap of its width, with a
     * plausible rate: one rate with {@code delta = value + 2^width - previous}.
     */
    WRAP(true, true),
    /**
     * The reported discontinuity time (IF-MIB ifCounterDiscontinuityTime, gNMI last-clear,
     * IOS-XR last-discontinuity-time) changed: the counter was reset. No rate; the sample becomes
     * the new baseline; counted as a reset.
     */
    RESET_MARKED(true, false),
    /**
     * Bad input: the counter went backwards, the step is not a plausible wrap, and no
     * discontinuity time says it was reset. Treated as a reset (no rate, new baseline, counted as
     * a reset) and counted apart so that it can be reported.
     */
    BACKWARD_UNMARKED(true, false),
    /**
     * The counter advanced but the rate is above the counter's plausibility ceiling: no rate, the
     * sample becomes the new baseline (so one bad sample costs one interval, not all later ones).
     */
    ABSURD_RATE(true, false),
    /** Same time as the last accepted sample of the counter: ignored. */
    DUPLICATE(false, false),
    /** Older than the last accepted sample of the counter: ignored. */
    OUT_OF_ORDER(false, false),
    /** Later than the clock plus the allowed skew: ignored (and not made a baseline). */
    FUTURE(false, false);

    private final boolean accepted;
    private final boolean rate;

    SampleOutcome(boolean accepted, boolean rate) {
        this.accepted = accepted;
        this.rate = rate;
    }

    /** Whether the sample became the counter's latest state (its baseline for the next rate). */
    public boolean accepted() {
        return accepted;
    }

    /** Whether a rate was produced. */
    public boolean producedRate() {
        return rate;
    }
}
