package io.twinloop.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four packaged services started as separate JVMs on free ports, and the packaged CLI jar run against them
 * as a user would. Shared by the end-to-end tests.
 */
final class PackagedStack implements AutoCloseable {
    static final String[] SERVICES = {"twin-service", "forecast-service", "planner-service", "gateway"};

    record Result(int exit, String out, String err) {
    }

    final Path root;
    final Path work;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> cliOptions;

    /**
     * Starts the services with {@code env} added to each one's environment and waits until all are SERVING;
     * {@code cliOptions} are appended to every {@link #cli} call (e.g. TLS options).
     */
    static PackagedStack start(String name, Map<String, String> env, List<String> cliOptions) throws Exception {
        return start(name, env, cliOptions, List.of(SERVICES));
    }

    /**
     * As {@link #start(String, Map, List)}, starting only {@code services} (e.g. the twin alone for the commands
     * that talk to it only) and waiting until they are SERVING; the others' addresses lead nowhere.
     */
    static PackagedStack start(String name, Map<String, String> env, List<String> cliOptions, List<String> services)
            throws Exception {
        PackagedStack stack = new PackagedStack(Files.createTempDirectory(name), cliOptions);
        try {
            stack.startServices(env, services);
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private PackagedStack(Path work, List<String> cliOptions) {
        this.root = Path.of(System.getProperty("twinloop.root", "..")).toAbsolutePath().normalize();
        this.work = work;
        this.cliOptions = List.copyOf(cliOptions);
    }

    private void startServices(Map<String, String> extraEnv, List<String> services) throws Exception {
        // every port is held open until all are chosen: closing one before asking for the next let the
        // kernel hand out the same port twice (forecast and gateway once got 39679, and the gateway failed)
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String s : SERVICES) {
                Path jar = root.resolve(s).resolve("target/quarkus-app/quarkus-run.jar");
                assertTrue(!services.contains(s) || Files.isRegularFile(jar),
                        "packaged service missing: " + jar + " (run ./mvnw verify from the root)");
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports.put(s, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        assertTrue(Files.isRegularFile(cliJar()), "packaged CLI missing: " + cliJar());
        for (String s : services) {
            ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx384m", "-XX:+UseSerialGC",
                    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                    "-jar", root.resolve(s).resolve("target/quarkus-app/quarkus-run.jar").toString());
            Map<String, String> env = pb.environment();
            // only what the test passes decides TLS, not the shell the build runs in
            env.remove("TWINLOOP_TLS_DIR");
            env.remove("TWINLOOP_TLS_CLIENT_AUTH");
            // every service reads the same TWINLOOP_<SERVICE>_PORT variables: its own port and its peers'
            for (String peer : SERVICES) {
                env.put("TWINLOOP_" + peer.replace("-service", "").toUpperCase() + "_PORT", ports.get(peer).toString());
            }
            env.put("TWINLOOP_DATA_DIR", work.resolve("data").toString());
            env.put("OPT_OUT_TRACKING", "true");
            env.putAll(extraEnv);
            pb.redirectErrorStream(true).redirectOutput(work.resolve(s + ".log").toFile());
            processes.add(pb.start());
        }
        if (services.size() == SERVICES.length) {
            Result status = cli("status", "--wait", "90");
            assertEquals(0, status.exit(), "services did not become SERVING:\n" + status.out() + status.err() + logs());
            return;
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            Result status = cli("status");
            boolean serving = services.stream().allMatch(s -> status.out().lines()
                    .anyMatch(l -> l.startsWith(s + " ") && l.trim().endsWith("SERVING")));
            if (serving) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError(services + " did not become SERVING:\n" + status.out() + status.err() + logs());
            }
            Thread.sleep(500);
        }
    }

    /** The CLI with the stack's addresses and options. */
    Result cli(String... args) {
        return cliWith(cliOptions, args);
    }

    /** The CLI with the stack's addresses and the given options instead of the stack's. */
    Result cliWith(List<String> options, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", cliJar().toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--twin", "localhost:" + ports.get("twin-service"),
                "--forecast", "localhost:" + ports.get("forecast-service"),
                "--planner", "localhost:" + ports.get("planner-service"),
                "--gateway", "localhost:" + ports.get("gateway")));
        cmd.addAll(options);
        try {
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("TWINLOOP_TLS_DIR");
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI timed out: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last 3,000 characters of each service's log. */
    String logs() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String s : SERVICES) {
            Path log = work.resolve(s + ".log");
            if (Files.exists(log)) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                sb.append("\n--- ").append(s).append(" ---\n").append(text, Math.max(0, text.length() - 3000), text.length());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    Path cliJar() {
        return root.resolve("cli/target/twinloop-cli.jar");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
