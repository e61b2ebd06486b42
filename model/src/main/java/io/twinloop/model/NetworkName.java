package io.twinloop.model;

import java.util.regex.Pattern;

/**
 * The one rule for network names, applied by every service and the CLI: 1 to {@value #MAX_LENGTH}
 * ASCII letters, digits, {@code '.'}, {@code '_'} or {@code '-'}, beginning with a letter or digit.
 * So a name is always one safe path segment (a REST path, a model-registry directory): never
 * {@code .}, {@code ..} or a hidden {@code .name}, never a {@code /}, whitespace or a control
 * character, never an option-like {@code -name}.
 *
 * <p>Names stored before this rule existed were checked only against the character set
 * ({@link #isStored}); such a network stays readable at the twin and can be deleted everywhere,
 * but nothing new is created under its name.
 */
public final class NetworkName {
    /** Longest name, in characters. */
    public static final int MAX_LENGTH = 100;
    /** The rule in words, as refusals quote it. */
    public static final String RULE = "use 1-" + MAX_LENGTH
            + " letters, digits, '.', '_' or '-', beginning with a letter or digit";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    /** The earlier, looser rule: the character set only. */
    private static final Pattern STORED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    /** Longest part of a refused name quoted back. */
    private static final int QUOTED = 60;

    private NetworkName() {
    }

    /** Whether {@code name} follows the rule. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code name} may name a network stored under the earlier rule (every valid name may). */
    public static boolean isStored(String name) {
        return name != null && STORED.matcher(name).matches();
    }

    /** Why {@code name} is not a valid network name, or null when it is. */
    public static String problem(String name) {
        return problem("network name", name);
    }

    /**
     * Why {@code name} is not valid under the rule, or null when it is; {@code what} names the
     * value in the message (e.g. "model name" for names that default to a network's).
     */
    public static String problem(String what, String name) {
        if (name == null || name.isEmpty()) {
            return what + " is required";
        }
        return isValid(name) ? null : what + " " + quote(name) + " is invalid: " + RULE;
    }

    /**
     * Why {@code name} cannot name a stored network, or null when it can: the rule's message for
     * anything outside the earlier character set, so a name is refused with the same words everywhere.
     */
    public static String storedProblem(String name) {
        if (isStored(name)) {
            return null;
        }
        return problem(name);
    }

    /** {@code name} in quotes, control characters escaped, cut after {@value #QUOTED} characters. */
    static String quote(String name) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(name.length(), QUOTED);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\'');
        if (name.length() > QUOTED) {
            b.insert(b.length() - 1, "...").append(" (").append(name.length()).append(" characters)");
        }
        return b.toString();
    }
}
