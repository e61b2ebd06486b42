package io.twinloop.model;

/**
 * Thrown when a topology or traffic file cannot be read: it is malformed or truncated, refers to
 * things that do not exist, is in an unknown format, or exceeds the import limits.
 *
 * <p>Importers never let {@code NullPointerException}s or raw parser exceptions escape; every
 * problem with the input is reported as this unchecked exception, carrying the input
 * {@link #format()}, the 1-based {@link #line()} where the problem was found ({@code -1} when the
 * position is not known) and the {@link #reason()}. The message says what was wrong and where,
 * for example {@code GML import failed at line 12: unterminated string}.
 */
public class ImportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String format;
    private final int line;
    private final String reason;

    /**
     * @param format the input format, e.g. {@code SNDLIB_XML}, {@code GML} or {@code TRAFFIC_CSV}
     * @param line   the 1-based line of the problem, or -1 if unknown
     * @param reason what was wrong
     */
    public ImportException(String format, int line, String reason) {
        this(format, line, reason, null);
    }

    /**
     * @param format the input format
     * @param line   the 1-based line of the problem, or -1 if unknown
     * @param reason what was wrong
     * @param cause  the underlying parser exception, may be null
     */
    public ImportException(String format, int line, String reason, Throwable cause) {
        super(message(format, line, reason), cause);
        this.format = format == null ? "UNKNOWN" : format;
        this.line = line > 0 ? line : -1;
        this.reason = reason == null ? "unknown problem" : reason;
    }

    private static String message(String format, int line, String reason) {
        String f = format == null ? "UNKNOWN" : format;
        String r = reason == null ? "unknown problem" : reason;
        return line > 0 ? f + " import failed at line " + line + ": " + r : f + " import failed: " + r;
    }

    /** The input format, e.g. {@code SNDLIB_XML}, {@code GML}, {@code GRAPHML}, {@code NODE_LINK_JSON}, {@code IETF_NETWORK_JSON}, {@code NETBOX_JSON} or {@code TRAFFIC_CSV}. */
    public String format() {
        return format;
    }

    /** The 1-based line where the problem was found, or -1 when the position is not known. */
    public int line() {
        return line;
    }

    /** What was wrong, without the format and line prefix. */
    public String reason() {
        return reason;
    }
}
