package io.twinloop.model;

/**
 * A router or point of presence. The {@code name} is the node's identity inside a
 * {@link Network} (links and demands refer to nodes by name), so it must be non-blank and unique
 * within the network.
 *
 * @param name        unique, non-blank node name (kept exactly as in the source file)
 * @param coordinates position, or {@code null} when the source has none
 */
public record Node(String name, Coordinates coordinates) {

    /** Validates the name. */
    public Node {
        Checks.name("node.name", name);
    }

    /** A node without coordinates. */
    public Node(String name) {
        this(name, null);
    }
}
