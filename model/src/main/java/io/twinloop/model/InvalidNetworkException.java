package io.twinloop.model;

import java.util.List;

/**
 * Thrown when a network, one of its parts, a traffic series or a plan is inconsistent or out of
 * range (a duplicate node name, a link to a node that does not exist, a negative capacity, a plan
 * naming an unknown link, ...).
 *
 * <p>It is unchecked (an {@link IllegalArgumentException}) because it always means that the caller
 * passed a bad value, and it is structured so that services can report it precisely: {@link #field()}
 * names the offending element (for example {@code links[ATLAM5_ATLAng].capacityBps}) and
 * {@link #reason()} says what is wrong with it. The message combines both.
 */
public class InvalidNetworkException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;
    private final List<String> violations;

    /**
     * @param field  the offending element, e.g. {@code nodes[3].name}; never null in the result
     * @param reason what is wrong with it, in plain words
     */
    public InvalidNetworkException(String field, String reason) {
        this(field, reason, null);
    }

    /**
     * @param field  the offending element
     * @param reason what is wrong with it
     * @param cause  the underlying problem, may be null
     */
    public InvalidNetworkException(String field, String reason, Throwable cause) {
        super("invalid " + (field == null ? "value" : field) + ": " + (reason == null ? "invalid" : reason), cause);
        this.field = field == null ? "" : field;
        this.reason = reason == null ? "invalid" : reason;
        this.violations = List.of(this.field.isEmpty() ? this.reason : this.field + ": " + this.reason);
    }

    /**
     * Several violations found in one validation pass (for example every broken path of every path
     * policy), reported together so that the caller can fix them all at once. The message lists
     * them all; {@link #reason()} is {@code "N violations: v1; v2; ..."}.
     *
     * @param field      the element that holds them, e.g. {@code pathPolicies}
     * @param violations one entry per violation, each naming its element; at least one
     */
    public InvalidNetworkException(String field, List<String> violations) {
        super("invalid " + (field == null ? "value" : field) + ": " + summary(violations));
        this.field = field == null ? "" : field;
        this.reason = summary(violations);
        this.violations = violations == null || violations.isEmpty() ? List.of(this.reason) : List.copyOf(violations);
    }

    private static String summary(List<String> violations) {
        if (violations == null || violations.isEmpty()) {
            return "invalid";
        }
        return violations.size() == 1 ? violations.get(0)
                : violations.size() + " violations: " + String.join("; ", violations);
    }

    /**
     * Every violation found, each as text naming its element; a single-field exception has one
     * entry, {@code field: reason}.
     */
    public List<String> violations() {
        return violations;
    }

    /** The offending element, for example {@code links[L1].igpWeight} or {@code demands[4].dst}. */
    public String field() {
        return field;
    }

    /** What is wrong with {@link #field()}. */
    public String reason() {
        return reason;
    }
}
