package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.twinloop.platform.store.PostgresServer;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.ListVersionsRequest;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.VersionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety of the packaged twin, on the embedded store and on PostgreSQL: the twin runs as a
 * JVM of its own and is killed with SIGKILL while a client streams telemetry and another applies
 * plans, then started again on the same data.
 *
 * <p>What "acknowledged" means: IngestTelemetry answers only when the client closes the stream,
 * after everything accepted is committed, so a sample is acknowledged when the reply of its
 * stream arrived; a version is acknowledged when ApplyPlan returned it. After each restart:
 * <ul>
 *   <li>every acknowledged sample is there, with its values (GetTelemetry per stream);</li>
 *   <li>the stream the kill cut kept a prefix made of whole batches of
 *       {@code twinloop.telemetry.batch-size} samples (or all of it, when only the reply was
 *       lost) — never part of a batch;</li>
 *   <li>the versions are 1..N with parent = version - 1, every one loads (GetNetwork), and each
 *       is its parent plus exactly the change its reason names: a plan's weight, or the oper
 *       state telemetry saw; every acknowledged plan is there at the version it was given, no
 *       rejected (ABORTED) plan is, and the telemetry versions are exactly the state changes of
 *       the stored samples, in order;</li>
 *   <li>the oper state the twin remembers agrees with the latest version (a sample repeating it
 *       makes no change) and the twin takes new versions right after the last one.</li>
 * </ul>
 * Two kills per store, each at a random moment (seed printed; {@code -Dtwinloop.crash.seed} to
 * repeat) once at least two streams of the round were acknowledged.
 */
class CrashSafetyIT {
    private static final String NETWORK = "crash";
    private static final int BATCH = 5_000;
    private static final int MESSAGES_PER_STREAM = 12;
    private static final int SAMPLES_PER_MESSAGE = 1_000;
    private static final int STREAM_SAMPLES = MESSAGES_PER_STREAM * SAMPLES_PER_MESSAGE;
    private static final long FIRST_SAMPLE_MS = 1_700_000_000_000L;
    private static final long STREAM_SPACING_MS = 1_000_000L;
    private static final int KILLS = 2;
    private static final String PLAN_AUTHOR = "crash-test";
    private static final Pattern TELEMETRY_REASON = Pattern.compile("telemetry: link (\\S+) oper (\\w+)");
    private static final Pattern PLAN_REASON = Pattern.compile("crash-test change (\\d+)");

    /** Eight nodes in a ring, both directions: 16 links. */
    private static final String TOPOLOGY;

