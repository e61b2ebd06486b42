package io.twinloop.model;

import java.util.List;

/**
 * Thrown when a request names network elements that do not exist (a plan changing link
 * {@code L9} on a network without it). Services map it to NOT_FOUND; {@link #kind()} says what kind
 * of element was looked up and {@link #ids()} lists every unknown id of the request at once, so one
 * round trip reports them all.
 */
public class UnknownElementException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final List<String> ids;

    /**
     * @param kind    the element kind, e.g. {@code link} or {@code node}
     * @param ids     the unknown ids, at least one
     * @param network the network they were looked up in (for the message)
     */
    public UnknownElementException(String kind, List<String> ids, String network) {
        super("unknown " + kind + (ids.size() == 1 ? " '" : "s '") + String.join("', '", ids) + "' in network '"
                + network + "'");
        this.kind = kind;
        this.ids = List.copyOf(ids);
    }

    /** The kind of element, e.g. {@code link}. */
    public String kind() {
        return kind;
    }

    /** The first unknown id. */
    public String id() {
        return ids.get(0);
    }

    /** Every unknown id, in the order they were found. */
    public List<String> ids() {
        return ids;
    }
}
