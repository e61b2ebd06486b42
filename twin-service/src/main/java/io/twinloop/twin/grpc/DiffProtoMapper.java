package io.twinloop.twin.grpc;

import io.twinloop.platform.proto.Translator;
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
            if (c.before() != null) b.setBefore(Translator.link(c.before()));
            if (c.after() != null) b.setAfter(Translator.link(c.after()));
            out.addLinkChanges(b);
        }
        for (NetworkDiff.NodeChange c : diff.nodes()) {
            NodeChange.Builder b = NodeChange.newBuilder().setName(c.name()).setKind(kind(c.kind()));
            if (c.before() != null) b.setBefore(Translator.node(c.before()));
            if (c.after() != null) b.setAfter(Translator.node(c.after()));
            out.addNodeChanges(b);
        }
        for (NetworkDiff.PolicyChange c : diff.policies()) {
            PathPolicyChange.Builder b = PathPolicyChange.newBuilder().setKind(kind(c.kind()));
            if (c.before() != null) b.setBefore(Translator.pathPolicy(c.before()));
            if (c.after() != null) b.setAfter(Translator.pathPolicy(c.after()));
            out.addPathPolicyChanges(b);
        }
        return out.setChurn(diff.churn());
    }

    private static ChangeKind kind(NetworkDiff.Kind k) {
        return switch (k) {
            case ADDED -> ChangeKind.CHANGE_KIND_ADDED;
            case REMOVED -> ChangeKind.CHANGE_KIND_REMOVED;
            case MODIFIED -> ChangeKind.CHANGE_KIND_MODIFIED;
        };
    }
}
