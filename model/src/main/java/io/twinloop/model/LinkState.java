package io.twinloop.model;

/**
 * The state of a link, used both for its administrative state (what the operator configured) and
 * its operational state (what the hardware reports). Only a link whose administrative
 * <em>and</em> operational states are both {@link #UP} carries traffic ({@link Link#carriesTraffic()}).
 *
 * <p>{@link #SLEEP} is the energy-saving state of "green traffic engineering": the ports are in a
 * low-power mode, the link carries no traffic but can be woken quickly. It draws a fraction of its
 * full power ({@link PowerModel#SLEEP_FRACTION}), whereas a {@link #DOWN} link draws nothing.
 */
public enum LinkState {
    /** In service. */
    UP,
    /** Out of service (shut down or failed); draws no power. */
    DOWN,
    /** Low-power sleep mode: carries no traffic, draws {@link PowerModel#SLEEP_FRACTION} of its power. */
    SLEEP
}
