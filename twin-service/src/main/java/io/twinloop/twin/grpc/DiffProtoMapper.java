package io.twinloop.twin.grpc;

import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.NetworkDiff;
import io.twinloop.proto.twin.v1.ChangeKind;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.LinkChange;
import io.twinloop.proto.twin.v1.NodeChange;
import io.twinloop.proto.twin.v1.PathPolicyChange;

/** Stateless translation of a {@link NetworkDiff} into the changes of a {@link DiffVersionsResponse}. */
final class DiffProtoMapper {

    private DiffProtoMapper() {
    }

    /** Adds every link, node and path-policy change of {@code diff}, and its churn, to {@code out}. */
    static DiffVersionsResponse.Builder addChanges(DiffVersionsResponse.Builder out, NetworkDiff diff) {
        for (NetworkDiff.LinkChange c : diff.links()) {
            LinkChange.Builder b = LinkChange.newBuilder().setLinkId(c.id()).setKind(kind(c.kind()))
                    .addAllChangedFields(c.changedFields());
            if (c.before() != null) b.setBefore(TwinProtoMapper.link(c.before()));
            if (c.after() != null) b.setAfter(TwinProtoMapper.link(c.after()));
            out.addLinkChanges(b);
        }
        for (NetworkDiff.NodeChange c : diff.nodes()) {
            NodeChange.Builder b = NodeChange.newBuilder().setName(c.name()).setKind(kind(c.kind()));
            if (c.before() != null) b.setBefore(TwinProtoMapper.node(c.before()));
            if (c.after() != null) b.setAfter(TwinProtoMapper.node(c.after()));
            out.addNodeChanges(b);
        }
        for (NetworkDiff.PolicyChange c : diff.policies()) {
            PathPolicyChange.Builder b = PathPolicyChange.newBuilder().setKind(kind(c.kind()));
            if (c.before() != null) b.setBefore(policy(c.before()));
            if (c.after() != null) b.setAfter(policy(c.after()));
            out.addPathPolicyChanges(b);
        }
        return out.setChurn(diff.churn());
    }

    static io.twinloop.proto.common.v1.SetPathPolicy policy(PathPolicy p) {
        io.twinloop.proto.common.v1.SetPathPolicy.Builder b = io.twinloop.proto.common.v1.SetPathPolicy.newBuilder()
                .setSrc(p.src()).setDst(p.dst());
        for (WeightedPath w : p.paths()) {
            b.addPaths(io.twinloop.proto.common.v1.WeightedPath.newBuilder().addAllNodes(w.nodes())
                    .setFraction(w.fraction()));
        }
        return b.build();
    }

    private static ChangeKind kind(NetworkDiff.Kind k) {
        return switch (k) {
            case ADDED -> ChangeKind.CHANGE_KIND_ADDED;
            case REMOVED -> ChangeKind.CHANGE_KIND_REMOVED;
            case MODIFIED -> ChangeKind.CHANGE_KIND_MODIFIED;
        };
    }
}
