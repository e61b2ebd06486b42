package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.LinkChange;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

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
            System.out.printf("network %s: version %d -> %d, %d link changes%n", r.getNetwork(), r.getFromVersion(),
                    r.getToVersion(), r.getLinkChangesCount());
            for (LinkChange c : r.getLinkChangesList()) {
                String kind = c.getKind().name().replace("CHANGE_KIND_", "").toLowerCase();
                StringBuilder what = new StringBuilder();
                for (String f : c.getChangedFieldsList()) {
                    Object before = c.getBefore().getField(c.getBefore().getDescriptorForType().findFieldByName(f));
                    Object after = c.getAfter().getField(c.getAfter().getDescriptorForType().findFieldByName(f));
                    what.append(' ').append(f).append(' ').append(before).append(" -> ").append(after);
                }
                var l = c.hasAfter() ? c.getAfter() : c.getBefore();
                System.out.printf("  %-8s %-24s %s -> %s%s%n", kind, c.getLinkId(), l.getSrc(), l.getDst(), what);
            }
            return 0;
        }
    }
}
