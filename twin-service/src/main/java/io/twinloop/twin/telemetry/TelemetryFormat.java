package io.twinloop.twin.telemetry;

import io.twinloop.model.InvalidNetworkException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The message formats of a Kafka telemetry source. */
public enum TelemetryFormat {
    /** gnmic's {@code event} JSON output: a JSON array of events (name, timestamp in ns, tags, values). */
    GNMIC_EVENT("gnmic-event"),
    /** Telegraf's JSON serializer output (gnmi and snmp inputs): fields, name, tags, timestamp. */
    TELEGRAF_JSON("telegraf-json"),
    /** The twin's own protobuf {@code IngestTelemetryRequest} messages. */
    TWINLOOP_PROTO("twinloop-proto");

    private final String id;

    TelemetryFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line and in the API. */
    public String id() {
        return id;
    }

    /**
     * The format named {@code name} (case-insensitive).
     *
     * @throws InvalidNetworkException naming the known formats
     */
    public static TelemetryFormat parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (TelemetryFormat f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new InvalidNetworkException("format", (n.isEmpty() ? "a format is required" : "unknown format '" + name + "'")
                + "; known: " + Arrays.stream(values()).map(TelemetryFormat::id).collect(Collectors.joining(", ")));
    }
}
