package io.twinloop.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import java.util.Locale;

/** Formatting helpers shared by commands: JSON for scripts, human units for tables. */
public final class Output {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private Output() {
    }

    /** The message as JSON with lowerCamelCase names and every field present. */
    public static String json(MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String percent(double fraction) {
        if (Double.isInfinite(fraction)) {
            return fraction > 0 ? "inf (no capacity)" : "-inf";
        }
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A rate in bit/s with an SI prefix, e.g. {@code 9.92 Gbit/s}. */
    public static String rate(double bps) {
        double abs = Math.abs(bps);
        if (abs >= 1e12) return String.format(Locale.ROOT, "%.2f Tbit/s", bps / 1e12);
        if (abs >= 1e9) return String.format(Locale.ROOT, "%.2f Gbit/s", bps / 1e9);
        if (abs >= 1e6) return String.format(Locale.ROOT, "%.2f Mbit/s", bps / 1e6);
        if (abs >= 1e3) return String.format(Locale.ROOT, "%.2f kbit/s", bps / 1e3);
        return String.format(Locale.ROOT, "%.0f bit/s", bps);
    }

    public static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f", millis);
    }
}
