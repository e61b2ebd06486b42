package io.twinloop.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The time labels of traffic series, one reading for the twin and the forecaster: {@code yyyyMMdd-HHmm}
 * and {@code yyyyMMdd} (the SNDlib-derived CSVs) or ISO-8601 instants, all UTC. A later time is written
 * in the label's own style when the offset fits it ({@code yyyyMMdd-HHmm} for whole minutes,
 * {@code yyyyMMdd} for whole days), otherwise as an ISO-8601 instant.
 */
public final class TimeLabels {
    private static final DateTimeFormatter COMPACT_MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
    private static final DateTimeFormatter COMPACT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private TimeLabels() {
    }

    /** The instant of a label, or empty when it is not a time this class reads. */
    public static Optional<Instant> parse(String label) {
        OptionalLong t = epochSeconds(label);
        return t.isPresent() ? Optional.of(Instant.ofEpochSecond(t.getAsLong())) : Optional.empty();
    }

    /** Epoch seconds of a label, or empty when it is not a time this class reads. */
    public static OptionalLong epochSeconds(String label) {
        if (label == null || label.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            if (isCompactMinute(label)) {
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
     * The label {@code seconds} after {@code label}, in the label's style (see the class comment);
     * empty when the label cannot be read or {@code seconds} is not positive.
     */
    public static String plus(String label, long seconds) {
        OptionalLong t = epochSeconds(label);
        if (t.isEmpty() || seconds <= 0) {
            return "";
        }
        LocalDateTime at = LocalDateTime.ofEpochSecond(t.getAsLong() + seconds, 0, ZoneOffset.UTC);
        if (isCompactMinute(label) && seconds % 60 == 0) {
            return COMPACT_MINUTE.format(at);
        }
        if (label.length() == 8 && seconds % 86_400 == 0) {
            return COMPACT_DAY.format(at);
        }
        return at.toInstant(ZoneOffset.UTC).toString();
    }

    /**
     * The regular step of a series in seconds: the most common positive difference between
     * consecutive readable labels (the shorter one on a tie), or 0 when there are fewer than two.
     */
    public static int stepSeconds(List<String> labels) {
        Map<Long, Integer> counts = new HashMap<>();
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
                .max(Map.Entry.<Long, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(e -> (int) Math.min(Integer.MAX_VALUE, e.getKey()))
                .orElse(0);
    }

    private static boolean isCompactMinute(String label) {
        return label.length() == 13 && label.charAt(8) == '-';
    }
}