    static {
        StringBuilder nodes = new StringBuilder();
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String a = "N" + i;
            String b = "N" + (i + 1) % 8;
            nodes.append(i == 0 ? "" : ", ").append("{\"id\": \"").append(a).append("\"}");
            links.append(i == 0 ? "" : ", ")
                    .append("{\"source\": \"").append(a).append("\", \"target\": \"").append(b)
                    .append("\", \"capacity\": 1e10}, ")
                    .append("{\"source\": \"").append(b).append("\", \"target\": \"").append(a)
                    .append("\", \"capacity\": 1e10}");
        }
        TOPOLOGY = "{\"directed\": true, \"nodes\": [" + nodes + "], \"links\": [" + links + "]}";
    }

    @Test
    void embeddedStoreKeepsEveryAcknowledgedWriteAcrossSigkill(@TempDir Path data) throws Exception {
        new Run("embedded", Map.of("TWINLOOP_DATA_DIR", data.toString(), "TWINLOOP_STORE", "embedded")).run();
    }

    @Test
    @ExtendWith(PostgresServer.class)
    void postgresqlStoreKeepsEveryAcknowledgedWriteAcrossSigkill(@TempDir Path data) throws Exception {
        String db = PostgresServer.createDatabase();
        try {
            new Run("postgresql", Map.of("TWINLOOP_DATA_DIR", data.toString(), "TWINLOOP_STORE", "postgresql",
                    "QUARKUS_DATASOURCE_PG_JDBC_URL", PostgresServer.url(db),
                    "QUARKUS_DATASOURCE_PG_USERNAME", PostgresServer.USER)).run();
        } finally {
            PostgresServer.dropDatabase(db);
        }
    }

    /** One IngestTelemetry stream: sample i has time {@code baseMs + i}; sample 0 reports {@code firstState}. */
    static final class Stream {
        final int index;
        final long baseMs;
        final int size;
        final LinkState firstState;
        IngestTelemetryResponse reply;
        /** For a stream without a reply: the samples found after the first restart. */
        Integer recovered;

        Stream(int index, int size, LinkState firstState) {
            this.index = index;
            this.baseMs = FIRST_SAMPLE_MS + index * STREAM_SPACING_MS;
            this.size = size;
            this.firstState = firstState;
        }

        boolean acknowledged() {
            return reply != null;
        }

        LinkSample sample(int i, List<String> links) {
            return LinkSample.newBuilder().setTimeUnixMs(baseMs + i).setLinkId(links.get(i % links.size()))
                    .setRateBps(index * 1e6 + i).setDropsPps(i % 7)
                    .setOperState(i == 0 ? firstState : LinkState.LINK_STATE_UNSPECIFIED).build();
        }

        int stored() {
            return acknowledged() ? size : recovered;
        }
    }

    enum Outcome { ACKNOWLEDGED, ABORTED, NO_REPLY }

    /** One ApplyPlan call: the plan link's weight set to {@code 2 + n}. */
    static final class Change {
        final int n;
        final long expectedVersion;
        Outcome outcome;
        long version;

        Change(int n, long expectedVersion) {
            this.n = n;
            this.expectedVersion = expectedVersion;
        }

        double weight() {
            return 2 + n;
        }
    }

    /** What one verification found. */
    record Found(long acknowledgedSamples, long samplesFound, int cutStreamSamples, int versions,
                 int planVersions, int telemetryVersions, boolean unansweredPlanLanded) {
    }

    /** One store's run: start, then twice (stream and apply, SIGKILL, restart, verify, probe). */
    final class Run {
        final String store;
        final Map<String, String> env;
        final List<Stream> streams = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        List<String> links;
        String stateLink;
        String planLink;
        Topology first;
        TwinServiceGrpc.TwinServiceBlockingStub twin;
        TwinServiceGrpc.TwinServiceStub async;

        Run(String store, Map<String, String> env) {
            this.store = store;
            this.env = new HashMap<>(env);
            this.env.put("TWINLOOP_TELEMETRY_BATCH_SIZE", Integer.toString(BATCH));
        }

        void run() throws Exception {
            long seed = Long.getLong("twinloop.crash.seed", System.nanoTime());
            Random random = new Random(seed);
            long t0 = System.nanoTime();
            System.out.printf("*** crash test [%s]: seed %d%n", store, seed);
            try (TwinProcess process = new TwinProcess(Path.of("target/quarkus-app/quarkus-run.jar"), env,
                    Path.of("target/crash-safety"), store)) {
                process.start();
                connect(process);
                twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(NETWORK)
                        .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                        .setContent(ByteString.copyFrom(TOPOLOGY, StandardCharsets.UTF_8)).build());
                first = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(NETWORK).setVersion(1).build())
                        .getTopology();
                links = first.getLinksList().stream().map(Link::getId).toList();
                stateLink = links.get(0);
                planLink = links.get(1);
                for (int kill = 1; kill <= KILLS; kill++) {
                    long killAtMs = streamAndApplyUntilKilled(process, random, kill);
                    long restart = System.nanoTime();
                    process.start();
                    connect(process);
                    long restartMs = (System.nanoTime() - restart) / 1_000_000;
                    Found f = verify();
                    System.out.printf("*** crash test [%s] kill %d: SIGKILL at %d ms into the round; restarted in %d ms;"
                                    + " %d acknowledged samples, %d found (cut stream kept %d of %d); %d versions checked"
                                    + " (%d plans, %d telemetry; unanswered plan landed: %s)%n",
                            store, kill, killAtMs, restartMs, f.acknowledgedSamples(), f.samplesFound(),
                            f.cutStreamSamples(), STREAM_SAMPLES, f.versions(), f.planVersions(),
                            f.telemetryVersions(), f.unansweredPlanLanded());
                    probe(f.versions());
                }
                Found last = verify();
                System.out.printf("*** crash test [%s]: %d acknowledged samples in %d streams, %d found; %d versions;"
                                + " %d plans acknowledged, %d aborted; %.1f s%n",
                        store, last.acknowledgedSamples(), streams.stream().filter(Stream::acknowledged).count(),
                        last.samplesFound(), last.versions(),
                        changes.stream().filter(c -> c.outcome == Outcome.ACKNOWLEDGED).count(),
                        changes.stream().filter(c -> c.outcome == Outcome.ABORTED).count(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }

        void connect(TwinProcess process) {
            twin = TwinServiceGrpc.newBlockingStub(process.channel());
            async = TwinServiceGrpc.newStub(process.channel());
        }

        /**
         * Streams telemetry from one thread and applies plans from another until the twin is
         * killed, at a random moment once two streams of this round were acknowledged. Returns
         * when the kill happened, in ms from the round's start.
         */
        long streamAndApplyUntilKilled(TwinProcess process, Random random, int kill) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            int ackedBefore = (int) streams.stream().filter(Stream::acknowledged).count();
            List<Throwable> failures = new ArrayList<>();
            Thread telemetry = new Thread(() -> streamTelemetry(stop), "crash-telemetry");
            Thread plans = new Thread(() -> applyPlans(stop), "crash-plans");
            for (Thread t : List.of(telemetry, plans)) {
                t.setDaemon(true);
                t.setUncaughtExceptionHandler((th, e) -> {
                    synchronized (failures) {
                        failures.add(e);
                    }
                });
            }
            long start = System.nanoTime();
            telemetry.start();
            plans.start();
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledgedCount() < ackedBefore + 2) {
                assertTrue(System.nanoTime() < wait && telemetry.isAlive(),
                        "no two streams acknowledged within 60 s: " + failures + "\n" + process.lastLog());
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(2_000));
            long pid = process.pid();
            long killAt = (System.nanoTime() - start) / 1_000_000;
            int exit = process.kill();
            assertEquals(TwinProcess.SIGKILL_EXIT, exit, "twin (pid " + pid + ") should end by SIGKILL, kill " + kill);
            stop.set(true);
            telemetry.join(60_000);
            plans.join(60_000);
            assertTrue(!telemetry.isAlive() && !plans.isAlive(), "client threads still running after the kill");
            assertTrue(failures.isEmpty(), "client thread failed: " + failures);
            return killAt;
        }

        private int acknowledgedCount() {
            synchronized (streams) {
                return (int) streams.stream().filter(Stream::acknowledged).count();
            }
        }

        /** Sends streams back to back until one gets no reply (the kill). */
        void streamTelemetry(AtomicBoolean stop) {
            while (!stop.get()) {
                Stream s;
                synchronized (streams) {
                    // Alternate the state link DOWN/UP from stream to stream: one state change per stream.
                    s = new Stream(streams.size(), STREAM_SAMPLES,
                            streams.size() % 2 == 0 ? LinkState.LINK_STATE_DOWN : LinkState.LINK_STATE_UP);
                    streams.add(s);
                }
                try {
                    IngestTelemetryResponse r = send(s);
                    synchronized (streams) {
                        s.reply = r;
                    }
                } catch (StatusRuntimeException e) {
                    return;
                }
            }
        }

        IngestTelemetryResponse send(Stream s) {
            CompletableFuture<IngestTelemetryResponse> reply = new CompletableFuture<>();
            StreamObserver<IngestTelemetryRequest> in = async.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .ingestTelemetry(new StreamObserver<>() {
                        @Override
                        public void onNext(IngestTelemetryResponse value) {
                            reply.complete(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            reply.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            reply.completeExceptionally(new IllegalStateException("stream completed without a reply"));
                        }
                    });
            for (int m = 0; m * SAMPLES_PER_MESSAGE < s.size; m++) {
                IngestTelemetryRequest.Builder msg = IngestTelemetryRequest.newBuilder().setNetwork(NETWORK);
                for (int i = m * SAMPLES_PER_MESSAGE; i < Math.min(s.size, (m + 1) * SAMPLES_PER_MESSAGE); i++) {
                    msg.addSamples(s.sample(i, links));
                }
                in.onNext(msg.build());
            }
            in.onCompleted();
            try {
                IngestTelemetryResponse r = reply.get();
                assertEquals(s.size, r.getAccepted(), "stream " + s.index + " accepted");
                assertEquals(0, r.getRejected(), "stream " + s.index + " rejected");
                return r;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof StatusRuntimeException sre ? sre : Status.fromThrowable(e.getCause()).asRuntimeException();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.asRuntimeException();
            }
        }

        /** Applies plans on the latest version until one gets no reply; ABORTED (a telemetry version came first) is fine. */
        void applyPlans(AtomicBoolean stop) {
            while (!stop.get()) {
                long latest;
                try {
                    latest = twin.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getNetwork(GetNetworkRequest.newBuilder().setNetwork(NETWORK).build()).getVersion();
                } catch (StatusRuntimeException e) {
                    return;
                }
                Change c;
                synchronized (changes) {
                    c = new Change(changes.size(), latest);
                    changes.add(c);
                }
                try {
                    c.version = apply(c);
                    c.outcome = Outcome.ACKNOWLEDGED;
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.ABORTED) {
                        c.outcome = Outcome.ABORTED;
                    } else {
                        c.outcome = Outcome.NO_REPLY;
                        return;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long apply(Change c) {
            return twin.withDeadlineAfter(10, TimeUnit.SECONDS).applyPlan(ApplyPlanRequest.newBuilder()
                    .setNetwork(NETWORK).setExpectedVersion(c.expectedVersion)
                    .setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder().setSetLinkWeight(
                            SetLinkWeight.newBuilder().setLinkId(planLink).setIgpWeight(c.weight()))))
                    .setReason("crash-test change " + c.n).setAuthor(PLAN_AUTHOR).build()).getNewVersion();
        }

        /** Checks everything acknowledged is there and nothing is half-written. */
        Found verify() {
            // Telemetry: every stream, acknowledged or cut, read back by its time range.
            long acknowledged = 0;
            long found = 0;
            int cut = 0;
            for (Stream s : streams) {
                List<LinkSample> got = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork(NETWORK)
                        .setFromUnixMs(s.baseMs).setToUnixMs(s.baseMs + s.size).setLimit(100_000).build()).getSamplesList();
                found += got.size();
                for (int i = 0; i < got.size(); i++) {
                    if (!s.sample(i, links).equals(got.get(i))) {
                        fail("stream " + s.index + " sample " + i + ": expected " + s.sample(i, links) + " got " + got.get(i));
                    }
                }
                if (s.acknowledged()) {
                    acknowledged += s.size;
                    assertEquals(s.size, got.size(), "acknowledged stream " + s.index + " lost samples after SIGKILL");
                } else {
                    assertTrue(got.size() % BATCH == 0 || got.size() == s.size, "stream " + s.index + " without a reply"
                            + " kept " + got.size() + " samples: not whole batches of " + BATCH);
                    if (s.recovered == null) {
                        s.recovered = got.size();
                        cut += got.size();
                    } else {
                        assertEquals(s.recovered, got.size(), "stream " + s.index + " changed after its first recovery");
                    }
                }
            }

            // Versions: contiguous, each loads, each is its parent plus exactly the change its reason names.
            List<VersionInfo> versions = new ArrayList<>(twin.listVersions(
                    ListVersionsRequest.newBuilder().setNetwork(NETWORK).build()).getVersionsList());
            versions.sort(Comparator.comparingLong(VersionInfo::getVersion));
            Map<Integer, Change> byN = new HashMap<>();
            changes.forEach(c -> byN.put(c.n, c));
            Map<Integer, Long> planVersions = new LinkedHashMap<>();
            List<LinkState> telemetryStates = new ArrayList<>();
            Topology prev = null;
            Change lastPlan = null;
            for (int k = 0; k < versions.size(); k++) {
                VersionInfo v = versions.get(k);
                assertEquals(k + 1, v.getVersion(), "versions must be 1..N without gaps: " + versions);
                assertEquals(k, v.getParentVersion(), "parent of version " + v.getVersion());
                GetNetworkResponse net = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(NETWORK)
                        .setVersion(v.getVersion()).build());
                assertEquals(v.getVersion(), net.getVersion());
                Topology t = net.getTopology();
                if (k == 0) {
                    assertEquals(first, t, "version 1 is the imported topology");
                } else {
                    Matcher tm = TELEMETRY_REASON.matcher(v.getReason());
                    Matcher pm = PLAN_REASON.matcher(v.getReason());
                    if ("telemetry".equals(v.getAuthor()) && tm.matches()) {
                        assertEquals(stateLink, tm.group(1), v.toString());
                        LinkState s = LinkState.valueOf("LINK_STATE_" + tm.group(2));
                        assertTrue(effective(link(prev, stateLink).getOperState()) != s,
                                "version " + v.getVersion() + " records a state the link already had: " + v);
                        assertEquals(withLink(prev, link(prev, stateLink).toBuilder().setOperState(s).build()), t,
                                "version " + v.getVersion() + " (" + v.getReason() + ") is not its parent plus that change");
                        telemetryStates.add(s);
                    } else if (PLAN_AUTHOR.equals(v.getAuthor()) && pm.matches()) {
                        Change c = byN.get(Integer.parseInt(pm.group(1)));
                        assertNotNull(c, "version of a plan never sent: " + v);
                        assertTrue(c.outcome == Outcome.ACKNOWLEDGED || c.outcome == Outcome.NO_REPLY,
                                "version of a plan that was rejected with ABORTED: " + v);
                        if (c.outcome == Outcome.ACKNOWLEDGED) {
                            assertEquals(c.version, v.getVersion(), "acknowledged plan " + c.n + " version");
                        }
                        assertEquals(c.expectedVersion, v.getParentVersion(), "plan " + c.n + " parent");
                        assertEquals(null, planVersions.put(c.n, v.getVersion()), "plan " + c.n + " stored twice");
                        assertEquals(withLink(prev, link(prev, planLink).toBuilder().setIgpWeight(c.weight()).build()), t,
                                "version " + v.getVersion() + " (" + v.getReason() + ") is not its parent plus that change");
                        lastPlan = c;
                    } else {
                        fail("unexpected version " + v);
                    }
                }
                prev = t;
            }
            boolean unansweredLanded = false;
            Change lastAcked = null;
            for (Change c : changes) {
                if (c.outcome == Outcome.ACKNOWLEDGED) {
                    assertTrue(planVersions.containsKey(c.n), "acknowledged plan " + c.n + " (version " + c.version
                            + ") lost after SIGKILL");
                    lastAcked = c;
                } else if (c.outcome == Outcome.NO_REPLY && planVersions.containsKey(c.n)) {
                    unansweredLanded = true;
                }
            }
            // The latest plan content is the last acknowledged plan, or the unanswered one after it.
            if (lastAcked != null) {
                assertNotNull(lastPlan);
                assertTrue(lastPlan == lastAcked || (lastPlan.outcome == Outcome.NO_REPLY && lastPlan.n > lastAcked.n),
                        "latest plan version is change " + lastPlan.n + ", last acknowledged " + lastAcked.n);
                assertEquals(lastPlan.weight(), link(prev, planLink).getIgpWeight(), "latest version's plan link weight");
            }

            // Telemetry versions are exactly the state changes of the stored samples, in order.
            List<LinkState> expectedStates = new ArrayList<>();
            LinkState current = LinkState.LINK_STATE_UP;
            for (Stream s : streams) {
                int changed = 0;
                if (s.stored() > 0 && s.firstState != current) {
                    expectedStates.add(s.firstState);
                    current = s.firstState;
                    changed = 1;
                }
                if (s.acknowledged()) {
                    assertEquals(changed, s.reply.getStateChanges(), "state changes reported for stream " + s.index);
                }
            }
            assertEquals(expectedStates, telemetryStates, "telemetry versions vs. the stored state changes");
            return new Found(acknowledged, found, cut, versions.size(), planVersions.size(), telemetryStates.size(),
                    unansweredLanded);
        }

        /**
         * After a restart: a sample repeating the latest version's oper state makes no change (the
         * remembered state agrees with the versions), and a plan on the latest version gets the next one.
         */
        void probe(int latest) {
            Topology top = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(NETWORK).build()).getTopology();
            Stream s;
            synchronized (streams) {
                s = new Stream(streams.size(), 1, effective(link(top, stateLink).getOperState()));
                streams.add(s);
            }
            s.reply = send(s);
            assertEquals(0, s.reply.getStateChanges(), "a sample repeating the latest version's oper state changed it");
            Change c = new Change(changes.size(), latest);
            changes.add(c);
            c.version = apply(c);
            c.outcome = Outcome.ACKNOWLEDGED;
            assertEquals(latest + 1, c.version, "first plan after the restart");
        }
    }

    private static LinkState effective(LinkState s) {
        return s == LinkState.LINK_STATE_UNSPECIFIED ? LinkState.LINK_STATE_UP : s;
    }

    private static Link link(Topology t, String id) {
        return t.getLinksList().stream().filter(l -> l.getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("link " + id + " missing from " + t));
    }

    private static Topology withLink(Topology t, Link changed) {
        Topology.Builder b = t.toBuilder().clearLinks();
        t.getLinksList().forEach(l -> b.addLinks(l.getId().equals(changed.getId()) ? changed : l));
        return b.build();
    }
}
