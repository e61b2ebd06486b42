package io.twinloop.model.rules;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks of a plan that need no simulation: its size against {@link Guardrails#maxChanges()},
 * the links its actions name, and whether an action touches a protected element in the one sense
 * {@link Guardrails} defines. Every caller (the planner's optimizer, the guard on an LLM's plan,
 * the gateway's verification) gets the same verdict and the same reason text for the same plan.
 *
 * <p>One violation is reported per action: the first of unknown link, touched protected link,
 * touched protected node, in that order of checking (for a policy: its endpoints first, then each
 * path hop by hop). Path validity itself (hops that exist, no loops, fractions) is checked where
 * the plan is applied ({@code Plan.applyTo}), not here.
 */
public final class PlanChecks {

    /**
     * A link as the checks see it.
     *
     * @param id  link id
     * @param src source node name
     * @param dst destination node name
     */
    public record LinkEnds(String id, String src, String dst) {
        /** Validates. */
        public LinkEnds {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(src, "src");
            Objects.requireNonNull(dst, "dst");
        }

        /** The ends of a model link. */
        public static LinkEnds of(Link l) {
            return new LinkEnds(l.id(), l.src(), l.dst());
        }
    }

    /** What is wrong with a plan. */
    public enum Kind {
        /** More actions than {@link Guardrails#maxChanges()}. */
        TOO_MANY_CHANGES,
        /** An action names a link the network lacks. */
        UNKNOWN_LINK,
        /** An action touches a protected link. */
        PROTECTED_LINK,
        /** An action touches a protected node. */
        PROTECTED_NODE
    }

    /**
     * One reason a plan is rejected.
     *
     * @param kind        what is wrong
     * @param actionIndex the 0-based index of the action, or -1 for the plan as a whole
     * @param element     the link id or node name concerned ({@code ""} for the plan as a whole)
     * @param reason      the reason, naming the element (without the action index)
     */
    public record Violation(Kind kind, int actionIndex, String element, String reason) {
        /** The reason as shown to people and models: {@code "actions[i]: "} then the reason. */
        public String message() {
            return actionIndex < 0 ? reason : "actions[" + actionIndex + "]: " + reason;
        }

        @Override
        public String toString() {
            return message();
        }
    }

    /**
     * The verdict on a plan.
     *
     * @param violations what is wrong, in action order (empty = accepted)
     */
    public record Verdict(List<Violation> violations) {
        /** Copies. */
        public Verdict {
            violations = List.copyOf(violations);
        }

        /** Whether the plan passed every check. */
        public boolean accepted() {
            return violations.isEmpty();
        }

        /** The messages of the violations, in order. */
        public List<String> reasons() {
            return violations.stream().map(Violation::message).toList();
        }
    }

    private final Guardrails guardrails;
    private final Map<String, LinkEnds> byId = new HashMap<>();
    private final Map<String, List<LinkEnds>> byHop = new HashMap<>();

    /**
     * Checks against {@code guardrails} on a network with {@code links}.
     *
     * @param links the network's links
     */
    public PlanChecks(Guardrails guardrails, Collection<LinkEnds> links) {
        this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
        for (LinkEnds l : links) {
            byId.put(l.id(), l);
            byHop.computeIfAbsent(l.src() + "\u0000" + l.dst(), k -> new ArrayList<>()).add(l);
        }
    }

    /** Checks against {@code guardrails} on {@code network}. */
    public PlanChecks(Guardrails guardrails, Network network) {
        this(guardrails, network.links().stream().map(LinkEnds::of).toList());
    }

    /** The guardrails checked. */
    public Guardrails guardrails() {
        return guardrails;
    }

    /** The verdict on a plan of {@code actions}. */
    public Verdict check(List<? extends PlanAction> actions) {
        List<Violation> out = new ArrayList<>();
        Violation size = size(actions.size(), guardrails.maxChanges());
        if (size != null) {
            out.add(size);
        }
        for (int i = 0; i < actions.size(); i++) {
            Violation v = check(i, actions.get(i));
            if (v != null) {
                out.add(v);
            }
        }
        return new Verdict(out);
    }

    /**
     * The violation of a plan of {@code actions} actions against the change limit, or null; for
     * callers that refuse an oversized plan before reading its actions.
     */
    public static Violation size(int actions, int maxChanges) {
        return actions <= maxChanges ? null : new Violation(Kind.TOO_MANY_CHANGES, -1, "", actions
                + " changes exceed the limit of " + maxChanges + " (the churn limit)");
    }

    /**
     * A name as it appears in a reason: control characters replaced, at most
     * {@value #MAX_NAME_CHARS} characters (names may come from untrusted plans).
     */
    static String shown(String name) {
        String one = name.replaceAll("\\p{Cntrl}", " ");
        return one.length() <= MAX_NAME_CHARS ? one : one.substring(0, MAX_NAME_CHARS) + "...";
    }

    /** Longest name shown in a reason. */
    static final int MAX_NAME_CHARS = 160;

    /** The violation of the action at {@code index}, or null if it passes. */
    public Violation check(int index, PlanAction a) {
        if (a instanceof SetPathPolicy p) {
            return checkPolicy(index, p);
        }
        String what = a instanceof SetLinkWeight ? "its IGP weight"
                : a instanceof SetLinkAdminState ? "its administrative state" : "its capacity";
        LinkEnds l = byId.get(a.linkId());
        if (l == null) {
            return new Violation(Kind.UNKNOWN_LINK, index, a.linkId(), "unknown link '" + shown(a.linkId()) + "'");
        }
        if (guardrails.protectedLinkIds().contains(l.id())) {
            return new Violation(Kind.PROTECTED_LINK, index, l.id(), "touches protected link '" + l.id()
                    + "' (changes " + what + ")");
        }
        for (String n : List.of(l.src(), l.dst())) {
            if (guardrails.protectedNodeNames().contains(n)) {
                return new Violation(Kind.PROTECTED_NODE, index, n, "touches protected node '" + n + "' (changes "
                        + what.replace("its ", "the ") + " of its link '" + l.id() + "')");
            }
        }
        return null;
    }

    private Violation checkPolicy(int index, SetPathPolicy p) {
        String policy = "the policy " + shown(p.src()) + "->" + shown(p.dst());
        if (guardrails.protectedNodeNames().contains(p.src())) {
            return new Violation(Kind.PROTECTED_NODE, index, p.src(), "touches protected node '" + p.src() + "' ("
                    + policy + " starts there)");
        }
        if (guardrails.protectedNodeNames().contains(p.dst())) {
            return new Violation(Kind.PROTECTED_NODE, index, p.dst(), "touches protected node '" + p.dst() + "' ("
                    + policy + " ends there)");
        }
        for (WeightedPath wp : p.paths()) {
            List<String> nodes = wp.nodes();
            for (int k = 0; k < nodes.size(); k++) {
                String node = nodes.get(k);
                if (guardrails.protectedNodeNames().contains(node)) {
                    return new Violation(Kind.PROTECTED_NODE, index, node, "touches protected node '" + node + "' ("
                            + policy + " routes through it)");
                }
                if (k > 0) {
                    for (LinkEnds l : byHop.getOrDefault(nodes.get(k - 1) + "\u0000" + node, List.of())) {
                        if (guardrails.protectedLinkIds().contains(l.id())) {
                            return new Violation(Kind.PROTECTED_LINK, index, l.id(), "touches protected link '" + l.id()
                                    + "' (" + policy + " routes over it)");
                        }
                    }
                }
            }
        }
        return null;
    }
}
