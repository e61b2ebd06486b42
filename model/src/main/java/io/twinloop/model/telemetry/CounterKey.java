package io.twinloop.model.telemetry;

import io.twinloop.model.InvalidNetworkException;

/**
 * One cumulative counter: a device, one of its interfaces and what is counted. The converter keeps
 * state per key in a hash map, so callers on a hot path should reuse key instances (e.g. cache
 * them per device and interface) rather than build one per sample.
 *
 * @param device    the reporting device, e.g. {@code leaf7}; not blank
 * @param iface     the interface name as the device reports it, e.g. {@code HundredGigE0/0/0/4}; not blank
 * @param kind      what is counted (and so the rate unit)
 */
public record CounterKey(String device, String iface, CounterKind kind) {

    /** Validates the fields; bad ones raise {@link InvalidNetworkException} naming the field. */
    public CounterKey {
        if (device == null || device.isBlank()) {
            throw new InvalidNetworkException("counter.device", "must not be blank");
        }
        if (iface == null || iface.isBlank()) {
            throw new InvalidNetworkException("counter[" + device + "].interface", "must not be blank");
        }
        if (kind == null) {
            throw new InvalidNetworkException("counter[" + device + "/" + iface + "].kind", "must not be null");
        }
    }

    /** The key of {@code kind} on {@code device}'s {@code iface}. */
    public static CounterKey of(String device, String iface, CounterKind kind) {
        return new CounterKey(device, iface, kind);
    }

    @Override
    public String toString() {
        return device + "/" + iface + "/" + kind;
    }
}
