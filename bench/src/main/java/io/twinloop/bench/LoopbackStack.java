package io.twinloop.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The four packaged services ({@code <service>/target/quarkus-app/quarkus-run.jar}) started as separate
 * JVMs on free loopback ports, wired to each other as {@code cli/src/test/java/io/twinloop/cli/EndToEndIT}
 * wires them: {@code QUARKUS_HTTP_PORT}, one fresh {@code TWINLOOP_DATA_DIR},
 * {@code QUARKUS_GRPC_CLIENTS_{TWIN,FORECAST,PLANNER}_PORT}, {@code -Dai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true}. No LLM is configured: {@code TWINLOOP_PLANNER_LLM_*} variables of the
 * caller's environment are removed.
 *
 * <p>{@link #close()} stops every JVM (SIGTERM, then SIGKILL after 15 s) and, unless asked to keep it,
 * deletes the data directory with the logs. A shutdown hook does the same when the benchmark is
 * interrupted.
 */
final class LoopbackStack implements AutoCloseable {
    /** The services, in start order. */
    static final List<String> SERVICES = List.of("twin-service", "forecast-service", "planner-service", "gateway");

    /**
     * {@code grpc.health.v1.Health/Check} with raw bytes: the health stubs live in {@code grpc-services},
     * which the benchmarks jar does not carry. The request {@code {service: ""}} is empty; the reply
     * {@code {status: SERVING}} is the two bytes {@code 08 01}.
     */
    private static final MethodDescriptor<byte[], byte[]> HEALTH_CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("grpc.health.v1.Health/Check")
            .setRequestMarshaller(new RawBytes()).setResponseMarshaller(new RawBytes())
            .build();

    /** A started service. */
    record Service(String name, int port, Process process, List<String> jvmArgs, Path log) {
        long pid() {
            return process.pid();
        }
    }

    private final Path work;
    private final boolean keep;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::stopQuietly, "loopback-stack-stop");
    private boolean stopped;

    private LoopbackStack(Path work, boolean keep) {
        this.work = work;
        this.keep = keep;
    }

    /**
     * Starts the four services and waits until each answers SERVING to a gRPC health check.
     *
     * @param root        repository root (holds {@code <service>/target/quarkus-app})
     * @param jvmArgs     JVM options per service name (heap, GC); the DJL offline switches are added to each
     * @param waitSeconds how long to wait for all four to be SERVING
     * @param keep        keep the data directory and the logs after {@link #close()}
     * @throws IllegalStateException when a jar is missing, a service dies or does not become SERVING in time
     */
    static LoopbackStack start(Path root, Map<String, List<String>> jvmArgs, int waitSeconds, boolean keep)
            throws IOException, InterruptedException {
        for (String s : SERVICES) {
            Path jar = jar(root, s);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("packaged service missing: " + jar
                        + " (build first: ./mvnw -q -B -DskipTests package)");
            }
        }
        LoopbackStack stack = new LoopbackStack(Files.createTempDirectory("twinloop-round-bench"), keep);
        Runtime.getRuntime().addShutdownHook(stack.hook);
        try {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String s : SERVICES) {
                ports.put(s, freePort());
            }
            for (String s : SERVICES) {
                List<String> args = new ArrayList<>(jvmArgs.getOrDefault(s, List.of()));
                args.addAll(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1"));
                List<String> cmd = new ArrayList<>();
                cmd.add(javaBin());
                cmd.addAll(args);
                cmd.addAll(List.of("-jar", jar(root, s).toString()));
                ProcessBuilder pb = new ProcessBuilder(cmd);
                Map<String, String> env = pb.environment();
                env.keySet().removeIf(k -> k.startsWith("TWINLOOP_PLANNER_LLM"));
                env.put("QUARKUS_HTTP_PORT", ports.get(s).toString());
                env.put("TWINLOOP_DATA_DIR", stack.work.resolve("data").toString());
                env.put("OPT_OUT_TRACKING", "true");
                env.put("QUARKUS_GRPC_CLIENTS_TWIN_PORT", ports.get("twin-service").toString());
                env.put("QUARKUS_GRPC_CLIENTS_FORECAST_PORT", ports.get("forecast-service").toString());
                env.put("QUARKUS_GRPC_CLIENTS_PLANNER_PORT", ports.get("planner-service").toString());
                Path log = stack.work.resolve(s + ".log");
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
                stack.services.put(s, new Service(s, ports.get(s), pb.start(), List.copyOf(args), log));
            }
            stack.awaitServing(waitSeconds);
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    Service service(String name) {
        return services.get(name);
    }

    List<Service> services() {
        return List.copyOf(services.values());
    }

    /** A plaintext channel to a service, made once. */
    ManagedChannel channel(String name) {
        return channels.computeIfAbsent(name, n -> NettyChannelBuilder.forAddress("127.0.0.1", services.get(n).port())
                .usePlaintext().maxInboundMessageSize(64 << 20).build());
    }

    /** The directory with the services' data and logs. */
    Path work() {
        return work;
    }

    private void awaitServing(int waitSeconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        for (Service s : services.values()) {
            while (!serving(s.name())) {
                if (!s.process().isAlive()) {
                    throw new IllegalStateException(s.name() + " exited with status " + s.process().exitValue()
                            + " before serving:\n" + tail(s.log(), 3000));
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(s.name() + " not SERVING after " + waitSeconds + " s:\n"
                            + tail(s.log(), 3000));
                }
                Thread.sleep(250);
            }
        }
    }

    private boolean serving(String name) {
        try {
            byte[] reply = ClientCalls.blockingUnaryCall(channel(name), HEALTH_CHECK,
                    CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS), new byte[0]);
            return reply.length == 2 && reply[0] == 0x08 && reply[1] == 1;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    /** The last {@code chars} characters of a log. */
    static String tail(Path log, int chars) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - chars));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running this
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (Service s : services.values()) {
            s.process().destroy();
        }
        for (Service s : services.values()) {
            try {
                if (!s.process().waitFor(15, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (!keep) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete " + work + ": " + e.getMessage());
            }
        }
    }

    private static Path jar(Path root, String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Passes messages through as their bytes. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
