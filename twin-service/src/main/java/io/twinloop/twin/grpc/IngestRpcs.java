package io.twinloop.twin.grpc;

import io.grpc.stub.StreamObserver;
import io.twinloop.platform.grpc.GrpcErrors;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.twin.v1.IngestTelemetryAck;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.IngestTrafficRequest;
import io.twinloop.proto.twin.v1.IngestTrafficResponse;
import io.twinloop.proto.twin.v1.TelemetryRejections;
import io.twinloop.twin.store.NotFoundException;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.Rejection;
import io.twinloop.twin.telemetry.TelemetryIngestor;
import io.twinloop.twin.telemetry.TrafficIngestor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * The ingestion RPCs of the twin, all client streams: telemetry (answered once, after everything
 * accepted is committed; or acknowledged message by message) and traffic-matrix samples (all or
 * nothing per stream). A stream that fails is answered with the status the platform's mapping
 * ({@link GrpcErrors}) gives its exception. {@link TwinGrpcService} delegates to these methods.
 */
@ApplicationScoped
public class IngestRpcs {
    private static final Logger LOG = Logger.getLogger(IngestRpcs.class);

    @Inject
    TelemetryIngestor telemetryIngestor;
    @Inject
    TrafficIngestor trafficIngestor;
    @Inject
    GrpcErrors errors;

    /** IngestTelemetry: invalid samples are counted and skipped; an unknown network fails the stream. */
    public StreamObserver<IngestTelemetryRequest> ingestTelemetry(StreamObserver<IngestTelemetryResponse> out) {
        TelemetryIngestor.Session session = telemetryIngestor.open();
        return new StreamObserver<>() {
            private boolean done;

            @Override
            public void onNext(IngestTelemetryRequest req) {
                if (done) {
                    return;
                }
                try {
                    offer(session, req);
                } catch (RuntimeException e) {
                    done = true;
                    RuntimeException reported = e;
                    try {
                        long stored = session.finish().accepted();
                        if (e instanceof NotFoundException nf && stored > 0) {
                            reported = new NotFoundException(nf.kind(), nf.id(), nf.getMessage()
                                    + " (" + stored + " valid samples before it were stored)");
                        }
                    } catch (RuntimeException flush) {
                        LOG.warn("could not store the samples before a failed message", flush);
                    }
                    out.onError(errors.toStatus(reported));
                }
            }

            @Override
            public void onError(Throwable t) {
                done = true;
                session.abort();
            }

            @Override
            public void onCompleted() {
                if (done) {
                    return;
                }
                done = true;
                TelemetryIngestor.Summary s;
                try {
                    s = session.finish();
                } catch (RuntimeException e) {
                    out.onError(errors.toStatus(e));
                    return;
                }
                out.onNext(totals(s));
                out.onCompleted();
            }
        };
    }

    /** Offers every sample of one message to the stream's session. */
    private static void offer(TelemetryIngestor.Session session, IngestTelemetryRequest req) {
        String network = networkName(req.getNetwork());
        for (io.twinloop.proto.twin.v1.LinkSample s : req.getSamplesList()) {
            session.offer(network, TwinProtoMapper.linkSample(s));
        }
    }

    private static IngestTelemetryResponse totals(TelemetryIngestor.Summary s) {
        return IngestTelemetryResponse.newBuilder()
                .setAccepted(s.accepted()).setRejected(s.rejected())
                .setLastTimeUnixMs(s.lastTimeUnixMs())
                .addAllUnknownLinkIds(s.unknownLinkIds())
                .setStateChanges(s.stateChanges())
                .setDuplicates(s.duplicates())
                .setRejections(TelemetryRejections.newBuilder()
                        .setUnknownLink(s.rejected(Rejection.UNKNOWN_LINK))
                        .setTimeNotPositive(s.rejected(Rejection.TIME_NOT_POSITIVE))
                        .setRateOutOfRange(s.rejected(Rejection.RATE_OUT_OF_RANGE))
                        .setDropsOutOfRange(s.rejected(Rejection.DROPS_OUT_OF_RANGE))
                        .setUnknownOperState(s.rejected(Rejection.UNKNOWN_OPER_STATE)))
                .build();
    }

    /**
     * IngestTelemetryAcked: as IngestTelemetry, but each message is committed when it arrives and
     * acknowledged (its sequence number and the stream's totals) once durable.
     */
    public StreamObserver<IngestTelemetryRequest> ingestTelemetryAcked(StreamObserver<IngestTelemetryAck> out) {
        TelemetryIngestor.Session session = telemetryIngestor.open();
        return new StreamObserver<>() {
            private boolean done;
            private long sequence;

            @Override
            public void onNext(IngestTelemetryRequest req) {
                if (done) {
                    return;
                }
                try {
                    offer(session, req);
                    out.onNext(IngestTelemetryAck.newBuilder().setSequence(sequence++).setTotals(totals(session.commit()))
                            .build());
                } catch (RuntimeException e) {
                    done = true;
                    session.abort();
                    out.onError(errors.toStatus(e));
                }
            }

            @Override
            public void onError(Throwable t) {
                done = true;
                session.abort();
            }

            @Override
            public void onCompleted() {
                if (!done) {
                    done = true;
                    out.onCompleted();
                }
            }
        };
    }

    /** IngestTraffic: all-or-nothing per stream; the first invalid sample fails the stream. */
    public StreamObserver<IngestTrafficRequest> ingestTraffic(StreamObserver<IngestTrafficResponse> out) {
        TrafficIngestor.Session session = trafficIngestor.open();
        return new StreamObserver<>() {
            private boolean done;

            @Override
            public void onNext(IngestTrafficRequest req) {
                if (done) {
                    return;
                }
                try {
                    int i = session.size();
                    session.offer(networkName(req.getNetwork()), req.getSample().getTime(),
                            Translator.demands(req.getSample().getDemandsList(), "sample[" + i + "].demands"));
                } catch (RuntimeException e) {
                    done = true;
                    out.onError(errors.toStatus(e));
                }
            }

            @Override
            public void onError(Throwable t) {
                done = true;
            }

            @Override
            public void onCompleted() {
                if (done) {
                    return;
                }
                done = true;
                long last;
                try {
                    last = session.commit();
                } catch (RuntimeException e) {
                    out.onError(errors.toStatus(e));
                    return;
                }
                out.onNext(IngestTrafficResponse.newBuilder().setAccepted(session.size()).setLastSequence(last).build());
                out.onCompleted();
            }
        };
    }
}
