package io.twinloop.twin.grpc;

import io.twinloop.platform.proto.Translator;
import com.google.protobuf.Duration;
import io.grpc.stub.StreamObserver;
import io.twinloop.model.NetworkName;
import io.twinloop.platform.grpc.GrpcErrors;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.twin.v1.GetRetentionRequest;
import io.twinloop.proto.twin.v1.GetRetentionResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.GetTelemetryResponse;
import io.twinloop.proto.twin.v1.IngestTelemetryAck;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.IngestTrafficRequest;
import io.twinloop.proto.twin.v1.IngestTrafficResponse;
import io.twinloop.proto.twin.v1.SetRetentionRequest;
import io.twinloop.proto.twin.v1.SetRetentionResponse;
import io.twinloop.proto.twin.v1.TelemetryRejections;
import io.twinloop.twin.store.NotFoundException;
import io.twinloop.twin.store.TelemetryPages;
import io.twinloop.twin.store.TelemetryStore;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.OperState;
import io.twinloop.twin.telemetry.Rejection;
import io.twinloop.twin.telemetry.RetentionPolicy;
import io.twinloop.twin.telemetry.RetentionService;
import io.twinloop.twin.telemetry.TelemetryIngestor;
import io.twinloop.twin.telemetry.TrafficIngestor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The observed-state RPCs of the twin: telemetry and traffic ingestion (client streams,
 * answered only after everything accepted is committed), telemetry reads and retention.
 * {@link TwinGrpcService} delegates to these methods.
 */
@ApplicationScoped
public class TelemetryRpcs {
    /** Samples returned by GetTelemetry when the request sets no limit. */
    static final int DEFAULT_TELEMETRY_LIMIT = 10_000;
    /** Most samples one GetTelemetry call returns. */
    static final int MAX_TELEMETRY_LIMIT = 100_000;
    /** Most samples of one GetTelemetry page (about 1 MB on the wire; gRPC's default limit is 4 MiB). */
    static final int MAX_PAGE_SIZE = 20_000;
    private static final Logger LOG = Logger.getLogger(TelemetryRpcs.class);

