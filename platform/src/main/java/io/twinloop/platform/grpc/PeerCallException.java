package io.twinloop.platform.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.twinloop.model.peer.Peers;

import java.util.Objects;

/**
 * A call to a peer service failed, sorted into what the calling service does with it ({@link Kind}). The
 * message is the one the caller relays: the peer's own words when it rejected the request, the peer and the
 * address that was tried when it could not answer ({@link Peers}), else the peer, the RPC and the status. The
 * cause is the peer's {@link StatusRuntimeException}. Each service turns this into its own exception;
 * the rule lives here once so that the services cannot drift apart.
 */
public final class PeerCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Metadata.Key<byte[]> DETAILS = Metadata.Key.of("grpc-status-details-bin",
            Metadata.BINARY_BYTE_MARSHALLER);

    /** What a failed peer call means for its caller. */
    public enum Kind {
        /**
         * The peer answered that the request is wrong for it (NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION):
         * relay the peer's status, details included ({@link #relayed()}).
         */
        REJECTED,
        /** The peer was unreachable, refused for load, or did not answer in time (UNAVAILABLE, DEADLINE_EXCEEDED). */
        UNAVAILABLE,
        /** Anything else: the peer failed in a way the caller cannot explain to its own caller. */
        FAILED
    }

    private final String peer;
    private final String address;
    private final String rpc;
    private final Kind kind;
    private final transient Status.Code peerCode;
    private final transient com.google.rpc.Status peerStatus;

    private PeerCallException(String peer, String address, String rpc, Kind kind, String message,
                              com.google.rpc.Status peerStatus, StatusRuntimeException cause) {
        super(message, cause);
        this.peer = peer;
        this.address = address;
        this.rpc = rpc;
        this.kind = kind;
        this.peerCode = cause.getStatus().getCode();
        this.peerStatus = peerStatus;
    }

    /**
     * The failure of {@code rpc} on {@code peer} ("twin-service"), dialled at {@code address} (host:port):
     * <ul>
     *   <li>NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION: {@link Kind#REJECTED}, the peer's description;</li>
     *   <li>UNAVAILABLE that the peer did not send itself (no {@code google.rpc.Status} details, which every
     *       twinloop service attaches): {@link Kind#UNAVAILABLE}, "PEER at ADDRESS is unreachable: DESCRIPTION
     *       (CAUSE)" ({@link #unreachable});</li>
     *   <li>UNAVAILABLE the peer sent (it sheds load, its store is down): "PEER at ADDRESS is unavailable:
     *       DESCRIPTION";</li>
     *   <li>DEADLINE_EXCEEDED: "PEER at ADDRESS is unavailable: no answer to RPC before the deadline";</li>
     *   <li>anything else: {@link Kind#FAILED}, "PEER failed on RPC: CODE DESCRIPTION".</li>
     * </ul>
     */
    public static PeerCallException of(String peer, String address, String rpc, StatusRuntimeException e) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(rpc, "rpc");
        Status status = e.getStatus();
        Status.Code code = status.getCode();
        String description = status.getDescription() == null ? code.name() : status.getDescription();
        return switch (code) {
            case NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION ->
                    new PeerCallException(peer, address, rpc, Kind.REJECTED, description,
                            richStatus(e, description), e);
            case UNAVAILABLE -> new PeerCallException(peer, address, rpc, Kind.UNAVAILABLE,
                    sentByPeer(e.getTrailers()) ? Peers.unavailable(peer, address, description)
                            : unreachable(peer, address, status), null, e);
            case DEADLINE_EXCEEDED -> new PeerCallException(peer, address, rpc, Kind.UNAVAILABLE,
                    Peers.unavailable(peer, address, "no answer to " + rpc + " before the deadline"), null, e);
            default -> new PeerCallException(peer, address, rpc, Kind.FAILED,
                    peer + " failed on " + rpc + ": " + code + " " + description, null, e);
        };
    }

    /**
     * Whether a failed call's status came from the peer itself: its trailers hold a {@code google.rpc.Status}
     * (every twinloop service attaches one). A status without one was made by the channel (connection refused,
     * no route, TLS failure).
     */
    public static boolean sentByPeer(Metadata trailers) {
        return trailers != null && trailers.containsKey(DETAILS);
    }

    /**
     * "PEER at ADDRESS is unreachable: DESCRIPTION (CAUSE)" for a status the channel made
     * ({@link Peers#unreachable}).
     */
    public static String unreachable(String peer, String address, Status status) {
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return Peers.unreachable(peer, address, description
                + (status.getCause() == null ? "" : " (" + status.getCause().getMessage() + ")"));
    }

    /** The peer's {@code google.rpc.Status} when it sent one, else one made of its code and description. */
    private static com.google.rpc.Status richStatus(StatusRuntimeException e, String description) {
        com.google.rpc.Status sent = sentByPeer(e.getTrailers()) ? StatusProto.fromThrowable(e) : null;
        return sent != null ? sent : com.google.rpc.Status.newBuilder()
                .setCode(e.getStatus().getCode().value()).setMessage(description).build();
    }

    /** The peer service called ("twin-service"). */
    public String peer() {
        return peer;
    }

    /** Where the peer was dialled (host:port). */
    public String address() {
        return address;
    }

    /** The RPC that failed ("GetNetwork"). */
    public String rpc() {
        return rpc;
    }

    /** What the failure means for the caller. */
    public Kind kind() {
        return kind;
    }

    /** The status code of the failed call. */
    public Status.Code peerCode() {
        return peerCode;
    }

    /** For {@link Kind#REJECTED}, the peer's {@code google.rpc.Status} with its details; otherwise null. */
    public com.google.rpc.Status peerStatus() {
        return peerStatus;
    }

    /** For {@link Kind#REJECTED}, the peer's status to relay unchanged, details included; otherwise null. */
    public StatusRuntimeException relayed() {
        return peerStatus == null ? null : StatusProto.toStatusRuntimeException(peerStatus);
    }

    /** The peer's failed call. */
    @Override
    public synchronized StatusRuntimeException getCause() {
        return (StatusRuntimeException) super.getCause();
    }
}
