package io.twinloop.twin;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged twin-service ({@code target/quarkus-app/quarkus-run.jar}) in a JVM of its own,
 * which a test can kill with SIGKILL and start again on the same data: the same environment
 * (data directory, store, database), a fresh port per start. Each start logs to its own file.
 */
final class TwinProcess implements AutoCloseable {
    /** Exit status of a process killed by SIGKILL (128 + 9). */
    static final int SIGKILL_EXIT = 137;

    private final Path jar;
    private final Map<String, String> env;
    private final Path logDir;
    private final String name;
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private ManagedChannel channel;

    TwinProcess(Path jar, Map<String, String> env, Path logDir, String name) {
        this.jar = jar;
        this.env = Map.copyOf(env);
        this.logDir = logDir;
        this.name = name;
    }

    /** Starts the twin and waits until it answers gRPC calls. */
    void start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged twin-service missing: " + jar.toAbsolutePath()
                    + " (run ./mvnw verify, which packages before the integration tests)");
        }
        Files.createDirectories(logDir);
        int port = freePort();
        Path log = logDir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString());
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        TwinServiceGrpc.TwinServiceBlockingStub probe = TwinServiceGrpc.newBlockingStub(channel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("twin-service exited with " + process.exitValue()
                        + " during start-up; see " + log + ":\n" + tail(log));
            }
            try {
                probe.withDeadlineAfter(2, TimeUnit.SECONDS).listNetworks(ListNetworksRequest.getDefaultInstance());
                return;
            } catch (StatusRuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("twin-service did not answer within 90 s; see " + log
                            + ":\n" + tail(log), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /** The channel to the running twin. */
    ManagedChannel channel() {
        return channel;
    }

    /** Process id of the running twin. */
    long pid() {
        return process.pid();
    }

    /**
     * Kills the twin with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook,
     * no connection pool close, no database flush. Returns the exit status (137 for SIGKILL).
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("twin-service (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        channel.shutdownNow();
        return process.exitValue();
    }

    /** The last lines of the latest log, for failure messages. */
    String lastLog() {
        return logs.isEmpty() ? "" : tail(logs.get(logs.size() - 1));
    }

    /** Stops the twin normally (SIGTERM), or forcibly when it does not stop within 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