    @Inject
    TelemetryIngestor telemetryIngestor;
    @Inject
    TrafficIngestor trafficIngestor;
    @Inject
    TelemetryStore telemetry;
    @Inject
    TwinStore store;
    @Inject
    RetentionService retention;
    @Inject
    TelemetryPages pages;
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
        String network = networkName(req.getNetwork(), false);
        for (io.twinloop.proto.twin.v1.LinkSample s : req.getSamplesList()) {
            session.offer(network, sample(s));
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

    private static LinkSample sample(io.twinloop.proto.twin.v1.LinkSample s) {
        OperState state = switch (s.getOperState()) {
            case LINK_STATE_UNSPECIFIED -> OperState.UNSPECIFIED;
            case LINK_STATE_UP -> OperState.UP;
            case LINK_STATE_DOWN -> OperState.DOWN;
            case LINK_STATE_SLEEP -> OperState.SLEEP;
            default -> null; // unrecognized: the ingestor rejects the sample
        };
        return new LinkSample(s.getTimeUnixMs(), s.getLinkId(), s.getRateBps(), s.getDropsPps(), state);
    }

    private static LinkState state(OperState s) {
        return switch (s) {
            case UNSPECIFIED -> LinkState.LINK_STATE_UNSPECIFIED;
            case UP -> LinkState.LINK_STATE_UP;
            case DOWN -> LinkState.LINK_STATE_DOWN;
            case SLEEP -> LinkState.LINK_STATE_SLEEP;
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
                    session.offer(networkName(req.getNetwork(), false), req.getSample().getTime(),
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

    public GetTelemetryResponse getTelemetry(GetTelemetryRequest req) {
        String network = networkName(req.getNetwork(), false);
        if (req.getFromUnixMs() < 0 || req.getToUnixMs() < 0) {
            throw new RequestException("from_unix_ms", "times must be >= 0 (0 = no bound)");
        }
        if (req.getFromUnixMs() > 0 && req.getToUnixMs() > 0 && req.getFromUnixMs() >= req.getToUnixMs()) {
            throw new RequestException("to_unix_ms", "to_unix_ms (" + req.getToUnixMs()
                    + ") must be after from_unix_ms (" + req.getFromUnixMs() + ")");
        }
        if (req.getLimit() < 0) {
            throw new RequestException("limit", "limit must be >= 0, got " + req.getLimit());
        }
        if (req.getPageSize() < 0 || req.getPageSize() > MAX_PAGE_SIZE) {
            throw new RequestException("page_size", "page_size must be 0 (default " + DEFAULT_TELEMETRY_LIMIT
                    + " when paging) to " + MAX_PAGE_SIZE + ", got " + req.getPageSize());
        }
        store.head(network);
        GetTelemetryResponse.Builder b = GetTelemetryResponse.newBuilder().setNetwork(network);
        List<LinkSample> samples;
        if (req.getPageSize() > 0 || !req.getPageToken().isEmpty()) {
            String query = TelemetryPageTokens.query(network, req.getLinkIdsList(), req.getFromUnixMs(), req.getToUnixMs());
            TelemetryPages.Cursor after = TelemetryPageTokens.cursor(req.getPageToken(), query);
            int size = req.getPageSize() == 0 ? DEFAULT_TELEMETRY_LIMIT : req.getPageSize();
            TelemetryPages.Page page = pages.page(network, new LinkedHashSet<>(req.getLinkIdsList()),
                    req.getFromUnixMs(), req.getToUnixMs(), after, size);
            samples = page.samples();
            if (page.more()) {
                LinkSample last = samples.get(samples.size() - 1);
                b.setTruncated(true).setNextPageToken(TelemetryPageTokens.token(
                        new TelemetryPages.Cursor(last.timeUnixMs(), last.linkId()), query));
            }
        } else {
            int limit = req.getLimit() == 0 ? DEFAULT_TELEMETRY_LIMIT : Math.min(req.getLimit(), MAX_TELEMETRY_LIMIT);
            samples = telemetry.samples(network, new LinkedHashSet<>(req.getLinkIdsList()),
                    req.getFromUnixMs(), req.getToUnixMs(), limit + 1);
            if (samples.size() > limit) {
                samples = samples.subList(1, samples.size()); // the latest limit; an older one was left out
                b.setTruncated(true);
            }
        }
        for (LinkSample s : samples) {
            b.addSamples(io.twinloop.proto.twin.v1.LinkSample.newBuilder()
                    .setTimeUnixMs(s.timeUnixMs()).setLinkId(s.linkId())
                    .setRateBps(s.rateBps()).setDropsPps(s.dropsPps()).setOperState(state(s.operState())));
        }
        return b.build();
    }

    public SetRetentionResponse setRetention(SetRetentionRequest req) {
        String network = networkName(req.getNetwork(), true);
        var p = req.getPolicy();
        Duration age = p.getTelemetryMaxAge();
        if (age.getSeconds() < 0 || age.getNanos() < 0) {
            throw new RequestException("policy.telemetry_max_age", "telemetry_max_age must be >= 0");
        }
        if (p.getTelemetryMaxSamplesPerLink() < 0) {
            throw new RequestException("policy.telemetry_max_samples_per_link", "must be >= 0 (0 = keep all)");
        }
        if (p.getTrafficMaxSamples() < 0) {
            throw new RequestException("policy.traffic_max_samples", "must be >= 0 (0 = keep all)");
        }
        long ageMs = Math.addExact(Math.multiplyExact(age.getSeconds(), 1000L), age.getNanos() / 1_000_000L);
        RetentionPolicy set = retention.set(network,
                new RetentionPolicy(ageMs, p.getTelemetryMaxSamplesPerLink(), p.getTrafficMaxSamples()));
        return SetRetentionResponse.newBuilder().setNetwork(network).setPolicy(policy(set)).build();
    }

    public GetRetentionResponse getRetention(GetRetentionRequest req) {
        String network = networkName(req.getNetwork(), true);
        if (!network.isEmpty()) {
            store.head(network);
        }
        return GetRetentionResponse.newBuilder().setNetwork(network).setPolicy(policy(retention.effective(network))).build();
    }

    private static io.twinloop.proto.twin.v1.RetentionPolicy policy(RetentionPolicy p) {
        var b = io.twinloop.proto.twin.v1.RetentionPolicy.newBuilder()
                .setTelemetryMaxSamplesPerLink(p.telemetryMaxSamplesPerLink())
                .setTrafficMaxSamples(p.trafficMaxSamples());
        if (p.telemetryMaxAgeMs() > 0) {
            b.setTelemetryMaxAge(Duration.newBuilder().setSeconds(p.telemetryMaxAgeMs() / 1000)
                    .setNanos((int) (p.telemetryMaxAgeMs() % 1000) * 1_000_000));
        }
        return b.build();
    }

    /**
     * A name that can name a stored network ({@link NetworkName#storedProblem}: names stored before
     * the name rule stay readable); "" only where {@code emptyAllowed} (the default scope / all networks).
     * New networks are named under the full rule, at import.
     */
    static String networkName(String name, boolean emptyAllowed) {
        if ((name == null || name.isEmpty()) && emptyAllowed) {
            return "";
        }
        String problem = NetworkName.storedProblem(name);
        if (problem != null) {
            throw new RequestException("network", problem);
        }
        return name;
    }
}
