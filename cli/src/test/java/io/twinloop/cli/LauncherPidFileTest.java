package io.twinloop.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher ({@code ./twinloop}) trusts a pid file only when the process is the service: process ids wrap and
 * are reused at once, so after a service died its pid may belong to an unrelated process, which
 * {@code ./twinloop down} must leave alone (and {@code up} must not mistake for a running service).
 */
class LauncherPidFileTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void downLeavesAnUnrelatedProcessWithAReusedPidAlone() throws Exception {
        Process unrelated = start("sleep", "300");
        writePid("twin-service", unrelated.pid());

        Result down = launcher("down");

        assertEquals(0, down.code, down.output);
        assertTrue(unrelated.isAlive(), "down killed an unrelated process that had the twin's old pid");
        assertTrue(down.output.contains("stale pid file for twin-service: pid " + unrelated.pid()), down.output);
        assertFalse(down.output.contains("stopped twin-service"), down.output);
        assertFalse(Files.exists(home.resolve("run/twin-service.pid")), "the stale pid file is removed");
    }

    @Test
    void downStopsTheProcessThatRunsTheServiceJar() throws Exception {
        // A stand-in whose command line names the twin's jar, as the real service's does.
        String jar = ROOT.resolve("twin-service/target/quarkus-app/quarkus-run.jar").toString();
        Process service = start("bash", "-c", "sleep 300; :", jar);
        writePid("twin-service", service.pid());

        Result down = launcher("down");

        assertEquals(0, down.code, down.output);
        assertTrue(service.waitFor(10, TimeUnit.SECONDS), "down did not stop the service's process");
        assertTrue(down.output.contains("stopped twin-service"), down.output);
    }

    @Test
    void downStopsTheLocalKafkaBrokerByItsCommandLine() throws Exception {
        // A stand-in whose command line is the broker's as ./twinloop starts it:
        // kafka.Kafka <TWINLOOP_HOME>/kafka/server.properties
        Process broker = start("bash", "-c", "sleep 300; :", "kafka.Kafka",
                home.resolve("kafka/server.properties").toString());
        writePid("kafka", broker.pid());

        Result down = launcher("down");

        assertEquals(0, down.code, down.output);
        assertTrue(broker.waitFor(40, TimeUnit.SECONDS), "down did not stop the broker's process");
        assertTrue(down.output.contains("stopped kafka"), down.output);
        assertFalse(Files.exists(home.resolve("run/kafka.pid")));
    }

    @Test
    void downLeavesABrokerOfAnotherHomeAndAnUnrelatedProcessAlone() throws Exception {
        // a Kafka broker, but with another launcher's settings: not this launcher's broker
        Process other = start("bash", "-c", "sleep 300; :", "kafka.Kafka", "/elsewhere/kafka/server.properties");
        writePid("kafka", other.pid());

        Result down = launcher("down");

        assertEquals(0, down.code, down.output);
        assertTrue(other.isAlive(), "down killed a broker it did not start");
        assertTrue(down.output.contains("stale pid file for kafka: pid " + other.pid()), down.output);
        assertFalse(down.output.contains("stopped kafka"), down.output);
    }

    @Test
    void aPidFileWithGarbageIsIgnored() throws Exception {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/gateway.pid"), "not-a-pid\n");

        Result down = launcher("down");

        assertEquals(0, down.code, down.output);
        assertFalse(down.output.contains("stopped gateway"), down.output);
        assertFalse(Files.exists(home.resolve("run/gateway.pid")));
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private void writePid(String service, long pid) throws IOException {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/" + service + ".pid"), pid + "\n");
    }

    private record Result(int code, String output) {
    }

    private Result launcher(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("twinloop").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TWINLOOP_HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(p.exitValue(), out);
    }
}
