package io.twinloop.forecast.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the time labels of traffic series ({@code yyyyMMdd-HHmm}, {@code yyyyMMdd} or ISO-8601
 * instants, all UTC) and writes future step times in the same style: {@code yyyyMMdd-HHmm} when
 * the history uses it, otherwise ISO-8601.
 */
public final class TimeLabels {
    private static final DateTimeFormatter COMPACT_MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
    private static final DateTimeFormatter COMPACT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private TimeLabels() {
    }

    /** The instant of a label, or empty when it is not a time this class reads. */
    public static Optional<Instant> parse(String label) {
        if (label == null || label.isBlank()) {
            return Optional.empty();
        }
        try {
            if (isCompactMinute(label)) {
                return Optional.of(LocalDateTime.parse(label, COMPACT_MINUTE).toInstant(ZoneOffset.UTC));
            }
            if (label.length() == 8) {
                return Optional.of(LocalDate.parse(label, COMPACT_DAY).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            return Optional.of(Instant.parse(label));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The label {@code seconds} after {@code label}, in the label's style; empty when the label
     * cannot be read or the offset is not positive.
     */
    public static String plus(String label, long seconds) {
        if (seconds <= 0) {
            return "";
        }
        return parse(label).map(t -> format(t.plusSeconds(seconds), label)).orElse("");
    }

    /** {@code time} in the style of {@code styleLabel}. */
    static String format(Instant time, String styleLabel) {
        return isCompactMinute(styleLabel)
                ? COMPACT_MINUTE.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC))
                : time.toString();
    }

    private static boolean isCompactMinute(String label) {
        return label.length() == 13 && label.charAt(8) == '-';
    }
}
