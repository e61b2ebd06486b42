package io.twinloop.cli;

import io.twinloop.platform.kafka.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's Kafka switches, run as a user runs them ({@code bash twinloop up|status|down}, services on free
 * ports, state in a temporary TWINLOOP_HOME): {@code TWINLOOP_KAFKA=1} starts the local KRaft broker on
 * 127.0.0.1:9094 before the services, points the twin at it (its environment has TWINLOOP_KAFKA_BOOTSTRAP), keeps its
 * data under the home's {@code kafka/} across restarts, and {@code down} stops it after the services;
 * {@code TWINLOOP_KAFKA_BOOTSTRAP} passes an existing cluster through and starts no broker; without either nothing
 * about Kafka starts. The broker is checked with Kafka's own Java client and, where installed, with kcat.
 */
class LocalKafkaIT {
    private static final Path ROOT = Path.of(System.getProperty("twinloop.root", "..")).toAbsolutePath().normalize();
    private static final String LOCAL = "127.0.0.1:9094";
    private static final String TOPIC = "twinloop.it.counters";

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();

    private record Result(int code, String output) {
    }

    @AfterEach
    void down() throws Exception {
        launcher(Map.of(), "down");
    }

    @Test
    void kafkaOneStartsTheLocalBrokerBeforeTheServicesAndDownStopsItAfterThem() throws Exception {
        assertFalse(accepts(9094) || accepts(9095), "127.0.0.1:9094 or :9095 is already in use: stop what listens "
                + "there (another TWINLOOP_KAFKA=1 ./twinloop up?) before running this test");
        useFreeServicePorts();

        Result up = launcher(Map.of("TWINLOOP_KAFKA", "1"), "up");
        assertEquals(0, up.code, up.output);
        assertTrue(up.output.contains("formatted the Kafka storage in " + home.resolve("kafka/data")), up.output);
        assertTrue(up.output.indexOf("kafka ready on " + LOCAL) < up.output.indexOf("started twin-service"),
                "the broker is ready before the services start:\n" + up.output);
        assertEquals(Optional.of(LOCAL), environmentOf("twin-service").map(e -> e.get("TWINLOOP_KAFKA_BOOTSTRAP")),
                "the twin is pointed at the local broker");
        assertTrue(Files.readString(home.resolve("kafka/data/meta.properties")).contains("cluster.id="));
        long brokerPid = pid("kafka");
        assertTrue(commandLine(brokerPid).contains("kafka.Kafka " + home.resolve("kafka/server.properties")));

        produce(LOCAL, "java", "{\"link\":\"ATLA-HSTN\",\"in_octets\":1}", true);
        assertEquals(List.of("java={\"link\":\"ATLA-HSTN\",\"in_octets\":1}"), consume(LOCAL, "it-first", 1));
        kcat();

        Result status = launcher(Map.of(), "status");
        assertTrue(status.output.lines().anyMatch(l -> l.startsWith("kafka ") && l.contains(LOCAL)
                && l.contains("RUNNING")), status.output);

        Result down = launcher(Map.of(), "down");
        assertEquals(0, down.code, down.output);
        assertTrue(down.output.indexOf("stopped twin-service") < down.output.indexOf("stopped kafka"),
                "the broker stops after the services:\n" + down.output);
        // (a stopped process may linger briefly as a zombie until its new parent reaps it: its command line is empty)
        assertFalse(commandLine(brokerPid).contains("kafka.Kafka"), "the broker still runs");
        assertFalse(accepts(9094), "nothing listens on 9094 after down");
        assertFalse(Files.exists(home.resolve("run/kafka.pid")));

        // Storage is formatted once: a second up keeps the data, and the first record is still there.
        Result again = launcher(Map.of("TWINLOOP_KAFKA", "1"), "up");
        assertEquals(0, again.code, again.output);
        assertFalse(again.output.contains("formatted"), again.output);
        List<String> kept = consume(LOCAL, "it-after-restart", kcatAvailable() ? 2 : 1);
        assertEquals("java={\"link\":\"ATLA-HSTN\",\"in_octets\":1}", kept.get(0), "records survive a restart");
    }

    @Test
    void withoutKafkaVariablesNothingAboutKafkaStarts() throws Exception {
        useFreeServicePorts();

        Result up = launcher(Map.of(), "up");

        assertEquals(0, up.code, up.output);
        assertFalse(up.output.toLowerCase().contains("kafka"), up.output);
        assertFalse(Files.exists(home.resolve("run/kafka.pid")));
        assertFalse(Files.exists(home.resolve("kafka")), "no Kafka storage");
        assertFalse(Files.exists(home.resolve("logs/kafka.log")));
        assertEquals(Optional.empty(), environmentOf("twin-service").flatMap(e ->
                Optional.ofNullable(e.get("TWINLOOP_KAFKA_BOOTSTRAP"))));
        Result status = launcher(Map.of(), "status");
        assertFalse(status.output.lines().anyMatch(l -> l.startsWith("kafka")), status.output);
    }

