package io.twinloop.twin.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the time labels of traffic series: {@code yyyyMMdd-HHmm} and {@code yyyyMMdd}
 * (the SNDlib-derived CSVs), or ISO-8601 instants. Times are taken as UTC.
 */
public final class TimeLabels {
    private static final DateTimeFormatter COMPACT_MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
    private static final DateTimeFormatter COMPACT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private TimeLabels() {
    }

    /** Epoch seconds of a label, or empty when it is not a time this class reads. */
    public static OptionalLong epochSeconds(String label) {
        if (label == null || label.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            if (label.length() == 13 && label.charAt(8) == '-') {
                return OptionalLong.of(LocalDateTime.parse(label, COMPACT_MINUTE).toEpochSecond(ZoneOffset.UTC));
            }
            if (label.length() == 8) {
                return OptionalLong.of(LocalDate.parse(label, COMPACT_DAY).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
            }
            return OptionalLong.of(Instant.parse(label).getEpochSecond());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The label {@code seconds} after {@code label}, in the label's style ({@code yyyyMMdd-HHmm},
     * {@code yyyyMMdd} when whole days apart, else ISO-8601); empty when the label is not readable.
     */
    public static String plus(String label, long seconds) {
        OptionalLong t = epochSeconds(label);
        if (t.isEmpty()) {
            return "";
        }
        LocalDateTime at = LocalDateTime.ofEpochSecond(t.getAsLong() + seconds, 0, ZoneOffset.UTC);
        if (label.length() == 13 && label.charAt(8) == '-' && seconds % 60 == 0) {
            return COMPACT_MINUTE.format(at);
        }
        if (label.length() == 8 && seconds % 86_400 == 0) {
            return COMPACT_DAY.format(at);
        }
        return at.toInstant(ZoneOffset.UTC).toString();
    }

    /**
     * The regular step of a series in seconds: the most common positive difference between
     * consecutive readable labels, or 0 when there are fewer than two.
     */
    public static int stepSeconds(List<String> labels) {
        java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
        Long previous = null;
        for (String label : labels) {
            OptionalLong t = epochSeconds(label);
            if (t.isEmpty()) {
                previous = null;
                continue;
            }
            if (previous != null && t.getAsLong() > previous) {
                counts.merge(t.getAsLong() - previous, 1, Integer::sum);
            }
            previous = t.getAsLong();
        }
        return counts.entrySet().stream()
                .max(java.util.Map.Entry.<Long, Integer>comparingByValue()
                        .thenComparing(java.util.Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .map(e -> (int) Math.min(Integer.MAX_VALUE, e.getKey()))
                .orElse(0);
    }
}
