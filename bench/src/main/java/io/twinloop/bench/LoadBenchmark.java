package io.twinloop.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryAck;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Telemetry ingestion and optimization rounds at the same time, for minutes: the load test.
 *
 * <p>The four packaged services run on loopback ({@link LoopbackStack}, fresh data directory, embedded H2
 * stores); GEANT and its measured traffic series are imported ({@link RoundBenchmark#importGeant}) and a few
 * rounds warm the JVMs up. Then, for {@code --duration} seconds:
 * <ul>
 *   <li><b>Telemetry</b>: {@code --streams} senders, each paced on a fixed schedule at {@code --rate / --streams}
 *   link samples per second in messages of {@code --batch} samples. {@code IngestTelemetry} acknowledges only
 *   when a stream ends, and only once everything accepted is committed, so every message is its own call:
 *   its reply is the message's durable acknowledgement. A sender keeps at most {@code --max-in-flight} calls
 *   open; when they are all busy it falls behind its schedule, and the backlog (messages due but not sent) is
 *   measured and reported, never dropped: the target stays the target, and the ack latency is reported both
 *   from the send and from the scheduled time (the latter includes the time a message waited in the backlog).
 *   Samples cycle over the 72 GEANT links, with rates around the link's load under the traffic row
 *   {@code --first-row} (within capacity), occasional drops, oper state always UP (so no sample changes the
 *   network and the rounds stay comparable); a sample's time is its message's scheduled wall-clock time.</li>
 *   <li><b>Rounds</b>: one {@code RunRound} (dry run, or {@code --mode auto}) every {@code --round-interval} on a
 *   fixed cadence; when {@code --max-concurrent-rounds} are still running at a tick, the tick's round is
 *   skipped and counted.</li>
 *   <li><b>Resources</b>: every second each service's CPU time and RSS ({@code /proc}); every
 *   {@code --sample-every} seconds each service's heap after a forced full GC ({@link JvmMemoryProbe}).</li>
 * </ul>
 * A reply of UNAVAILABLE or RESOURCE_EXHAUSTED carrying a {@code google.rpc.RetryInfo} (load shedding) is
 * counted as a rejection and the same message or round is retried after the delay it names. Every other
 * error is counted by status code and not retried. Afterwards the stored samples are read back with
 * {@code GetTelemetry} and compared with the acknowledged ones, window by window of sample time.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.twinloop.bench.LoadBenchmark [--duration 300] [--rate 200000]
 *     [--batch 1000] [--streams 2] [--max-in-flight 8] [--round-interval 1s] [--max-concurrent-rounds 2]
 *     [--mode dry-run|auto] [--warmup 5] [--sample-every 15] [--first-row 105] [--verify all|none]
 *     [--service-jvm OPTS] [--twin-jvm OPTS] [--gateway-jvm OPTS] [--json bench/target/load-bench.json] [--keep]
 * </pre>
 * Exits 1 when the read-back does not match the acknowledged samples or a round failed.
 */
public final class LoadBenchmark {
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_RETRIES = 100;
    /** Most samples GetTelemetry returns in one call (twin-service's TelemetryRpcs.MAX_TELEMETRY_LIMIT). */
    private static final int READ_LIMIT = 100_000;

    private LoadBenchmark() {
    }

    // ------------------------------------------------------------------ options

    static final class Options {
        int durationS = 300;
        double rate = 200_000;
        int batch = 1000;
        int streams = 2;
        int maxInFlight = 8;
        /** "calls": one IngestTelemetry call per message; "stream": one IngestTelemetryAcked stream per sender. */
        String transport = "calls";
        Duration roundInterval = Duration.ofSeconds(1);
        int maxConcurrentRounds = 2;
        RoundMode mode = RoundMode.ROUND_MODE_DRY_RUN;
        int warmup = 5;
        int sampleEveryS = 15;
        int firstRow = 105;
        boolean verify = true;
        String serviceJvm = "-Xmx384m -XX:+UseSerialGC";
        String twinJvm;
        String gatewayJvm = "-Xms384m -Xmx384m -XX:+UseSerialGC";
        Path json;
        boolean keep;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--keep")) {
                    o.keep = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--duration" -> o.durationS = (int) seconds(v).toSeconds();
                    case "--rate" -> o.rate = Double.parseDouble(v);
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--streams" -> o.streams = Integer.parseInt(v);
                    case "--max-in-flight" -> o.maxInFlight = Integer.parseInt(v);
                    case "--transport" -> {
                        if (!v.equals("calls") && !v.equals("stream")) {
                            throw new IllegalArgumentException("--transport must be calls or stream, got " + v);
                        }
                        o.transport = v;
                    }
                    case "--round-interval" -> o.roundInterval = seconds(v);
                    case "--max-concurrent-rounds" -> o.maxConcurrentRounds = Integer.parseInt(v);
                    case "--mode" -> o.mode = switch (v) {
                        case "dry-run", "dry_run" -> RoundMode.ROUND_MODE_DRY_RUN;
                        case "auto" -> RoundMode.ROUND_MODE_AUTO;
                        default -> throw new IllegalArgumentException("--mode must be dry-run or auto, got " + v);
                    };
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--sample-every" -> o.sampleEveryS = (int) seconds(v).toSeconds();
                    case "--first-row" -> o.firstRow = Integer.parseInt(v);
                    case "--verify" -> o.verify = switch (v) {
                        case "all" -> true;
                        case "none" -> false;
                        default -> throw new IllegalArgumentException("--verify must be all or none, got " + v);
                    };
                    case "--service-jvm" -> o.serviceJvm = v;
                    case "--twin-jvm" -> o.twinJvm = v;
                    case "--gateway-jvm" -> o.gatewayJvm = v;
                    case "--json" -> o.json = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown argument " + a + "; use --duration S --rate N "
                            + "--batch N --streams N --max-in-flight N --round-interval 1s --max-concurrent-rounds N "
                            + "--mode dry-run|auto --warmup N --sample-every S --first-row N --verify all|none "
                            + "--service-jvm OPTS --twin-jvm OPTS --gateway-jvm OPTS --json FILE --keep");
                }
            }
            if (o.durationS < 1 || !(o.rate > 0) || o.batch < 1 || o.streams < 1 || o.maxInFlight < 1
                    || o.roundInterval.isZero() || o.roundInterval.isNegative() || o.maxConcurrentRounds < 1
                    || o.warmup < 0 || o.sampleEveryS < 1 || o.firstRow < 0) {
                throw new IllegalArgumentException("--duration, --rate, --batch, --streams, --max-in-flight, "
                        + "--round-interval, --max-concurrent-rounds and --sample-every must be > 0; --warmup and "
                        + "--first-row >= 0");
            }
            return o;
        }

        /** "300", "300s", "1s", "500ms", "5m". */
        static Duration seconds(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        }
    }

    // ------------------------------------------------------------------ shared counters

    /** Error counts by gRPC status code (and "+RetryInfo (retried)" for load-shedding rejections). */
    static final class ErrorCounts {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new TreeMap<>();
            counts.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    /** The measured phase's clock: start, end, and which 10-s window a time falls in. */
    record Clock(long startNs, long endNs, long wallStartMs) {
        int window(long ns) {
            return (int) Math.max(0, (ns - startNs) / WINDOW_NS);
        }

        int windows() {
            return (int) ((endNs - startNs + WINDOW_NS - 1) / WINDOW_NS);
        }

        double seconds(long ns) {
            return (ns - startNs) / 1e9;
        }
    }

    // ------------------------------------------------------------------ telemetry

    /** One GEANT link and what its samples look like. */
    record LinkProfile(String id, double capacityBps, double baseUtilization, double phase) {
    }

    /** What all telemetry senders measured. */
    static final class TelemetryStats {
        final ErrorCounts errors = new ErrorCounts();
        final LongAdder sentMessages = new LongAdder();
        final LongAdder ackedMessages = new LongAdder();
        final LongAdder ackedSamples = new LongAdder();
        final LongAdder ackedAfterEnd = new LongAdder();
        final LongAdder rejectedSamples = new LongAdder();
        final LongAdder failedMessages = new LongAdder();
        final LongAdder failedSamples = new LongAdder();
        final LongAdder retries = new LongAdder();
        final long[] ackedPerWindow;
        final long[] maxBacklogPerWindow;
        final List<double[]> ackLatencyMs = Collections.synchronizedList(new ArrayList<>()); // {from send, from schedule}
        /** Acknowledged samples per sample time (ms): what the read-back must find. */
        final ConcurrentSkipListMap<Long, LongAdder> ackedBySampleMs = new ConcurrentSkipListMap<>();

        TelemetryStats(int windows) {
            ackedPerWindow = new long[windows];
            maxBacklogPerWindow = new long[windows];
        }

        synchronized void acked(int window, long samples) {
            if (window < ackedPerWindow.length) {
                ackedPerWindow[window] += samples;
            }
        }

        synchronized void backlog(int window, long messages) {
            if (window < maxBacklogPerWindow.length) {
                maxBacklogPerWindow[window] = Math.max(maxBacklogPerWindow[window], messages);
            }
        }
    }

    /**
     * One paced sender: message k of this sender is due at {@code start + k * interval}; each is sent as its
     * own {@code IngestTelemetry} call once due and once one of the {@code maxInFlight} call slots is free.
     */
    static final class Sender implements Runnable {
        private final int id;
        private final TwinServiceGrpc.TwinServiceStub stub;
        private final String network;
        private final List<LinkProfile> links;
        private final int batch;
        private final long intervalNs;
        private final Semaphore slots;
        private final Clock clock;
        private final TelemetryStats stats;
        private final ScheduledExecutorService retryTimer;
        private final SplittableRandom rnd;
        private long nextLink;
        volatile long due;
        volatile long sent;
        volatile long dueAtEnd;
        /** Whether messages go on one IngestTelemetryAcked stream (else one IngestTelemetry call each). */
        private final boolean acked;
        /** The acked stream's messages sent and not yet acknowledged, in order (guarded by this). */
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private StreamObserver<IngestTelemetryRequest> stream;
        private long streamAccepted;
        private long streamRejected;

        private record Pending(IngestTelemetryRequest msg, long scheduledNs, long firstSendNs) {
        }

        Sender(int id, TwinServiceGrpc.TwinServiceStub stub, String network, List<LinkProfile> links, int batch,
               double ratePerSender, int maxInFlight, Clock clock, TelemetryStats stats,
               ScheduledExecutorService retryTimer, boolean acked) {
            this.id = id;
            this.stub = stub;
            this.network = network;
            this.links = links;
            this.batch = batch;
            this.intervalNs = Math.round(batch * 1e9 / ratePerSender);
            this.slots = new Semaphore(maxInFlight);
            this.clock = clock;
            this.stats = stats;
            this.retryTimer = retryTimer;
            this.rnd = new SplittableRandom(42 + id);
            this.nextLink = (long) id * links.size() / 2;
            this.acked = acked;
        }

        @Override
        public void run() {
            long k = 0;
            dueAtEnd = (clock.endNs() - clock.startNs() + intervalNs - 1) / intervalNs; // k * interval < duration
            while (true) {
                long now = System.nanoTime();
                if (now >= clock.endNs()) {
                    break;
                }
                long d = (now - clock.startNs()) / intervalNs + 1;
                due = d;
                stats.backlog(clock.window(now), d - k);
                if (k >= d) {
                    LockSupport.parkNanos(clock.startNs() + k * intervalNs - now);
                    continue;
                }
                try {
                    if (!slots.tryAcquire(Math.min(clock.endNs() - now, TimeUnit.MILLISECONDS.toNanos(20)),
                            TimeUnit.NANOSECONDS)) {
                        continue; // every call slot busy: the backlog grows
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long scheduled = clock.startNs() + k * intervalNs;
                IngestTelemetryRequest msg = message(scheduled);
                stats.sentMessages.increment();
                if (acked) {
                    sendOnStream(new Pending(msg, scheduled, System.nanoTime()));
                } else {
                    send(msg, scheduled, System.nanoTime(), 0);
                }
                k++;
                sent = k;
            }
        }

        /** The next {@code batch} samples, cycling over the links, at the scheduled time. */
        private IngestTelemetryRequest message(long scheduledNs) {
            long timeMs = clock.wallStartMs() + Math.floorDiv(scheduledNs - clock.startNs(), 1_000_000L);
            double t = (timeMs - clock.wallStartMs()) / 1000.0;
            IngestTelemetryRequest.Builder b = IngestTelemetryRequest.newBuilder().setNetwork(network);
            for (int i = 0; i < batch; i++) {
                LinkProfile l = links.get((int) (nextLink++ % links.size()));
                // a slow 10-minute swing of +-20 % around the link's load under the traffic row, plus 3 % noise
                double u = l.baseUtilization() * (1 + 0.2 * Math.sin(2 * Math.PI * t / 600 + l.phase()))
                        + 0.03 * l.baseUtilization() * rnd.nextGaussian();
                u = Math.max(0, Math.min(0.98, u));
                double drops = rnd.nextInt(1000) == 0 ? 1 + rnd.nextInt(500) : 0; // 0.1 % of samples see drops
                b.addSamples(LinkSample.newBuilder().setTimeUnixMs(timeMs).setLinkId(l.id())
                        .setRateBps(Math.rint(u * l.capacityBps())).setDropsPps(drops)
                        .setOperState(LinkState.LINK_STATE_UP));
            }
            return b.build();
        }

        private void send(IngestTelemetryRequest msg, long scheduledNs, long firstSendNs, int attempt) {
            TelemetryStreams.send(stub.withDeadlineAfter(60, TimeUnit.SECONDS), List.of(msg))
                    .whenComplete((resp, err) -> {
                        long now = System.nanoTime();
                        if (err == null) {
                            done(msg, resp, scheduledNs, firstSendNs, now);
                            return;
                        }
                        Optional<Duration> retry = TelemetryStreams.retryDelay(err);
                        Status.Code code = Status.fromThrowable(err).getCode();
                        if (retry.isPresent() && attempt < MAX_RETRIES) {
                            stats.errors.add(code + " +RetryInfo (retried)");
                            stats.retries.increment();
                            retryTimer.schedule(() -> send(msg, scheduledNs, firstSendNs, attempt + 1),
                                    Math.max(1, retry.get().toMillis()), TimeUnit.MILLISECONDS);
                            return;
                        }
                        stats.errors.add(code.toString() + (retry.isPresent() ? " +RetryInfo (gave up)" : ""));
                        stats.failedMessages.increment();
                        stats.failedSamples.add(msg.getSamplesCount());
                        slots.release();
                    });
        }

        private void done(IngestTelemetryRequest msg, IngestTelemetryResponse resp, long scheduledNs, long firstSendNs,
                          long now) {
            stats.ackedMessages.increment();
            stats.ackedSamples.add(resp.getAccepted());
            stats.rejectedSamples.add(resp.getRejected());
            if (now >= clock.endNs()) {
                stats.ackedAfterEnd.add(resp.getAccepted());
            } else {
                stats.acked(clock.window(now), resp.getAccepted());
            }
            stats.ackLatencyMs.add(new double[] {(now - firstSendNs) / 1e6, (now - scheduledNs) / 1e6});
            if (resp.getRejected() == 0) {
                stats.ackedBySampleMs.computeIfAbsent(msg.getSamples(0).getTimeUnixMs(), x -> new LongAdder())
                        .add(resp.getAccepted());
            } else {
                System.err.printf(Locale.ROOT, "telemetry: %d samples of a message rejected (unknown links %s)%n",
                        resp.getRejected(), resp.getUnknownLinkIdsList());
            }
            slots.release();
        }

        /** Sends one message on the acked stream, opening the stream first when there is none. */
        private synchronized void sendOnStream(Pending p) {
            if (stream == null) {
                openStream();
            }
            pending.addLast(p);
            stream.onNext(p.msg());
        }

        private void openStream() {
            streamAccepted = 0;
            streamRejected = 0;
            stream = stub.ingestTelemetryAcked(new StreamObserver<>() {
                @Override
                public void onNext(IngestTelemetryAck ack) {
                    acked(ack);
                }

                @Override
                public void onError(Throwable t) {
                    streamFailed(t);
                }

                @Override
                public void onCompleted() {
                }
            });
        }

        /** An ack acknowledges the oldest pending message: the stream's totals grew by its samples. */
        private void acked(IngestTelemetryAck ack) {
            long now = System.nanoTime();
            Pending p;
            IngestTelemetryResponse delta;
            synchronized (this) {
                p = pending.pollFirst();
                delta = IngestTelemetryResponse.newBuilder()
                        .setAccepted(ack.getTotals().getAccepted() - streamAccepted)
                        .setRejected(ack.getTotals().getRejected() - streamRejected)
                        .addAllUnknownLinkIds(ack.getTotals().getUnknownLinkIdsList()).build();
                streamAccepted = ack.getTotals().getAccepted();
                streamRejected = ack.getTotals().getRejected();
            }
            if (p != null) {
                done(p.msg(), delta, p.scheduledNs(), p.firstSendNs(), now);
            }
        }

        /**
         * The stream broke: its unacknowledged messages are resent on a new stream after the RetryInfo delay
         * when the twin shed it, else counted as failed.
         */
        private void streamFailed(Throwable t) {
            Optional<Duration> retry = TelemetryStreams.retryDelay(t);
            Status.Code code = Status.fromThrowable(t).getCode();
            List<Pending> lost;
            synchronized (this) {
                lost = new ArrayList<>(pending);
                pending.clear();
                stream = null;
            }
            if (retry.isPresent()) {
                stats.errors.add(code + " +RetryInfo (retried)");
                stats.retries.increment();
                retryTimer.schedule(() -> lost.forEach(this::sendOnStream), Math.max(1, retry.get().toMillis()),
                        TimeUnit.MILLISECONDS);
                return;
            }
            for (Pending p : lost) {
                stats.errors.add(code.toString());
                stats.failedMessages.increment();
                stats.failedSamples.add(p.msg().getSamplesCount());
                slots.release();
            }
        }

        /** Half-closes the acked stream (the end of the run, once every message is acknowledged). */
        synchronized void close() {
            if (stream != null) {
                stream.onCompleted();
                stream = null;
            }
        }

        int inFlight(int maxInFlight) {
            return maxInFlight - slots.availablePermits();
        }

        boolean drained(int maxInFlight) {
            return slots.availablePermits() == maxInFlight;
        }
    }

    // ------------------------------------------------------------------ rounds

    /** One tick's round as the client saw it. */
    record RoundRecord(long tick, double scheduledS, double startLagMs, double latencyMs, String roundStatus,
                       String grpcCode, int rejections, int concurrentAtStart, String error) {
        boolean completed() {
            return grpcCode.equals("OK");
        }

        boolean ok() {
            return completed() && !roundStatus.equals("FAILED");
        }
    }

    static final class RoundStats {
        final ErrorCounts errors = new ErrorCounts();
        final List<RoundRecord> rounds = Collections.synchronizedList(new ArrayList<>());
        final LongAdder skipped = new LongAdder();
        final LongAdder ticks = new LongAdder();
    }

    private static RoundRecord runRound(GatewayServiceGrpc.GatewayServiceBlockingStub gateway, RoundMode mode, int row,
                                        long tick, long scheduledNs, int concurrent, Clock clock, RoundStats stats) {
        RunRoundRequest req = RunRoundRequest.newBuilder().setNetwork(RoundBenchmark.NETWORK).setMode(mode)
                .setTraffic(TrafficSelector.newBuilder().setRow(row)).setRequestedBy("load-bench").build();
        long t0 = System.nanoTime();
        int rejections = 0;
        while (true) {
            try {
                Round r = gateway.withDeadlineAfter(60, TimeUnit.SECONDS).runRound(req).getRound();
                double ms = (System.nanoTime() - t0) / 1e6;
                String status = r.getStatus().name().replace("ROUND_STATUS_", "");
                if (r.getStatus() == RoundStatus.ROUND_STATUS_FAILED) {
                    stats.errors.add("OK, round FAILED");
                }
                return new RoundRecord(tick, clock.seconds(scheduledNs), (t0 - scheduledNs) / 1e6, ms, status, "OK",
                        rejections, concurrent, r.getStatus() == RoundStatus.ROUND_STATUS_FAILED ? r.getError() : "");
            } catch (StatusRuntimeException e) {
                Optional<Duration> retry = TelemetryStreams.retryDelay(e);
                Status.Code code = e.getStatus().getCode();
                if (retry.isPresent() && rejections < MAX_RETRIES) {
                    stats.errors.add(code + " +RetryInfo (retried)");
                    rejections++;
                    try {
                        Thread.sleep(Math.max(1, retry.get().toMillis()));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    } // fall through to the retry
                    if (!Thread.currentThread().isInterrupted()) {
                        continue;
                    }
                }
                stats.errors.add(code.toString() + (retry.isPresent() ? " +RetryInfo (gave up)" : ""));
                return new RoundRecord(tick, clock.seconds(scheduledNs), (t0 - scheduledNs) / 1e6,
                        (System.nanoTime() - t0) / 1e6, "ERROR", code.toString(), rejections, concurrent,
                        String.valueOf(e.getStatus().getDescription()));
            }
        }
    }

    // ------------------------------------------------------------------ resources

    /** One resource reading: per service CPU seconds (cumulative) and RSS, optionally heap after a full GC. */
    record ResourcePoint(double t, Map<String, Double> cpuSeconds, Map<String, Long> rssBytes,
                         Map<String, Long> heapAfterGcBytes, double benchCpuSeconds, double jcmdCpuSeconds,
                         ProcStat.Machine machine, double load1, long ackedSamples, int roundsDone) {
    }

    private static ResourcePoint resources(LoopbackStack stack, Clock clock, boolean heap, TelemetryStats tel,
                                           RoundStats rounds) throws Exception {
        Map<String, Long> heapUsed = new LinkedHashMap<>();
        if (heap) {
            for (LoopbackStack.Service s : stack.services()) {
                heapUsed.put(s.name(), JvmMemoryProbe.afterFullGc(s.pid()).heapUsedBytes());
            }
        }
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        for (LoopbackStack.Service s : stack.services()) {
            ProcStat.Cpu c = ProcStat.cpu(s.pid());
            cpu.put(s.name(), c == null ? Double.NaN : c.ownSeconds());
            rss.put(s.name(), ProcStat.rssBytes(s.pid()));
        }
        ProcStat.Cpu self = ProcStat.cpu(ProcessHandle.current().pid());
        return new ResourcePoint(clock.seconds(System.nanoTime()), cpu, rss, heapUsed,
                self == null ? Double.NaN : self.ownSeconds(), self == null ? Double.NaN : self.childrenSeconds(),
                ProcStat.machine(), ProcStat.load1(), tel.ackedSamples.sum(), rounds.rounds.size());
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path root = RoundBenchmark.repoRoot();
        Path data = SharedDataDir.resolve();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", Instant.now().toString());
        json.put("machine", RoundBenchmark.machine());
        json.put("options", RoundBenchmark.map("durationS", o.durationS, "rate", o.rate, "batch", o.batch,
                "streams", o.streams, "maxInFlight", o.maxInFlight, "transport", o.transport, "roundIntervalMs", o.roundInterval.toMillis(),
                "maxConcurrentRounds", o.maxConcurrentRounds, "mode", o.mode.name(), "warmup", o.warmup,
                "sampleEveryS", o.sampleEveryS, "firstRow", o.firstRow, "serviceJvm", o.serviceJvm,
                "twinJvm", o.twinJvm == null ? o.serviceJvm : o.twinJvm, "gatewayJvm", o.gatewayJvm));
        System.out.printf(Locale.ROOT, "# load benchmark: %s%n", RoundBenchmark.machine());
        System.out.printf(Locale.ROOT, "# target: %,.0f link samples/s durable (%d sender(s), messages of %d samples, "
                        + "%s, at most %d messages unacknowledged per sender) while a %s round "
                        + "starts every %d ms (at most %d at once), for %d s%n", o.rate, o.streams, o.batch,
                o.transport.equals("stream") ? "one IngestTelemetryAcked stream per sender, each message acknowledged"
                        : "one IngestTelemetry call per message", o.maxInFlight,
                o.mode == RoundMode.ROUND_MODE_AUTO ? "auto" : "dry-run", o.roundInterval.toMillis(),
                o.maxConcurrentRounds, o.durationS);

        Map<String, List<String>> jvm = new LinkedHashMap<>();
        for (String s : LoopbackStack.SERVICES) {
            String opts = s.equals("gateway") ? o.gatewayJvm
                    : s.equals("twin-service") && o.twinJvm != null ? o.twinJvm : o.serviceJvm;
            jvm.put(s, List.of(opts.trim().split("\\s+")));
        }
        boolean failed;
        try (LoopbackStack stack = LoopbackStack.start(root, jvm, 180, o.keep)) {
            List<Map<String, Object>> jvmJson = new ArrayList<>();
            for (LoopbackStack.Service s : stack.services()) {
                JvmMemoryProbe.HeapFlags f = JvmMemoryProbe.heapFlags(s.pid());
                System.out.printf(Locale.ROOT, "#   %-16s pid %-7d port %-5d %s (max heap %s, %s)%n", s.name(), s.pid(),
                        s.port(), String.join(" ", s.jvmArgs()), RoundBenchmark.mib(f.maxHeapBytes()), f.gc());
                jvmJson.add(RoundBenchmark.map("service", s.name(), "pid", s.pid(), "port", s.port(),
                        "jvmArgs", s.jvmArgs(), "maxHeapBytes", f.maxHeapBytes(), "gc", f.gc()));
            }
            json.put("jvms", jvmJson);
            failed = run(o, stack, data, json);
            json.put("dataDirBytes", RoundBenchmark.sizeOf(stack.work().resolve("data")));
            System.out.printf(Locale.ROOT, "# data directory after the run: %s (twin store %s)%n",
                    RoundBenchmark.mib(RoundBenchmark.sizeOf(stack.work().resolve("data"))),
                    RoundBenchmark.mib(RoundBenchmark.sizeOf(stack.work().resolve("data/twin"))));
            if (failed) {
                for (LoopbackStack.Service s : stack.services()) {
                    System.err.println("--- " + s.name() + " log tail ---\n" + LoopbackStack.tail(s.log(), 1500));
                }
            }
        }
        json.put("loadAfter", ProcStat.loadAverage());
        Path out = o.json != null ? o.json : root.resolve("bench/target/load-bench.json");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, RoundBenchmark.Json.write(json) + "\n");
        System.out.printf(Locale.ROOT, "# results: %s; load average after the run: %s%n", out, ProcStat.loadAverage());
        if (failed) {
            System.exit(1);
        }
    }

    private static boolean run(Options o, LoopbackStack stack, Path data, Map<String, Object> json) throws Exception {
        TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(stack.channel("twin-service"));
        GatewayServiceGrpc.GatewayServiceBlockingStub gateway = GatewayServiceGrpc.newBlockingStub(stack.channel("gateway"));
        int rows = RoundBenchmark.importGeant(twin, data, json);
        if (o.firstRow >= rows) {
            throw new IllegalArgumentException("--first-row " + o.firstRow + " is past the series' " + rows + " rows");
        }
        // the links' loads under the first round's traffic row set the telemetry's utilisation levels
        SimulateResponse sim = twin.withDeadlineAfter(30, TimeUnit.SECONDS).simulate(SimulateRequest.newBuilder()
                .setNetwork(RoundBenchmark.NETWORK).setTraffic(TrafficSelector.newBuilder().setRow(o.firstRow)).build());
        List<LinkProfile> links = new ArrayList<>();
        SplittableRandom phases = new SplittableRandom(7);
        for (LinkLoad l : sim.getLinksList()) {
            double cap = l.getCapacityBps() > 0 ? l.getCapacityBps() : 10e9;
            links.add(new LinkProfile(l.getId(), cap, Math.max(0.02, Math.min(0.9, l.getLoadBps() / cap)),
                    phases.nextDouble() * 2 * Math.PI));
        }
        System.out.printf(Locale.ROOT, "# telemetry over %d links, utilisation around row %d's loads (median %.3f, max %.3f)%n",
                links.size(), o.firstRow, median(links.stream().mapToDouble(LinkProfile::baseUtilization).toArray()),
                links.stream().mapToDouble(LinkProfile::baseUtilization).max().orElse(0));

        RoundBenchmark.RowCursor cursor = new RoundBenchmark.RowCursor(o.firstRow, rows);
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < o.warmup; i++) {
            RoundRecord r = runRound(gateway, RoundMode.ROUND_MODE_DRY_RUN, cursor.next(), -1, System.nanoTime(), 1,
                    new Clock(System.nanoTime(), System.nanoTime(), 0), new RoundStats());
            warm.add(r.latencyMs());
            if (!r.ok()) {
                throw new IllegalStateException("warm-up round failed: " + r);
            }
        }
        System.out.printf(Locale.ROOT, "# warm-up: %d dry-run rounds alone, ms: %s%n", warm.size(),
                warm.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
        json.put("warmupRoundMs", warm);

        // ---- measured phase
        long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        Clock clock = new Clock(startNs, startNs + TimeUnit.SECONDS.toNanos(o.durationS),
                System.currentTimeMillis() + 200);
        TelemetryStats tel = new TelemetryStats(clock.windows());
        RoundStats rounds = new RoundStats();
        ScheduledExecutorService retryTimer = Executors.newScheduledThreadPool(1, daemon("telemetry-retry"));
        ExecutorService roundPool = Executors.newFixedThreadPool(o.maxConcurrentRounds, daemon("round"));
        Semaphore roundSlots = new Semaphore(o.maxConcurrentRounds);
        List<Sender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < o.streams; s++) {
            Sender sender = new Sender(s, TwinServiceGrpc.newStub(stack.channel("twin-service")), RoundBenchmark.NETWORK,
                    links, o.batch, o.rate / o.streams, o.maxInFlight, clock, tel, retryTimer, o.transport.equals("stream"));
            senders.add(sender);
            Thread t = new Thread(sender, "telemetry-sender-" + s);
            t.setDaemon(true);
            threads.add(t);
        }
        Thread ticker = new Thread(() -> {
            long interval = o.roundInterval.toNanos();
            for (long k = 0; ; k++) {
                long at = clock.startNs() + k * interval;
                if (at >= clock.endNs()) {
                    return;
                }
                for (long now = System.nanoTime(); now < at; now = System.nanoTime()) {
                    LockSupport.parkNanos(at - now);
                }
                rounds.ticks.increment();
                if (!roundSlots.tryAcquire()) {
                    rounds.skipped.increment();
                    continue;
                }
                int concurrent = o.maxConcurrentRounds - roundSlots.availablePermits();
                int row = cursor.next();
                long tick = k;
                roundPool.submit(() -> {
                    try {
                        rounds.rounds.add(runRound(gateway, o.mode, row, tick, at, concurrent, clock, rounds));
                    } finally {
                        roundSlots.release();
                    }
                });
            }
        }, "round-ticker");
        ticker.setDaemon(true);

        Map<String, Map<String, Double>> threadsBefore = new LinkedHashMap<>();
        for (LoopbackStack.Service s : stack.services()) {
            threadsBefore.put(s.name(), ProcStat.cpuByThreadName(s.pid()));
        }
        List<ResourcePoint> heapSeries = new ArrayList<>();
        List<ResourcePoint> perSecond = new ArrayList<>();
        heapSeries.add(resources(stack, clock, true, tel, rounds));
        while (System.nanoTime() < clock.startNs()) {
            LockSupport.parkNanos(clock.startNs() - System.nanoTime());
        }
        // the heap probe above took time: restart the clock's schedule from now, not from the probe's start
        ResourcePoint start = resources(stack, clock, false, tel, rounds);
        perSecond.add(start);
        threads.forEach(Thread::start);
        ticker.start();
        System.out.printf(Locale.ROOT, "# measuring for %d s (progress every %d s) ...%n", o.durationS, o.sampleEveryS);
        long nextHeap = clock.startNs() + TimeUnit.SECONDS.toNanos(o.sampleEveryS);
        for (long sec = 1; ; sec++) {
            long at = clock.startNs() + TimeUnit.SECONDS.toNanos(sec);
            if (at > clock.endNs()) {
                break;
            }
            for (long now = System.nanoTime(); now < at; now = System.nanoTime()) {
                LockSupport.parkNanos(at - now);
            }
            boolean heap = at >= nextHeap && at < clock.endNs();
            ResourcePoint p = resources(stack, clock, heap, tel, rounds);
            perSecond.add(p);
            if (heap) {
                heapSeries.add(p);
                nextHeap += TimeUnit.SECONDS.toNanos(o.sampleEveryS);
                long backlog = senders.stream().mapToLong(x -> x.due - x.sent).sum();
                System.out.printf(Locale.ROOT, "#   t=%3.0f s: %,d samples acknowledged, backlog %d messages, %d rounds done, "
                        + "%d skipped, load %.2f%n", p.t(), p.ackedSamples(), backlog, p.roundsDone(),
                        rounds.skipped.sum(), p.load1());
            }
        }
        // end of the measured phase: the senders and the ticker stop on their own
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        ticker.join(TimeUnit.SECONDS.toMillis(10));
        ResourcePoint end = perSecond.get(perSecond.size() - 1);
        Map<String, Map<String, Double>> threadCpu = new LinkedHashMap<>();
        for (LoopbackStack.Service s : stack.services()) {
            threadCpu.put(s.name(), ProcStat.diffTop(threadsBefore.get(s.name()), ProcStat.cpuByThreadName(s.pid()), 6));
        }
        long unsent = senders.stream().mapToLong(x -> x.dueAtEnd - x.sent).sum();
        long drainStart = System.nanoTime();
        while (System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(60)
                && !(senders.stream().allMatch(x -> x.drained(o.maxInFlight)) && roundSlots.availablePermits() == o.maxConcurrentRounds)) {
            Thread.sleep(20);
        }
        double drainS = (System.nanoTime() - drainStart) / 1e9;
        senders.forEach(Sender::close);
        roundPool.shutdown();
        roundPool.awaitTermination(5, TimeUnit.SECONDS);
        retryTimer.shutdownNow();
        heapSeries.add(resources(stack, clock, true, tel, rounds));

        // ---- report
        boolean failed = false;
        Map<String, Object> telJson = telemetryReport(o, clock, tel, senders, unsent, drainS);
        json.put("telemetry", telJson);
        Map<String, Object> roundJson = roundReport(o, rounds);
        json.put("rounds", roundJson);
        failed |= (long) roundJson.get("failed") > 0;
        json.put("resources", resourceReport(o.durationS, stack, heapSeries, perSecond, start, end, threadCpu));
        if (o.verify) {
            Map<String, Object> v = verify(twin, tel);
            json.put("readBack", v);
            failed |= !(boolean) v.get("match");
        }
        return failed;
    }

    // ------------------------------------------------------------------ reports

    private static Map<String, Object> telemetryReport(Options o, Clock clock, TelemetryStats tel, List<Sender> senders,
                                                       long unsent, double drainS) {
        double duration = o.durationS;
        long target = Math.round(o.rate * duration);
        long dueMessages = senders.stream().mapToLong(x -> x.dueAtEnd).sum();
        long ackedInWindow = tel.ackedSamples.sum() - tel.ackedAfterEnd.sum();
        double held = ackedInWindow / duration;
        System.out.printf(Locale.ROOT, "%n== telemetry: target %,.0f samples/s for %d s = %,d samples (%,d messages of %d)%n",
                o.rate, o.durationS, target, dueMessages, o.batch);
        System.out.printf(Locale.ROOT, "sent %,d messages; acknowledged %,d messages = %,d samples (%,d of them after the "
                        + "end, while draining %.1f s); rejected samples %,d; failed %,d messages (%,d samples); "
                        + "retried after RetryInfo %,d times%n", tel.sentMessages.sum(), tel.ackedMessages.sum(),
                tel.ackedSamples.sum(), tel.ackedAfterEnd.sum(), drainS, tel.rejectedSamples.sum(),
                tel.failedMessages.sum(), tel.failedSamples.sum(), tel.retries.sum());
        System.out.printf(Locale.ROOT, "held: %,.0f samples/s acknowledged within the %d s (%.1f %% of the target); "
                        + "messages due but never sent at the end (generator backlog): %,d (%,d samples)%n",
                held, o.durationS, 100 * held / o.rate, unsent, unsent * o.batch);
        int n = clock.windows();
        StringBuilder ws = new StringBuilder("per 10-s window, acknowledged samples/s (max backlog, messages):");
        double worst = Double.MAX_VALUE;
        int worstAt = -1;
        double worstAfterFirst = Double.MAX_VALUE;
        List<Map<String, Object>> windows = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            double len = Math.min(WINDOW_NS, clock.endNs() - clock.startNs() - w * WINDOW_NS) / 1e9;
            double r = tel.ackedPerWindow[w] / len;
            ws.append(String.format(Locale.ROOT, "%s %,.0f (%d)", w % 6 == 0 ? "\n " : "", r, tel.maxBacklogPerWindow[w]));
            if (len >= 5 && r < worst) {
                worst = r;
                worstAt = w;
            }
            if (w > 0 && len >= 5) {
                worstAfterFirst = Math.min(worstAfterFirst, r);
            }
            windows.add(RoundBenchmark.map("fromS", w * 10, "seconds", len, "ackedPerSecond", r,
                    "maxBacklogMessages", tel.maxBacklogPerWindow[w]));
        }
        System.out.println(ws);
        System.out.printf(Locale.ROOT, "worst 10-s window: %,.0f samples/s (%.1f %% of the target, window from t=%d s); "
                + "worst after the first window: %,.0f samples/s%n", worst, 100 * worst / o.rate, worstAt * 10, worstAfterFirst);
        double[] fromSend;
        double[] fromSchedule;
        synchronized (tel.ackLatencyMs) {
            fromSend = tel.ackLatencyMs.stream().mapToDouble(v -> v[0]).toArray();
            fromSchedule = tel.ackLatencyMs.stream().mapToDouble(v -> v[1]).toArray();
        }
        Map<String, Object> qSend = RoundBenchmark.quantiles(fromSend);
        Map<String, Object> qSched = RoundBenchmark.quantiles(fromSchedule);
        System.out.printf(Locale.ROOT, "ack latency per message (1,000 samples committed), ms: from send p50 %s p99 %s max %s; "
                        + "from its scheduled time (incl. waiting in the backlog) p50 %s p99 %s max %s%n",
                f1(qSend.get("p50")), f1(qSend.get("p99")), f1(qSend.get("max")), f1(qSched.get("p50")),
                f1(qSched.get("p99")), f1(qSched.get("max")));
        Map<String, Long> errors = tel.errors.snapshot();
        System.out.printf(Locale.ROOT, "telemetry errors by status: %s%n", errors.isEmpty() ? "none" : errors);
        long maxBacklog = 0;
        for (long b : tel.maxBacklogPerWindow) {
            maxBacklog = Math.max(maxBacklog, b);
        }
        return RoundBenchmark.map("targetPerSecond", o.rate, "targetSamples", target, "dueMessages", dueMessages,
                "sentMessages", tel.sentMessages.sum(), "ackedMessages", tel.ackedMessages.sum(),
                "ackedSamples", tel.ackedSamples.sum(), "ackedAfterEnd", tel.ackedAfterEnd.sum(),
                "heldPerSecond", held, "heldShareOfTarget", held / o.rate, "worstWindowPerSecond", worst,
                "worstWindowAfterFirstPerSecond", worstAfterFirst, "unsentMessagesAtEnd", unsent,
                "maxBacklogMessages", maxBacklog, "rejectedSamples", tel.rejectedSamples.sum(),
                "failedMessages", tel.failedMessages.sum(), "failedSamples", tel.failedSamples.sum(),
                "retries", tel.retries.sum(), "ackLatencyFromSendMs", qSend, "ackLatencyFromScheduleMs", qSched,
                "errors", errors, "windows", windows, "drainSeconds", drainS);
    }

    private static Map<String, Object> roundReport(Options o, RoundStats rounds) {
        List<RoundRecord> all;
        synchronized (rounds.rounds) {
            all = new ArrayList<>(rounds.rounds);
        }
        all.sort((a, b) -> Long.compare(a.tick(), b.tick()));
        List<RoundRecord> completed = all.stream().filter(RoundRecord::completed).toList();
        long ok = all.stream().filter(RoundRecord::ok).count();
        long failed = all.size() - ok;
        double[] lat = completed.stream().mapToDouble(RoundRecord::latencyMs).toArray();
        Map<String, Object> q = RoundBenchmark.quantiles(lat);
        Map<String, Long> statuses = new TreeMap<>();
        all.forEach(r -> statuses.merge(r.roundStatus(), 1L, Long::sum));
        long overlapped = all.stream().filter(r -> r.concurrentAtStart() > 1).count();
        double[] lag = all.stream().mapToDouble(RoundRecord::startLagMs).toArray();
        System.out.printf(Locale.ROOT, "%n== rounds: a %s round every %d ms, at most %d at once: %d ticks, %d run, %d ok, "
                        + "%d failed, %d skipped (previous still running); %d started while another was running%n",
                o.mode == RoundMode.ROUND_MODE_AUTO ? "auto" : "dry-run", o.roundInterval.toMillis(),
                o.maxConcurrentRounds, rounds.ticks.sum(), all.size(), ok, failed, rounds.skipped.sum(), overlapped);
        if (lat.length > 0) {
            System.out.printf(Locale.ROOT, "round latency (client, completed rounds), ms: p50 %s  p90 %s  p99 %s  max %s  "
                            + "(mean %s, min %s, n %d); rounds over 1 s: %d%n", f1(q.get("p50")), f1(q.get("p90")),
                    f1(q.get("p99")), f1(q.get("max")), f1(q.get("mean")), f1(q.get("min")), lat.length,
                    completed.stream().filter(r -> r.latencyMs() > 1000).count());
        }
        Map<String, Object> qLag = RoundBenchmark.quantiles(lag);
        System.out.printf(Locale.ROOT, "statuses %s; start lag behind the tick, ms: p50 %s max %s%n", statuses,
                f1(qLag.get("p50")), f1(qLag.get("max")));
        Map<String, Long> errors = rounds.errors.snapshot();
        System.out.printf(Locale.ROOT, "round errors by status: %s%n", errors.isEmpty() ? "none" : errors);
        all.stream().filter(r -> !r.ok()).limit(5).forEach(r -> System.err.printf(Locale.ROOT,
                "round at t=%.0f s: %s %s: %s%n", r.scheduledS(), r.grpcCode(), r.roundStatus(), r.error()));
        return RoundBenchmark.map("ticks", rounds.ticks.sum(), "run", all.size(), "ok", ok, "failed", failed,
                "skipped", rounds.skipped.sum(), "overlapped", overlapped, "latencyMs", q, "startLagMs", qLag,
                "statuses", statuses, "errors", errors,
                "latencySeriesMs", all.stream().map(r -> RoundBenchmark.map("t", r.scheduledS(), "ms", r.latencyMs(),
                        "status", r.roundStatus(), "grpc", r.grpcCode(), "concurrent", r.concurrentAtStart())).toList());
    }

    private static Map<String, Object> resourceReport(double duration, LoopbackStack stack, List<ResourcePoint> heapSeries,
                                                      List<ResourcePoint> perSecond, ResourcePoint start, ResourcePoint end,
                                                      Map<String, Map<String, Double>> threadCpu) {
        List<String> names = stack.services().stream().map(LoopbackStack.Service::name).toList();
        System.out.printf(Locale.ROOT, "%n== resources over time: heap = used after a forced full GC (jcmd), RSS = VmRSS, "
                + "CPU = %% of one core since the previous row; machine = all cores busy (2 cores = 200 %%), incl. other users%n");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%6s", "t s"));
        for (String s : names) {
            head.append(String.format(Locale.ROOT, " | %-22s", shortName(s) + " heap/RSS MiB, CPU"));
        }
        head.append(String.format(Locale.ROOT, " | %5s %7s %5s %9s", "bench", "machine", "load", "samples/s"));
        System.out.println(head);
        ResourcePoint prev = null;
        List<Map<String, Object>> series = new ArrayList<>();
        for (ResourcePoint p : heapSeries) {
            ResourcePoint before = prev == null ? null : prev;
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6.0f", p.t()));
            double dt = before == null ? 0 : p.t() - before.t();
            for (String s : names) {
                double cpu = before == null || dt <= 0 ? Double.NaN : 100 * (p.cpuSeconds().get(s) - before.cpuSeconds().get(s)) / dt;
                row.append(String.format(Locale.ROOT, " | %6.1f %6.1f %6s%%  ", p.heapAfterGcBytes().getOrDefault(s, -1L) / 1048576.0,
                        p.rssBytes().get(s) / 1048576.0, Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.0f", cpu)));
            }
            double bench = before == null || dt <= 0 ? Double.NaN : 100 * (p.benchCpuSeconds() - before.benchCpuSeconds()) / dt;
            double machine = before == null || dt <= 0 ? Double.NaN
                    : 100 * (p.machine().busySeconds() - before.machine().busySeconds()) / dt;
            // the last row is read after the end and the drain: acknowledgements stop counting at the end
            double rateDt = Math.min(p.t(), duration) - (before == null ? 0 : before.t());
            double rate = before == null || rateDt <= 0 ? Double.NaN : (p.ackedSamples() - before.ackedSamples()) / rateDt;
            row.append(String.format(Locale.ROOT, " | %4s%% %6s%% %5.2f %9s", pct(bench), pct(machine), p.load1(),
                    Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%,.0f", rate)));
            System.out.println(row);
            series.add(RoundBenchmark.map("t", p.t(), "heapAfterGcBytes", p.heapAfterGcBytes(), "rssBytes", p.rssBytes(),
                    "cpuSeconds", p.cpuSeconds(), "benchCpuSeconds", p.benchCpuSeconds(), "machineBusySeconds",
                    p.machine().busySeconds(), "load1", p.load1(), "ackedSamples", p.ackedSamples()));
            prev = p;
        }
        // CPU over the measured phase
        double dt = end.t() - start.t();
        double machineBusy = end.machine().busySeconds() - start.machine().busySeconds();
        double machineTotal = end.machine().totalSeconds() - start.machine().totalSeconds();
        double ours = 0;
        System.out.printf(Locale.ROOT, "%nCPU over the %.0f s measured (%% of one core; the machine has %d):%n", dt,
                Runtime.getRuntime().availableProcessors());
        Map<String, Object> cpuJson = new LinkedHashMap<>();
        for (String s : names) {
            double c = end.cpuSeconds().get(s) - start.cpuSeconds().get(s);
            ours += c;
            System.out.printf(Locale.ROOT, "  %-16s %6.1f s = %5.1f %%   busiest threads (CPU s): %s%n", s, c, 100 * c / dt,
                    fmtThreads(threadCpu.get(s)));
            cpuJson.put(s, RoundBenchmark.map("cpuSeconds", c, "shareOfOneCore", c / dt, "threads", threadCpu.get(s)));
        }
        double bench = end.benchCpuSeconds() - start.benchCpuSeconds();
        double jcmd = end.jcmdCpuSeconds() - start.jcmdCpuSeconds();
        ours += bench + jcmd;
        System.out.printf(Locale.ROOT, "  %-16s %6.1f s = %5.1f %%   (the load generator and round client)%n", "bench client", bench,
                100 * bench / dt);
        System.out.printf(Locale.ROOT, "  %-16s %6.1f s = %5.1f %%   (the heap probes' jcmd processes)%n", "jcmd", jcmd, 100 * jcmd / dt);
        System.out.printf(Locale.ROOT, "  machine busy    %6.1f s = %5.1f %% of %d cores (%.1f s of it not this benchmark's: "
                        + "other users); idle %.1f s%n", machineBusy, 100 * machineBusy / Math.max(1e-9, machineTotal),
                Runtime.getRuntime().availableProcessors(), Math.max(0, machineBusy - ours), machineTotal - machineBusy);
        cpuJson.put("benchClientSeconds", bench);
        cpuJson.put("jcmdSeconds", jcmd);
        cpuJson.put("machineBusySeconds", machineBusy);
        cpuJson.put("machineTotalSeconds", machineTotal);
        cpuJson.put("othersSeconds", machineBusy - ours);
        Map<String, Object> mem = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%nmemory, MiB: heap after GC start / end / max; RSS start / end / max%n");
        for (String s : names) {
            long[] heap = heapSeries.stream().mapToLong(p -> p.heapAfterGcBytes().getOrDefault(s, -1L)).filter(v -> v >= 0).toArray();
            long[] rss = perSecond.stream().mapToLong(p -> p.rssBytes().get(s)).toArray();
            System.out.printf(Locale.ROOT, "  %-16s heap %6.1f / %6.1f / %6.1f   RSS %6.1f / %6.1f / %6.1f%n", s,
                    heap[0] / 1048576.0, heap[heap.length - 1] / 1048576.0, max(heap) / 1048576.0,
                    rss[0] / 1048576.0, rss[rss.length - 1] / 1048576.0, max(rss) / 1048576.0);
            mem.put(s, RoundBenchmark.map("heapStartBytes", heap[0], "heapEndBytes", heap[heap.length - 1],
                    "heapMaxBytes", max(heap), "rssStartBytes", rss[0], "rssEndBytes", rss[rss.length - 1],
                    "rssMaxBytes", max(rss)));
        }
        List<Map<String, Object>> cpuPerSecond = new ArrayList<>();
        for (int i = 1; i < perSecond.size(); i++) {
            ResourcePoint a = perSecond.get(i - 1);
            ResourcePoint b = perSecond.get(i);
            double d = b.t() - a.t();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", b.t());
            for (String s : names) {
                m.put(s, (b.cpuSeconds().get(s) - a.cpuSeconds().get(s)) / d);
            }
            m.put("bench", (b.benchCpuSeconds() - a.benchCpuSeconds()) / d);
            m.put("machine", (b.machine().busySeconds() - a.machine().busySeconds()) / d);
            cpuPerSecond.add(m);
        }
        return RoundBenchmark.map("series", series, "cpu", cpuJson, "memory", mem, "cpuPerSecondCores", cpuPerSecond);
    }

    /**
     * Reads every stored sample back, window by window of sample time (each window small enough to stay below
     * GetTelemetry's limit), and compares the counts with the acknowledged samples of the same window.
     */
    private static Map<String, Object> verify(TwinServiceGrpc.TwinServiceBlockingStub twin, TelemetryStats tel) {
        long t0 = System.nanoTime();
        long expectedTotal = tel.ackedBySampleMs.values().stream().mapToLong(LongAdder::sum).sum();
        long acked = tel.ackedSamples.sum();
        if (tel.ackedBySampleMs.isEmpty()) {
            System.out.println("read-back: nothing acknowledged");
            return RoundBenchmark.map("match", acked == 0, "acknowledged", acked, "stored", 0);
        }
        long first = tel.ackedBySampleMs.firstKey();
        long last = tel.ackedBySampleMs.lastKey();
        long stored = 0;
        long calls = 0;
        List<String> mismatches = new ArrayList<>();
        long from = first;
        while (from <= last) {
            // grow the window while the acknowledged count stays below 90 % of the limit
            long to = from + 1;
            long expected = tel.ackedBySampleMs.get(from) == null ? 0 : tel.ackedBySampleMs.get(from).sum();
            while (to <= last) {
                LongAdder next = tel.ackedBySampleMs.get(to);
                long add = next == null ? 0 : next.sum();
                if (expected + add > READ_LIMIT * 9 / 10) {
                    break;
                }
                expected += add;
                to++;
            }
            int got = twin.withDeadlineAfter(120, TimeUnit.SECONDS).getTelemetry(GetTelemetryRequest.newBuilder()
                    .setNetwork(RoundBenchmark.NETWORK).setFromUnixMs(from).setToUnixMs(to).setLimit(READ_LIMIT).build())
                    .getSamplesCount();
            calls++;
            stored += got;
            if (got != expected) {
                mismatches.add(String.format(Locale.ROOT, "[%d, %d): acknowledged %d, stored %d%s", from, to, expected, got,
                        got >= READ_LIMIT ? " (at GetTelemetry's limit: more may be stored)" : ""));
            }
            from = to;
        }
        // and nothing outside the acknowledged time range (a failed call may have stored part of a message)
        int before = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork(RoundBenchmark.NETWORK)
                .setToUnixMs(first).setLimit(READ_LIMIT).build()).getSamplesCount();
        int after = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork(RoundBenchmark.NETWORK)
                .setFromUnixMs(last + 1).setLimit(READ_LIMIT).build()).getSamplesCount();
        boolean match = mismatches.isEmpty() && stored == acked && expectedTotal == acked && before == 0 && after == 0;
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%n== read-back (GetTelemetry, all links, %d calls over the sample times, %.1f s): "
                        + "acknowledged %,d samples, stored %,d (+%d before, +%d after the acknowledged times): %s%n",
                calls, s, acked, stored, before, after, match ? "MATCH" : "** MISMATCH **");
        mismatches.stream().limit(10).forEach(m -> System.out.println("  " + m));
        return RoundBenchmark.map("match", match, "acknowledged", acked, "stored", stored, "storedBefore", before,
                "storedAfter", after, "calls", calls, "seconds", s, "mismatches", mismatches.stream().limit(50).toList());
    }

    // ------------------------------------------------------------------ helpers

    private static String fmtThreads(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f", v)));
        return sb.toString();
    }

    private static String shortName(String s) {
        return s.replace("-service", "");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : "-";
    }

    private static long max(long[] v) {
        long m = Long.MIN_VALUE;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
