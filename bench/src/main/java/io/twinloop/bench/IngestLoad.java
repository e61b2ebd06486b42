package io.twinloop.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Telemetry ingestion load generator: streams link samples to a running twin-service over gRPC
 * (client streaming, {@code IngestTelemetry}) and reports the acknowledged rate.
 *
 * <p>The messages are built before the clock starts (the generator's own cost is not measured).
 * The clock runs from the first message sent to the server's reply, which the service sends only
 * once every sample is committed to its store: the rate is of durable samples. Sending respects
 * gRPC flow control ({@code isReady}), so nothing piles up in client buffers. After the run the
 * generator reads one link's samples back ({@code GetTelemetry}) and checks that every sample sent
 * for it is stored.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.twinloop.bench.IngestLoad --target 127.0.0.1:9091 \
 *     [--network ingest-load] [--samples 2000000] [--batch 1000] [--streams 1] [--runs 3] [--topology FILE]
 * </pre>
 * Without {@code --topology}, the network is imported from the shared data's Abilene SNDlib file
 * when it does not exist yet. Samples cycle over every link of the network, one sample per link
 * per second of simulated time, starting after the latest time already stored.
 */
public final class IngestLoad {

    private IngestLoad() {
    }

    public static void main(String[] args) throws Exception {
        String target = "127.0.0.1:9091";
        String network = "ingest-load";
        long samples = 2_000_000;
        int batch = 1000;
        int streams = 1;
        int runs = 3;
        Path topology = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--target" -> target = v;
                case "--network" -> network = v;
                case "--samples" -> samples = Long.parseLong(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--streams" -> streams = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--topology" -> topology = Path.of(v);
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + "; use --target HOST:PORT --network NAME --samples N --batch N --streams N --runs N --topology FILE");
            }
            i++;
        }
        if (samples < 1 || batch < 1 || streams < 1 || runs < 1) {
            throw new IllegalArgumentException("--samples, --batch, --streams and --runs must be >= 1");
        }
        String[] hp = target.split(":");
        ManagedChannel ch = NettyChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        try {
            TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(ch);
            List<String> links = ensureNetwork(twin, network, topology);
            System.out.printf("# ingest load: target %s, network %s (%d links), %,d samples per run in messages of %d, %d stream(s), %d run(s)%n",
                    target, network, links.size(), samples, batch, streams, runs);
            long t0 = System.currentTimeMillis() / 1000 * 1000;
            for (int run = 1; run <= runs; run++) {
                long startMs = t0 + (run - 1) * ((samples / links.size() + 2) * 1000);
                List<List<IngestTelemetryRequest>> perStream = build(network, links, samples, batch, streams, startMs, run);
                long begin = System.nanoTime();
                List<CompletableFuture<IngestTelemetryResponse>> replies = new ArrayList<>();
                for (List<IngestTelemetryRequest> msgs : perStream) {
                    replies.add(TelemetryStreams.send(TwinServiceGrpc.newStub(ch), msgs));
                }
                long accepted = 0;
                long rejected = 0;
                for (CompletableFuture<IngestTelemetryResponse> r : replies) {
                    IngestTelemetryResponse resp = r.get(30, TimeUnit.MINUTES);
                    accepted += resp.getAccepted();
                    rejected += resp.getRejected();
                }
                double secs = (System.nanoTime() - begin) / 1e9;
                long expectedOneLink = countFor(perStream, links.get(0));
                if (expectedOneLink > 100_000) { // GetTelemetry returns at most 100,000 samples
                    System.out.printf("run %d: %,d samples acknowledged (%,d rejected) in %.2f s = %,.0f samples/s (read-back not checked: more than 100,000 per link)%n",
                            run, accepted, rejected, secs, accepted / secs);
                    continue;
                }
                long stored = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork(network)
                        .addLinkIds(links.get(0)).setFromUnixMs(startMs).setToUnixMs(startMs + (samples / links.size() + 2) * 1000)
                        .setLimit((int) Math.min(Integer.MAX_VALUE, expectedOneLink + 10)).build()).getSamplesCount();
                System.out.printf("run %d: %,d samples acknowledged (%,d rejected) in %.2f s = %,.0f samples/s; read back %s: %,d of %,d stored%s%n",
                        run, accepted, rejected, secs, accepted / secs, links.get(0), stored, expectedOneLink,
                        stored == expectedOneLink ? "" : "  ** MISMATCH **");
                if (accepted != samples || stored != expectedOneLink) {
                    System.exit(1);
                }
            }
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static List<String> ensureNetwork(TwinServiceGrpc.TwinServiceBlockingStub twin, String network, Path topology)
            throws Exception {
        GetNetworkResponse net;
        try {
            net = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(network).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
                throw e;
            }
            Path file = topology != null ? topology : SharedDataDir.resolve().resolve("topologies/sndlib/abilene.xml");
            twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(network)
                    .setFileName(file.getFileName().toString()).setReason("ingest load generator")
                    .setContent(ByteString.copyFrom(Files.readAllBytes(file))).build());
            net = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(network).build());
        }
        List<String> ids = new ArrayList<>();
        net.getTopology().getLinksList().forEach(l -> ids.add(l.getId()));
        return ids;
    }

    /** Messages per stream; stream k gets every k-th time step, so each stream is in time order. */
    private static List<List<IngestTelemetryRequest>> build(String network, List<String> links, long samples, int batch,
                                                            int streams, long startMs, long seed) {
        Random rnd = new Random(seed);
        List<List<IngestTelemetryRequest>> out = new ArrayList<>();
        List<IngestTelemetryRequest.Builder> current = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            out.add(new ArrayList<>());
            current.add(IngestTelemetryRequest.newBuilder().setNetwork(network));
        }
        for (long i = 0; i < samples; i++) {
            long step = i / links.size();
            int s = (int) (step % streams);
            IngestTelemetryRequest.Builder b = current.get(s);
            b.addSamples(LinkSample.newBuilder().setTimeUnixMs(startMs + step * 1000)
                    .setLinkId(links.get((int) (i % links.size()))).setRateBps(1e9 * rnd.nextDouble())
                    .setDropsPps(0).setOperState(LinkState.LINK_STATE_UP));
            if (b.getSamplesCount() == batch) {
                out.get(s).add(b.build());
                current.set(s, IngestTelemetryRequest.newBuilder().setNetwork(network));
            }
        }
        for (int s = 0; s < streams; s++) {
            if (current.get(s).getSamplesCount() > 0) {
                out.get(s).add(current.get(s).build());
            }
        }
        return out;
    }

    private static long countFor(List<List<IngestTelemetryRequest>> perStream, String link) {
        long c = 0;
        for (List<IngestTelemetryRequest> msgs : perStream) {
            for (IngestTelemetryRequest m : msgs) {
                for (LinkSample s : m.getSamplesList()) {
                    if (s.getLinkId().equals(link)) {
                        c++;
                    }
                }
            }
        }
        return c;
    }
}
