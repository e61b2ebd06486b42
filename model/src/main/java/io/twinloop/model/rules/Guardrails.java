package io.twinloop.model.rules;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The limits a plan must respect (the model side of {@code common.v1.Guardrails}).
 *
 * <p><b>Touching a protected element</b> has one meaning, checked by {@link PlanChecks}: an action
 * touches a protected link {@code L} or a protected node {@code N} when
 * <ol>
 *   <li>it changes {@code L}'s IGP weight, administrative state or capacity, or those of any link
 *       of {@code N} (a link whose source or destination is {@code N});</li>
 *   <li>it installs a path policy with an explicit path that traverses {@code L} (a hop from
 *       {@code L}'s source to its destination; with parallel links every one of them counts as
 *       traversed, since the hop does not say which one carries the traffic) or passes through
 *       {@code N};</li>
 *   <li>it installs, replaces or removes the path policy of a pair whose source or destination is
 *       {@code N}: the policy is configuration at {@code N} (the head-end) or steers all of
 *       {@code N}'s traffic for that pair, so a protected node's policies are left as they are
 *       (any explicit path of such a policy also uses a link of {@code N}, so rule 2 says the same
 *       for every policy that is not a removal).</li>
 * </ol>
 * Traffic that merely crosses a protected element under IGP routing does not touch it: protecting
 * an element freezes its configuration, not the traffic on it.
 *
 * @param maxLinkUtilization the highest MLU a plan may leave (fraction; 0 = no limit here, the
 *                           caller resolves defaults)
 * @param maxChanges         the most actions in a plan
 * @param protectedLinkIds   links no action may touch
 * @param protectedNodeNames nodes no action may touch
 * @param allowUnrouted      whether a plan may leave demand unrouted that is routed today
 */
public record Guardrails(double maxLinkUtilization, int maxChanges, Set<String> protectedLinkIds,
                         Set<String> protectedNodeNames, boolean allowUnrouted) {

    /** Validates and copies (keeping the given order). */
    public Guardrails {
        if (!(maxLinkUtilization >= 0) || Double.isInfinite(maxLinkUtilization)) {
            throw new IllegalArgumentException("maxLinkUtilization must be finite and >= 0, got " + maxLinkUtilization);
        }
        if (maxChanges < 0) {
            throw new IllegalArgumentException("maxChanges must be >= 0, got " + maxChanges);
        }
        protectedLinkIds = ordered(protectedLinkIds, "protectedLinkIds");
        protectedNodeNames = ordered(protectedNodeNames, "protectedNodeNames");
    }

    /** Guardrails that only limit the number of changes and protect the given elements. */
    public static Guardrails protecting(int maxChanges, Collection<String> links, Collection<String> nodes) {
        return new Guardrails(0, maxChanges, new LinkedHashSet<>(links), new LinkedHashSet<>(nodes), false);
    }

    /** Whether anything is protected. */
    public boolean protectsAnything() {
        return !protectedLinkIds.isEmpty() || !protectedNodeNames.isEmpty();
    }

    /**
     * The links whose configuration rule 1 freezes: the protected links and every link of a
     * protected node, in the order of {@code links}.
     *
     * @param links the network's links as (id, source, destination)
     */
    public Set<String> frozenLinkIds(Collection<PlanChecks.LinkEnds> links) {
        Set<String> out = new LinkedHashSet<>();
        for (PlanChecks.LinkEnds l : links) {
            if (protectedLinkIds.contains(l.id()) || protectedNodeNames.contains(l.src())
                    || protectedNodeNames.contains(l.dst())) {
                out.add(l.id());
            }
        }
        return out;
    }

    private static Set<String> ordered(Set<String> in, String what) {
        Objects.requireNonNull(in, what);
        Set<String> out = new LinkedHashSet<>();
        for (String s : in) {
            out.add(Objects.requireNonNull(s, what + " element"));
        }
        return java.util.Collections.unmodifiableSet(out);
    }
}
