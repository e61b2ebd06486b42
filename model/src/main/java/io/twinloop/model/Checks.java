package io.twinloop.model;

/**
 * Shared argument checks of the domain records; all failures are {@link InvalidNetworkException}s.
 * Field names are passed in parts ({@code kind[key]field}) and only concatenated on failure,
 * because records such as {@link Demand} and {@link TrafficSample} are created in bulk on hot paths.
 */
final class Checks {

    private Checks() {
    }

    private static String f(String kind, Object key, String field) {
        return kind == null ? field : kind + "[" + key + "]" + field;
    }

    static String name(String kind, Object key, String field, String value) {
        if (value == null) {
            throw new InvalidNetworkException(f(kind, key, field), "must not be null");
        }
        if (value.isBlank()) {
            throw new InvalidNetworkException(f(kind, key, field), "must not be blank");
        }
        return value;
    }

    static String name(String field, String value) {
        return name(null, null, field, value);
    }

    static double finite(String kind, Object key, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidNetworkException(f(kind, key, field), "must be a finite number, got " + value);
        }
        return value;
    }

    static double finite(String field, double value) {
        return finite(null, null, field, value);
    }

    static double nonNegative(String kind, Object key, String field, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            finite(kind, key, field, value);
            throw new InvalidNetworkException(f(kind, key, field), "must be >= 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        return nonNegative(null, null, field, value);
    }

    static double positive(String kind, Object key, String field, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            finite(kind, key, field, value);
            throw new InvalidNetworkException(f(kind, key, field), "must be > 0, got " + value);
        }
        return value;
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidNetworkException(field, "must not be null");
        }
        return value;
    }
}
