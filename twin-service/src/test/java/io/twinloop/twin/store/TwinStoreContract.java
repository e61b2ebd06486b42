package io.twinloop.twin.store;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyFormat;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.telemetry.DivergenceDetector;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.OperState;
import io.twinloop.twin.telemetry.OperStateRegistry;
import io.twinloop.twin.telemetry.RetentionPolicy;
import io.twinloop.twin.telemetry.RetentionService;
import io.twinloop.twin.telemetry.TelemetryIngestor;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's behaviour, run unchanged on every database kind (H2 and PostgreSQL subclasses):
 * versions and optimistic concurrency, atomic traffic replacement, durable telemetry, oper
 * state, retention. Each test uses its own network names, so the classes share one database.
 */
abstract class TwinStoreContract {
    static final String TOPOLOGY = """
            {"directed": true, "nodes": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
             "links": [{"source": "A", "target": "B", "capacity": 1000000000.0},
                       {"source": "B", "target": "A", "capacity": 1000000000.0},
                       {"source": "B", "target": "C", "capacity": 1000000000.0},
                       {"source": "C", "target": "B", "capacity": 1000000000.0}]}
            """;
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The database under test, migrated. */
    abstract TwinDatabase database();

    TwinEvents events;
    TwinStore store;
    TelemetryStore telemetry;
    OperStateRegistry operStates;
    TelemetryIngestor ingestor;
    List<TwinEvent> published;

    static void migrate(DataSource ds, StoreKind kind) {
        Flyway.configure().dataSource(ds)
                .locations(kind == StoreKind.EMBEDDED ? "classpath:db/migration/h2" : "classpath:db/migration/postgresql")
                .load().migrate();
    }

    @BeforeEach
    void wire() {
        events = new TwinEvents();
        published = new CopyOnWriteArrayList<>();
        events.subscribe(published::add);
        wire(events);
    }

    private void wire(TwinEvents ev) {
        store = new TwinStore(database(), ev);
        telemetry = new TelemetryStore(store, ev);
        operStates = new OperStateRegistry(telemetry);
        ingestor = new TelemetryIngestor(store, telemetry, operStates, ev,
                new DivergenceDetector(store, operStates, ev, 0.5), 5000);
    }

    static String name(String prefix) {
        return prefix + "-" + System.nanoTime() + "-" + NAMES.incrementAndGet();
    }

