package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.SetPathPolicy;
import io.twinloop.proto.twin.v1.ChangeKind;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.LinkChange;
import io.twinloop.proto.twin.v1.NodeChange;
import io.twinloop.proto.twin.v1.PathPolicyChange;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Shows how two versions of a network differ. */
@Command(name = "diff", description = "Show what changed between two versions of a network.")
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Parameters(index = "1", description = "older version")
    long from;

    @Parameters(index = "2", description = "newer version (0 = latest)")
    long to;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            DiffVersionsResponse r = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .diffVersions(DiffVersionsRequest.newBuilder().setNetwork(network).setFromVersion(from)
                            .setToVersion(to).build());
            if (json) {
                System.out.println(Output.json(r));
                return 0;
            }
            System.out.printf("network %s: version %d -> %d, churn %d: %d link, %d node, %d path-policy changes%n",
                    r.getNetwork(), r.getFromVersion(), r.getToVersion(), r.getChurn(), r.getLinkChangesCount(),
                    r.getNodeChangesCount(), r.getPathPolicyChangesCount());
            for (LinkChange c : r.getLinkChangesList()) {
                StringBuilder what = new StringBuilder();
                for (String f : c.getChangedFieldsList()) {
                    Object before = c.getBefore().getField(c.getBefore().getDescriptorForType().findFieldByName(f));
                    Object after = c.getAfter().getField(c.getAfter().getDescriptorForType().findFieldByName(f));
                    what.append(' ').append(f).append(' ').append(before).append(" -> ").append(after);
                }
                var l = c.hasAfter() ? c.getAfter() : c.getBefore();
                System.out.printf("  %-8s link   %-24s %s -> %s%s%n", kind(c.getKind()), c.getLinkId(), l.getSrc(),
                        l.getDst(), what);
            }
            for (NodeChange c : r.getNodeChangesList()) {
                String what = c.getKind() == ChangeKind.CHANGE_KIND_MODIFIED
                        ? " coordinates " + coordinates(c.getBefore()) + " -> " + coordinates(c.getAfter()) : "";
                System.out.printf("  %-8s node   %s%s%n", kind(c.getKind()), c.getName(), what);
            }
            for (PathPolicyChange c : r.getPathPolicyChangesList()) {
                SetPathPolicy p = c.hasAfter() ? c.getAfter() : c.getBefore();
                String what = c.hasBefore() && c.hasAfter() ? paths(c.getBefore()) + " -> " + paths(c.getAfter())
                        : paths(p);
                System.out.printf("  %-8s policy %s -> %s: %s%n", kind(c.getKind()), p.getSrc(), p.getDst(), what);
            }
            return 0;
        }
    }

    private static String kind(ChangeKind k) {
        return k.name().replace("CHANGE_KIND_", "").toLowerCase(Locale.ROOT);
    }

    private static String coordinates(Node n) {
        return n.hasLatitude() && n.hasLongitude() ? "(" + n.getLongitude() + ", " + n.getLatitude() + ")" : "none";
    }

    /** The paths of a policy, e.g. {@code A-B-D 75% + A-C-D 25%}. */
    private static String paths(SetPathPolicy p) {
        return p.getPathsList().stream()
                .map(w -> String.join("-", w.getNodesList()) + " " + Math.round(w.getFraction() * 1000) / 10.0 + "%")
                .collect(Collectors.joining(" + "));
    }
}
