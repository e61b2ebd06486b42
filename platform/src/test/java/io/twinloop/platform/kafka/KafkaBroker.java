package io.twinloop.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker for tests: the same jars and settings as {@code TWINLOOP_KAFKA=1 ./twinloop up}
 * ({@code kafka/target/lib}, made by the build from Maven Central, and {@code kafka/broker.properties}), run as a
 * separate JVM on 127.0.0.1 with free ports and its own temporary data directory. It runs outside the test's JVM so
 * that the broker's classpath (Kafka 4.4.0, Scala) never meets the services' (kafka-clients 4.1.2 from the Quarkus
 * BOM); the test talks to it with whatever client it has.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());   // "127.0.0.1:<port>"
 *     ...
 * }
 * }</pre>
 *
 * <p>Start-up takes a few seconds (storage format, then the broker); ready means the broker logged that it started
 * and its port accepts connections. A failure throws with the end of the broker's log. {@link #close()} stops it
 * with SIGTERM (a clean shutdown) and deletes its directory.
 */
public final class KafkaBroker implements AutoCloseable {
    /** How long start-up may take before it fails. */
    private static final long START_SECONDS = 90;
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Each test broker has its own directory, so one fixed id serves (a Kafka Uuid; it must not start with '-'). */
    private static final String CLUSTER_ID = "dHdpbmxvb3AtdGVzdHMtaw";

    private final Path directory;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    private KafkaBroker(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, "kafka-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a broker on free loopback ports and returns when it is ready. A port taken by another process between
     * choosing and binding it is retried with new ports (twice).
     *
     * @throws IllegalStateException if the broker's jars are missing or it did not become ready
     */
    public static KafkaBroker start() throws IOException, InterruptedException {
        Path home = kafkaHome();
        Path lib = home.resolve("target/lib");
        boolean jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            jars = false;
        }
        if (!jars) {
            throw new IllegalStateException("the Kafka broker's jars are missing in " + lib + ": build the project "
                    + "(./mvnw -B -DskipTests package) or only them (./mvnw -B -f kafka/pom.xml package)");
        }
        for (int attempt = 1; ; attempt++) {
            Path dir = Files.createTempDirectory("twinloop-kafka");
            try {
                return startIn(home, lib, dir);
            } catch (PortTakenException e) {
                delete(dir);
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage());
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                delete(dir);
                throw e;
            }
        }
    }

    private static KafkaBroker startIn(Path home, Path lib, Path dir) throws IOException, InterruptedException {
        int[] ports = freePorts(2);
        Path settings = dir.resolve("server.properties");
        Files.writeString(settings, Files.readString(home.resolve("broker.properties"))
                + "\n# written by KafkaBroker (tests)\n"
                + "listeners=PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1] + "\n"
                + "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[0] + "\n"
                + "controller.quorum.bootstrap.servers=127.0.0.1:" + ports[1] + "\n"
                + "log.dirs=" + dir.resolve("data") + "\n");
        Path log = dir.resolve("kafka.log");

        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", lib + "/*", "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"));
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", CLUSTER_ID,
                "-c", settings.toString()));
        Path formatLog = dir.resolve("format.log");
        Process formatting = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(formatLog.toFile())
                .start();
        if (!formatting.waitFor(START_SECONDS, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
            formatting.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka storage failed:\n" + tail(formatLog));
        }

        List<String> server = new ArrayList<>(java.subList(0, 1));
        server.addAll(JVM_OPTIONS);
        server.addAll(java.subList(1, java.size()));
        server.addAll(List.of("kafka.Kafka", settings.toString()));
        Process process = new ProcessBuilder(server).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        KafkaBroker broker = new KafkaBroker(dir, ports[0], process);
        try {
            broker.awaitReady();
            return broker;
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.stopProcess();
            broker.removeShutdownHook();
            throw e;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        Path log = logFile();
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (!process.isAlive()) {
                if (text.contains("Address already in use")) {
                    throw new PortTakenException("the Kafka broker's ports were taken by another process:\n" + tail(log));
                }
                throw new IllegalStateException("the Kafka broker exited while starting (" + process.exitValue()
                        + "):\n" + tail(log));
            }
            if (text.contains("Kafka Server started") && accepts(port)) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the Kafka broker did not become ready on 127.0.0.1:" + port
                        + " within " + START_SECONDS + " s:\n" + tail(log));
            }
            Thread.sleep(200);
        }
    }

    /** The address clients connect to: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's client (PLAINTEXT) port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The broker's log (standard output and error), for a failing test's message. */
    public Path logFile() {
        return directory.resolve("kafka.log");
    }

    /** Whether the broker's process still runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the broker (SIGTERM, a clean shutdown; SIGKILL after 30 s) and deletes its data. */
    @Override
    public void close() {
        stopProcess();
        removeShutdownHook();
        delete(directory);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The repository's {@code kafka/} directory: system property {@code twinloop.kafka.home}, else the first
     * {@code kafka/} with a {@code broker.properties} above the working directory (a module's directory in a build).
     */
    static Path kafkaHome() {
        String configured = System.getProperty("twinloop.kafka.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("kafka/broker.properties"))) {
                return dir.resolve("kafka");
            }
        }
        throw new IllegalStateException("no kafka/broker.properties above " + Path.of("").toAbsolutePath()
                + "; set -Dtwinloop.kafka.home to the repository's kafka/ directory");
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code n} distinct free loopback ports, all held open until all are chosen (else one may come twice). */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return "... " + log + ":\n" + text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the Kafka broker's directory " + dir, e);
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