    static Network topology(String name) {
        return TopologyImporters.read(TopologyFormat.NODE_LINK_JSON, name, TOPOLOGY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void versionsHaveParentsAndAStaleCommitWritesNothing() {
        String n = name("versions");
        Network net = topology(n);
        VersionInfo v1 = store.importNetwork(n, net, "import", "test");
        Link first = net.links().get(0);
        Network heavier = net.withLinks(net.links().stream().map(l -> l == first ? l.withIgpWeight(7) : l).toList());
        VersionInfo v2 = store.commit(n, 1, heavier, "raise weight", "planner");
        assertEquals(1, v1.version());
        assertEquals(0, v1.parentVersion());
        assertEquals(2, v2.version());
        assertEquals(1, v2.parentVersion());

        StaleVersionException stale = assertThrows(StaleVersionException.class,
                () -> store.commit(n, 1, net, "stale", "planner"));
        assertEquals(2, stale.actual());

        // A fresh store (no caches) reads what was committed, and nothing of the stale commit.
        TwinStore fresh = new TwinStore(database(), new TwinEvents());
        assertEquals(2, fresh.head(n).latestVersion());
        assertEquals(List.of(1L, 2L), fresh.versions(n).stream().map(VersionInfo::version).toList());
        assertEquals(7, fresh.snapshot(n, 0).network().links().get(0).igpWeight());
        assertEquals("raise weight", fresh.snapshot(n, 2).info().reason());

        List<Long> announced = published.stream().filter(e -> e instanceof TwinEvent.VersionChanged && e.network().equals(n))
                .map(e -> ((TwinEvent.VersionChanged) e).version().version()).toList();
        assertEquals(List.of(1L, 2L), announced, "each committed version is published once, the stale one never");
    }

    @Test
    void trafficReplaceIsAtomic() {
        String n = name("traffic");
        store.importNetwork(n, topology(n), "import", "test");
        List<OdPair> pairs = List.of(new OdPair("A", "C"), new OdPair("C", "A"));
        TrafficSeries good = new TrafficSeries(pairs, List.of(
                new TrafficSample("20040301-0000", false, new double[] {1, 2}),
                new TrafficSample("20040301-0005", false, new double[] {3, 4})));
        store.replaceTraffic(n, good, i -> "row " + i);

        // The second row's time is not a time: refused before anything is deleted.
        TrafficSeries bad = new TrafficSeries(pairs, List.of(
                new TrafficSample("20040302-0000", false, new double[] {5, 6}),
                new TrafficSample("x".repeat(100), false, new double[] {7, 8})));
        assertThrows(InvalidNetworkException.class, () -> store.replaceTraffic(n, bad, i -> "row " + i));
        assertThrows(InvalidNetworkException.class, () -> store.replaceTraffic(n, new TrafficSeries(pairs, List.of()),
                i -> "row " + i));
        assertEquals(good, new TwinStore(database(), new TwinEvents()).traffic(n));
    }

    @Test
    void appendedTrafficWidensColumnsAndKeepsTimeOrder() {
        String n = name("append");
        store.importNetwork(n, topology(n), "import", "test");
        long last = store.appendTraffic(n, List.of(
                new TwinStore.TimedDemands("2024-01-01T00:00:00Z", List.of(new Demand("A", "C", 10))),
                new TwinStore.TimedDemands("2024-01-01T00:05:00Z", List.of(new Demand("A", "C", 20), new Demand("C", "A", 5)))));
        assertEquals(1, last);
        assertThrows(RuntimeException.class, () -> store.appendTraffic(n, List.of(
                new TwinStore.TimedDemands("2024-01-01T00:05:00Z", List.of(new Demand("A", "C", 1))))));
        TrafficSeries s = new TwinStore(database(), new TwinEvents()).traffic(n);
        assertEquals(List.of(new OdPair("A", "C"), new OdPair("C", "A")), s.pairs());
        assertEquals(List.of(new Demand("A", "C", 10)), s.demandsAt(0));
        assertEquals(List.of(new Demand("A", "C", 20), new Demand("C", "A", 5)), s.demandsAt(1));
        assertEquals(1, store.trimTraffic(n, 1));
        assertEquals("2024-01-01T00:05:00Z", new TwinStore(database(), new TwinEvents()).traffic(n).samples().get(0).time());
    }

    @Test
    void telemetryIsDurableAndInvalidSamplesDoNotCostValidOnes() {
        String n = name("telemetry");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        String ab = net.links().get(0).id();
        String bc = net.links().get(2).id();
        TelemetryIngestor.Session session = ingestor.open();
        long t0 = 1_700_000_000_000L;
        int valid = 0;
        for (int i = 0; i < 12_000; i++) { // more than two batches
            assertTrue(session.offer(n, new LinkSample(t0 + i, i % 2 == 0 ? ab : bc, 1e6 + i, 0, OperState.UNSPECIFIED)));
            valid++;
        }
        assertTrue(!session.offer(n, new LinkSample(t0, "no-such-link", 1, 0, OperState.UP)));
        assertTrue(!session.offer(n, new LinkSample(t0, ab, -1, 0, OperState.UP)));
        assertTrue(!session.offer(n, new LinkSample(t0, ab, Double.NaN, 0, OperState.UP)));
        assertTrue(!session.offer(n, new LinkSample(0, ab, 1, 0, OperState.UP)));
        TelemetryIngestor.Summary sum = session.finish();
        assertEquals(valid, sum.accepted());
        assertEquals(4, sum.rejected());
        assertEquals(List.of("no-such-link"), sum.unknownLinkIds());
        assertEquals(t0 + 11_999, sum.lastTimeUnixMs());

        TelemetryStore fresh = new TelemetryStore(new TwinStore(database(), new TwinEvents()), new TwinEvents());
        assertEquals(valid, fresh.count(n));
        List<LinkSample> last = fresh.samples(n, Set.of(bc), 0, 0, 3);
        assertEquals(List.of(t0 + 11_995, t0 + 11_997, t0 + 11_999), last.stream().map(LinkSample::timeUnixMs).toList());
        assertEquals(1e6 + 11_999, last.get(2).rateBps());
        assertEquals(2, fresh.samples(n, Set.of(), t0 + 10, t0 + 12, 100).size());
    }

    @Test
    void operStateChangeMakesAVersionAndAnEvent() {
        String n = name("oper");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        String ab = net.links().get(0).id();
        long t0 = 1_700_000_000_000L;
        TelemetryIngestor.Session session = ingestor.open();
        session.offer(n, new LinkSample(t0, ab, 0, 0, OperState.UP));      // already UP: no change
        session.offer(n, new LinkSample(t0 + 1, ab, 0, 0, OperState.DOWN));
        session.offer(n, new LinkSample(t0 + 2, ab, 0, 0, OperState.DOWN)); // still DOWN
        assertEquals(1, session.finish().stateChanges());

        assertEquals(2, store.head(n).latestVersion());
        assertEquals("telemetry: link " + ab + " oper DOWN", store.snapshot(n, 2).info().reason());
        assertEquals(OperState.DOWN, operStates.state(n, ab));
        assertEquals(Set.of(ab), new OperStateRegistry(new TelemetryStore(store, new TwinEvents())).downLinkIds(n));
        assertTrue(published.stream().anyMatch(e -> e instanceof TwinEvent.LinkStateChanged s && s.network().equals(n)
                && s.linkId().equals(ab) && s.previous() == OperState.UP && s.state() == OperState.DOWN));

        // A stale plan based on version 1 no longer applies.
        assertThrows(StaleVersionException.class, () -> store.commit(n, 1, net, "stale", "planner"));
    }

    @Test
    void retentionDeletesOldAndExcessSamples() {
        String n = name("retention");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        String ab = net.links().get(0).id();
        String ba = net.links().get(1).id();
        long now = System.currentTimeMillis();
        TelemetryIngestor.Session session = ingestor.open();
        for (int i = 0; i < 10; i++) {
            session.offer(n, new LinkSample(now - 3_600_000L + i, ab, 1, 0, OperState.UNSPECIFIED)); // an hour ago
            session.offer(n, new LinkSample(now - 1000 + i, ab, 2, 0, OperState.UNSPECIFIED));
            session.offer(n, new LinkSample(now - 1000 + i, ba, 3, 0, OperState.UNSPECIFIED));
        }
        session.finish();
        RetentionService retention = new RetentionService(store, telemetry);
        assertEquals(RetentionPolicy.KEEP_ALL, retention.effective(n));
        retention.set(n, new RetentionPolicy(600_000, 0, 0));
        assertEquals(20, telemetry.count(n));
        retention.set(n, new RetentionPolicy(600_000, 4, 0));
        assertEquals(8, telemetry.count(n));
        assertEquals(List.of(now - 1000 + 6, now - 1000 + 7, now - 1000 + 8, now - 1000 + 9),
                telemetry.samples(n, Set.of(ab), 0, 0, 100).stream().map(LinkSample::timeUnixMs).toList());
        assertEquals(new RetentionPolicy(600_000, 4, 0), retention.effective(n));
    }

    @Test
    void measuresIngestionRate() {
        String n = name("rate");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        List<String> ids = net.links().stream().map(Link::id).toList();
        int total = 200_000;
        List<LinkSample> samples = new ArrayList<>(total);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < total; i++) {
            samples.add(new LinkSample(t0 + i / ids.size(), ids.get(i % ids.size()), 1e8 + i, 0, OperState.UNSPECIFIED));
        }
        long start = System.nanoTime();
        TelemetryIngestor.Session session = ingestor.open();
        for (LinkSample s : samples) {
            session.offer(n, s);
        }
        assertEquals(total, session.finish().accepted());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("*** ingestion (%s, store level): %d samples in %.2f s = %.0f samples/s ***%n",
                database().kind().value(), total, seconds, total / seconds);
        assertEquals(total, telemetry.count(n));
    }
}