    @Test
    void anExistingClusterIsPassedToTheTwinAndNoBrokerStarts() throws Exception {
        useFreeServicePorts();
        try (KafkaBroker existing = KafkaBroker.start()) {
            Result up = launcher(Map.of("TWINLOOP_KAFKA_BOOTSTRAP", existing.bootstrapServers()), "up");

            assertEquals(0, up.code, up.output);
            assertTrue(up.output.contains("using the Kafka cluster at " + existing.bootstrapServers()), up.output);
            assertEquals(Optional.of(existing.bootstrapServers()),
                    environmentOf("twin-service").map(e -> e.get("TWINLOOP_KAFKA_BOOTSTRAP")));
            assertFalse(Files.exists(home.resolve("run/kafka.pid")), "no local broker");
            assertFalse(Files.exists(home.resolve("kafka")), "no local Kafka storage");
        }
    }

    @Test
    void badKafkaValuesStopTheLauncherBeforeAnythingStarts() throws Exception {
        Result yes = launcher(Map.of("TWINLOOP_KAFKA", "yes"), "up");
        assertEquals(1, yes.code, yes.output);
        assertTrue(yes.output.contains("TWINLOOP_KAFKA must be 1"), yes.output);

        Result noPort = launcher(Map.of("TWINLOOP_KAFKA_BOOTSTRAP", "kafka.example"), "up");
        assertEquals(1, noPort.code, noPort.output);
        assertTrue(noPort.output.contains("TWINLOOP_KAFKA_BOOTSTRAP must be host:port"), noPort.output);

        assertFalse(Files.exists(home.resolve("run")), "nothing started");
    }

    /** kcat, a client outside the JVM: reads the Java client's record and produces one the JVM reads back. */
    private void kcat() throws Exception {
        if (!kcatAvailable()) {
            if ("1".equals(System.getenv("TWINLOOP_REQUIRE_KCAT"))) {
                throw new AssertionError("kcat required (TWINLOOP_REQUIRE_KCAT=1) but not found: apt-get install kcat");
            }
            System.err.println("*** LocalKafkaIT: kcat is not installed (apt-get install kcat); skipping its part ***");
            return;
        }
        Result read = run(null, "kcat", "-b", LOCAL, "-t", TOPIC, "-C", "-o", "beginning", "-c", "1", "-e",
                "-f", "%k=%s\\n");
        assertEquals(0, read.code, read.output);
        assertEquals("java={\"link\":\"ATLA-HSTN\",\"in_octets\":1}", read.output.strip());
        Result write = run("kcat:{\"link\":\"CHIN-IPLS\",\"in_octets\":2}\n", "kcat", "-b", LOCAL, "-t", TOPIC, "-P",
                "-K:");
        assertEquals(0, write.code, write.output);
        assertEquals(List.of("java={\"link\":\"ATLA-HSTN\",\"in_octets\":1}",
                "kcat={\"link\":\"CHIN-IPLS\",\"in_octets\":2}"), consume(LOCAL, "it-kcat", 2));
    }

    private static boolean kcatAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/kcat"));
    }

    private void useFreeServicePorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String s : PackagedStack.SERVICES) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                String name = s.replace("-service", "").toUpperCase();
                env.put("TWINLOOP_" + name + "_PORT", Integer.toString(socket.getLocalPort()));
                env.put("TWINLOOP_" + name, "localhost:" + socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private Result launcher(Map<String, String> extra, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("twinloop").toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        // only what the test sets decides these, not the shell the build runs in
        e.keySet().removeIf(k -> k.startsWith("TWINLOOP_"));
        e.put("TWINLOOP_HOME", home.toString());
        e.put("JAVA", PackagedStack.javaBin());
        e.put("TWINLOOP_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
        e.putAll(env);
        e.putAll(extra);
        Process p = pb.start();
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "launcher did not finish: " + String.join(" ", args));
        return new Result(p.exitValue(), out);
    }

    private Result run(String input, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), out);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private long pid(String component) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run/" + component + ".pid")).strip());
    }

    /** The environment of a running component, from /proc (Linux). */
    private Optional<Map<String, String>> environmentOf(String component) throws IOException {
        Path file = Path.of("/proc", Long.toString(pid(component)), "environ");
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        Map<String, String> vars = new HashMap<>();
        for (String entry : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                vars.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return Optional.of(vars);
    }

    /** The command line of a process, or "" when there is none (or it has exited). */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void produce(String bootstrap, String key, String value, boolean createTopic) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (createTopic) {
            try (Admin admin = Admin.create(config)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(60, TimeUnit.SECONDS);
        }
    }

    /** The first {@code count} records of the topic, as key=value, read in consumer group {@code group}. */
    private static List<String> consume(String bootstrap, String group, int count) {
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < count && System.nanoTime() < until) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(r.key() + "=" + r.value());
                }
            }
        }
        return records;
    }
}
