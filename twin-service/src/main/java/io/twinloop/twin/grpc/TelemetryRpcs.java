package io.twinloop.twin.grpc;

import com.google.protobuf.Duration;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.twin.v1.GetRetentionRequest;
import io.twinloop.proto.twin.v1.GetRetentionResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.GetDataQualityRequest;
import io.twinloop.proto.twin.v1.GetDataQualityResponse;
import io.twinloop.proto.twin.v1.GetTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkDataQuality;
import io.twinloop.proto.twin.v1.SetRetentionRequest;
import io.twinloop.proto.twin.v1.SetRetentionResponse;
import io.twinloop.twin.store.TelemetryPages;
import io.twinloop.twin.store.TelemetryStore;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.telemetry.DataQuality;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.OperState;
import io.twinloop.twin.telemetry.RetentionPolicy;
import io.twinloop.twin.telemetry.RetentionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;
import java.util.List;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * The observed-state reads of the twin: stored telemetry (the latest samples, or page by page)
 * and retention policies. Ingestion is {@link IngestRpcs}'. {@link TwinGrpcService} delegates to
 * these methods.
 */
@ApplicationScoped
public class TelemetryRpcs {
    /** Samples returned by GetTelemetry when the request sets no limit. */
    static final int DEFAULT_TELEMETRY_LIMIT = 10_000;
    /** Most samples one GetTelemetry call returns. */
    static final int MAX_TELEMETRY_LIMIT = 100_000;
    /** Most samples of one GetTelemetry page (about 1 MB on the wire; gRPC's default limit is 4 MiB). */
    static final int MAX_PAGE_SIZE = 20_000;

    @Inject
    TelemetryStore telemetry;
    @Inject
    TwinStore store;
    @Inject
    RetentionService retention;
    @Inject
    TelemetryPages pages;
    @Inject
    DataQuality quality;

    public GetTelemetryResponse getTelemetry(GetTelemetryRequest req) {
        String network = networkName(req.getNetwork());
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

    private static LinkState state(OperState s) {
        return switch (s) {
            case UNSPECIFIED -> LinkState.LINK_STATE_UNSPECIFIED;
            case UP -> LinkState.LINK_STATE_UP;
            case DOWN -> LinkState.LINK_STATE_DOWN;
            case SLEEP -> LinkState.LINK_STATE_SLEEP;
        };
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

    public GetDataQualityResponse getDataQuality(GetDataQualityRequest req) {
        String name = networkName(req.getNetwork());
        long now = System.currentTimeMillis();
        GetDataQualityResponse.Builder b = GetDataQualityResponse.newBuilder().setNetwork(name);
        for (var link : store.snapshot(name, 0).network().links()) {
            DataQuality.LinkQuality q = quality.of(name, link.id());
            LinkDataQuality.Builder l = LinkDataQuality.newBuilder().setLinkId(link.id()).setOutRateBps(q.outBps())
                    .setInRateBps(q.inBps()).setDisagreement(q.disagreement()).setResets(q.resets()).setWraps(q.wraps())
                    .setLastSampleAgeSeconds(-1);
            if (q.lastSampleMs() != Long.MIN_VALUE) {
                l.setLastSampleTime(java.time.Instant.ofEpochMilli(q.lastSampleMs()).toString())
                        .setLastSampleAgeSeconds(Math.max(0, now - q.lastSampleMs()) / 1000.0);
            }
            b.addLinks(l);
        }
        return b.build();
    }
}
