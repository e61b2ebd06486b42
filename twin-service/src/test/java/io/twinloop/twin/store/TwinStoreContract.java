package io.twinloop.twin.store;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyFormat;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.platform.store.StoreKind;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

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
    TrafficStore traffic;
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
        traffic = new TrafficStore(store);
        telemetry = new TelemetryStore(store, ev);
        operStates = new OperStateRegistry(telemetry);
        ingestor = new TelemetryIngestor(store, telemetry, operStates, ev,
                new DivergenceDetector(store, traffic, operStates, ev, 0.5), 5000);
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
        traffic.replaceTraffic(n, good, i -> "row " + i);

        // The second row's time is not a time: refused before anything is deleted.
        TrafficSeries bad = new TrafficSeries(pairs, List.of(
                new TrafficSample("20040302-0000", false, new double[] {5, 6}),
                new TrafficSample("x".repeat(100), false, new double[] {7, 8})));
        assertThrows(InvalidNetworkException.class, () -> traffic.replaceTraffic(n, bad, i -> "row " + i));
        assertThrows(InvalidNetworkException.class, () -> traffic.replaceTraffic(n, new TrafficSeries(pairs, List.of()),
                i -> "row " + i));
        assertEquals(good, new TrafficStore(new TwinStore(database(), new TwinEvents())).traffic(n));
    }

    @Test
    void appendedTrafficWidensColumnsAndKeepsTimeOrder() {
        String n = name("append");
        store.importNetwork(n, topology(n), "import", "test");
        long last = traffic.appendTraffic(n, List.of(
                new TrafficStore.TimedDemands("2024-01-01T00:00:00Z", List.of(new Demand("A", "C", 10))),
                new TrafficStore.TimedDemands("2024-01-01T00:05:00Z", List.of(new Demand("A", "C", 20), new Demand("C", "A", 5)))));
        assertEquals(1, last);
        assertThrows(RuntimeException.class, () -> traffic.appendTraffic(n, List.of(
                new TrafficStore.TimedDemands("2024-01-01T00:05:00Z", List.of(new Demand("A", "C", 1))))));
        TrafficSeries s = new TrafficStore(new TwinStore(database(), new TwinEvents())).traffic(n);
        assertEquals(List.of(new OdPair("A", "C"), new OdPair("C", "A")), s.pairs());
        assertEquals(List.of(new Demand("A", "C", 10)), s.demandsAt(0));
        assertEquals(List.of(new Demand("A", "C", 20), new Demand("C", "A", 5)), s.demandsAt(1));
        assertEquals(1, traffic.trimTraffic(n, 1));
        assertEquals("2024-01-01T00:05:00Z", new TrafficStore(new TwinStore(database(), new TwinEvents())).traffic(n).samples().get(0).time());
    }

    @Test
    void estimatedRowsKeepTheirMarkAndFitAndARefusedAppendStoresNothing() {
        String n = name("estimated");
        store.importNetwork(n, topology(n), "import", "test");
        List<OdPair> measuredPairs = List.of(new OdPair("A", "C"));
        traffic.replaceTraffic(n, new TrafficSeries(measuredPairs, List.of(
                new TrafficSample("20040301-0000", false, new double[] {1}))), i -> "row " + i);
        List<OdPair> pairs = List.of(new OdPair("A", "C"), new OdPair("C", "A"));
        ResidualCodec.Residuals first = new ResidualCodec.Residuals(List.of(
                new ResidualCodec.LinkFit("A-C", 2.5, -0.5), new ResidualCodec.LinkFit("C-A", 3, 1e-9)), List.of("A-B"));
        ResidualCodec.Residuals second = new ResidualCodec.Residuals(List.of(new ResidualCodec.LinkFit("A-C", 4, 0)), List.of());
        TrafficStore.TrafficLoad load = traffic.appendEstimated(n, pairs, List.of(
                TrafficSample.estimated("20040301-0005", new double[] {2, 3}, 0.125),
                TrafficSample.estimated("20040301-0010", new double[] {4, 5}, 0.0)), List.of(first, second),
                i -> "interval " + i);
        assertEquals(1, load.firstRow());
        assertEquals(3, load.totalRows());

        // An estimate that does not continue the series (its time is before the last row) stores nothing.
        assertThrows(InvalidNetworkException.class, () -> traffic.appendEstimated(n, pairs, List.of(
                TrafficSample.estimated("20040301-0015", new double[] {6, 7}, 0.5),
                TrafficSample.estimated("20040301-0000", new double[] {8, 9}, 0.5)), List.of(second, second),
                i -> "interval " + i));

        // A fresh store (no caches) reads the marks back from the database.
        TrafficSeries read = new TrafficStore(new TwinStore(database(), new TwinEvents())).traffic(n);
        assertEquals(pairs, read.pairs(), "the estimate's extra pair became a column");
        assertEquals(3, read.size());
        TrafficSample measured = read.samples().get(0);
        assertTrue(!measured.estimated() && Double.isNaN(measured.fitError()), measured.toString());
        assertEquals(0.0, measured.rateBps(1), "a measured row reads 0 for a column added later");
        assertEquals(TrafficSample.estimated("20040301-0005", new double[] {2, 3}, 0.125), read.samples().get(1));
        assertEquals(TrafficSample.estimated("20040301-0010", new double[] {4, 5}, 0.0), read.samples().get(2));
        assertTrue(read.samples().get(2).estimated(), "a perfect fit (0) is still an estimated row");
        // The residuals come back by row (the measured row 0 has none), and a row range selects them.
        TrafficResiduals residuals = new TrafficResiduals(new TwinStore(database(), new TwinEvents()));
        assertEquals(java.util.Map.of(1, first, 2, second), residuals.rows(n, 0, 3));
        assertEquals(java.util.Map.of(2, second), residuals.rows(n, 2, 3));
        assertEquals(java.util.Map.of(), residuals.rows(n, 0, 1));
        // After retention drops the oldest row, rows count from the oldest kept one.
        assertEquals(1, traffic.trimTraffic(n, 2));
        assertEquals(java.util.Map.of(0, first, 1, second), residuals.rows(n, 0, 2));
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
        RetentionService retention = new RetentionService(store, traffic, new RetentionStore(store));
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
    void aSampleOfALinkAndTimeIsStoredOnceHoweverOftenItIsSent() {
        String n = name("dedup");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        List<String> ids = net.links().stream().map(Link::id).toList();
        long t0 = 1_700_000_000_000L;
        List<LinkSample> all = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) { // three blocks of 5,000 or fewer
            all.add(new LinkSample(t0 + i / ids.size(), ids.get(i % ids.size()), 1e6 + i, 0, OperState.UNSPECIFIED));
        }
        TelemetryIngestor.Summary first = send(n, all);
        assertEquals(12_000, first.accepted());
        assertEquals(0, first.duplicates());

        // The whole file again, backwards and with other values: nothing stored, each counted as a duplicate.
        List<LinkSample> again = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            LinkSample s = all.get(i);
            again.add(new LinkSample(s.timeUnixMs(), s.linkId(), s.rateBps() + 1, 0, OperState.UNSPECIFIED));
        }
        TelemetryIngestor.Summary resent = send(n, again);
        assertEquals(0, resent.accepted());
        assertEquals(12_000, resent.duplicates());
        assertEquals(0, resent.rejected(), "a duplicate is not a rejection");

        // Twice in one batch: stored once, the first value kept; new samples next to resent ones are stored.
        long t1 = t0 + 10_000;
        TelemetryIngestor.Summary mixed = send(n, List.of(new LinkSample(t1, ids.get(0), 7, 0, OperState.UNSPECIFIED),
                new LinkSample(t1, ids.get(0), 8, 0, OperState.UNSPECIFIED), all.get(5),
                new LinkSample(t1, ids.get(1), 9, 0, OperState.UNSPECIFIED)));
        assertEquals(2, mixed.accepted());
        assertEquals(2, mixed.duplicates());

        // After a restart (new store objects, no caches) the twin still knows what it holds.
        wire(new TwinEvents());
        assertEquals(0, send(n, all.subList(3_000, 9_000)).accepted());
        assertEquals(12_002, telemetry.count(n));
        List<LinkSample> kept = telemetry.samples(n, Set.of(ids.get(0)), 0, t0 + 3, 100);
        assertEquals(List.of(1e6, 1e6 + 4, 1e6 + 8), kept.stream().map(LinkSample::rateBps).toList(), "first values win");
        assertEquals(7, telemetry.samples(n, Set.of(ids.get(0)), t1, 0, 10).get(0).rateBps());
    }

    @Test
    void aResentOperStateSampleDoesNotFlipTheLinkBack() {
        String n = name("dedup-oper");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        String ab = net.links().get(0).id();
        long t0 = 1_700_000_000_000L;
        LinkSample down = new LinkSample(t0, ab, 0, 0, OperState.DOWN);
        assertEquals(2, send(n, List.of(down, new LinkSample(t0 + 1, ab, 1, 0, OperState.UP))).stateChanges());
        long version = store.head(n).latestVersion();
        TelemetryIngestor.Summary resent = send(n, List.of(down));
        assertEquals(1, resent.duplicates());
        assertEquals(0, resent.stateChanges());
        assertEquals(version, store.head(n).latestVersion(), "no new version");
        assertEquals(OperState.UP, operStates.state(n, ab));
    }

    @Test
    void pagesReturnEverySampleExactlyOnceInOrder() {
        String n = name("pages");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        List<String> ids = net.links().stream().map(Link::id).toList();
        long t0 = 1_700_000_000_000L;
        List<LinkSample> all = new ArrayList<>();
        // two collectors: one sends links 0 and 1, the other links 2 and 3, so their blocks overlap in time;
        // small batches make many blocks; some times repeat across links
        TelemetryIngestor small = new TelemetryIngestor(store, telemetry, operStates, events,
                new DivergenceDetector(store, traffic, operStates, events, 0.5), 97);
        TelemetryIngestor.Session a = small.open();
        TelemetryIngestor.Session b = small.open();
        for (int i = 0; i < 3_000; i++) {
            long t = t0 + (i * 7L) % 2_000; // not in time order
            LinkSample s = new LinkSample(t, ids.get(i % 4), i, 0, OperState.UNSPECIFIED);
            if ((i % 4 < 2 ? a : b).offer(n, s) && all.stream().noneMatch(x -> x.timeUnixMs() == t && x.linkId().equals(s.linkId()))) {
                all.add(s);
            }
        }
        a.finish();
        b.finish();
        TelemetryPages pages = new TelemetryPages(store);
        for (long[] range : new long[][] {{0, 0}, {t0 + 100, t0 + 1_500}}) {
            List<LinkSample> expected = all.stream()
                    .filter(s -> (range[0] == 0 || s.timeUnixMs() >= range[0]) && (range[1] == 0 || s.timeUnixMs() < range[1]))
                    .sorted(Comparator.comparingLong(LinkSample::timeUnixMs).thenComparing(LinkSample::linkId)).toList();
            List<LinkSample> got = new ArrayList<>();
            TelemetryPages.Cursor after = TelemetryPages.Cursor.START;
            int pageCount = 0;
            while (true) {
                TelemetryPages.Page p = pages.page(n, Set.of(), range[0], range[1], after, 333);
                got.addAll(p.samples());
                pageCount++;
                if (!p.more()) {
                    break;
                }
                assertEquals(333, p.samples().size());
                LinkSample last = p.samples().get(p.samples().size() - 1);
                after = new TelemetryPages.Cursor(last.timeUnixMs(), last.linkId());
            }
            assertEquals(expected, got);
            assertEquals((expected.size() + 332) / 333, pageCount);
        }
    }

    private TelemetryIngestor.Summary send(String network, List<LinkSample> samples) {
        TelemetryIngestor.Session session = ingestor.open();
        for (LinkSample s : samples) {
            session.offer(network, s);
        }
        return session.finish();
    }

    /** One session of 200k samples over every link (many blocks): all accepted, all stored. Its rate is measured in bench/. */
    @Test
    void aLargeSessionStoresEverySample() {
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
        TelemetryIngestor.Session session = ingestor.open();
        for (LinkSample s : samples) {
            session.offer(n, s);
        }
        assertEquals(total, session.finish().accepted());
        assertEquals(total, telemetry.count(n));
    }

    /** A topology with nodes A, B and D (no C): A->C and C->A lose a node. */
    static Network withoutC(String name) {
        return TopologyImporters.read(TopologyFormat.NODE_LINK_JSON, name, """
                {"directed": true, "nodes": [{"id": "A"}, {"id": "B"}, {"id": "D"}],
                 "links": [{"source": "A", "target": "B", "capacity": 1000000000.0},
                           {"source": "B", "target": "A", "capacity": 1000000000.0},
                           {"source": "B", "target": "D", "capacity": 1000000000.0},
                           {"source": "D", "target": "B", "capacity": 1000000000.0}]}
                """.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deleteRemovesVersionsTrafficTelemetryOperStateAndRetentionAtOnce() {
        String n = name("delete");
        String other = name("delete-other");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        store.importNetwork(other, topology(other), "import", "test");
        store.commit(n, 1, net.withLinks(net.links().stream().map(l -> l.withIgpWeight(3)).toList()), "weights", "test");
        TrafficSeries series = new TrafficSeries(List.of(new OdPair("A", "C")), List.of(
                new TrafficSample("20040301-0000", false, new double[] {1}),
                new TrafficSample("20040301-0005", false, new double[] {2}),
                new TrafficSample("20040301-0010", false, new double[] {3})));
        traffic.replaceTraffic(n, series, i -> "row " + i);
        traffic.replaceTraffic(other, series, i -> "row " + i);
        String ab = net.links().get(0).id();
        long t0 = 1_700_000_000_000L;
        TelemetryIngestor.Session session = ingestor.open();
        for (int i = 0; i < 7; i++) {
            session.offer(n, new LinkSample(t0 + i, ab, 5, 0, OperState.UNSPECIFIED));
            session.offer(other, new LinkSample(t0 + i, ab, 5, 0, OperState.UNSPECIFIED));
        }
        session.offer(n, new LinkSample(t0 + 10, ab, 0, 0, OperState.DOWN)); // oper state row + version 3
        session.finish();
        new RetentionStore(store).setRetention(n, new RetentionPolicy(0, 100, 0));
        assertEquals(3, store.snapshot(n, 2).network().links().get(0).igpWeight()); // cached now
        long versions = store.versions(n).size();
        long telemetrySamples = telemetry.count(n);
        assertEquals(3, versions);
        assertEquals(8, telemetrySamples);
        assertEquals(OperState.DOWN, operStates.state(n, ab));

        NetworkDeletion.Deleted d = new NetworkDeletion(store).delete(n);
        assertEquals(new NetworkDeletion.Deleted(versions, series.size(), telemetrySamples), d);
        operStates.forget(n);

        // nothing of n is left, read through fresh objects (no caches) and through this store
        TwinStore fresh = new TwinStore(database(), new TwinEvents());
        TelemetryStore freshTelemetry = new TelemetryStore(fresh, new TwinEvents());
        assertThrows(NotFoundException.class, () -> fresh.head(n));
        assertThrows(NotFoundException.class, () -> store.snapshot(n, 1), "the cached snapshot is forgotten");
        assertThrows(NotFoundException.class, () -> traffic.traffic(n));
        assertTrue(fresh.networks().stream().noneMatch(h -> h.name().equals(n)));
        assertEquals(0, freshTelemetry.count(n));
        assertTrue(freshTelemetry.operStates(n).isEmpty());
        assertTrue(new RetentionStore(fresh).retention(n).isEmpty());
        assertEquals(OperState.UP, operStates.state(n, ab));
        // the other network is untouched
        assertEquals(series.size(), new TrafficStore(fresh).traffic(other).size());
        assertEquals(7, freshTelemetry.count(other));

        assertThrows(NotFoundException.class, () -> new NetworkDeletion(store).delete(n), "a second delete: NOT_FOUND");
        // the name is free again: a new network starts at version 1 with no history
        assertEquals(1, store.importNetwork(n, topology(n), "import", "test").version());
        assertEquals(0, traffic.traffic(n).size());
        assertEquals(List.of(1L), store.versions(n).stream().map(VersionInfo::version).toList());
        assertThrows(NotFoundException.class, () -> store.snapshot(n, 2), "the old version 2 is not served from a cache");
    }

    @Test
    void reimportThatStrandsStoredTrafficIsRefusedAndReplaceDropsOnlyTheStrandedPairs() {
        String n = name("strand");
        store.importNetwork(n, topology(n), "import", "test");
        List<OdPair> pairs = List.of(new OdPair("A", "C"), new OdPair("A", "B"), new OdPair("C", "A"), new OdPair("B", "A"));
        traffic.replaceTraffic(n, new TrafficSeries(pairs, List.of(
                new TrafficSample("20040301-0000", false, new double[] {1, 2, 3, 4}),
                new TrafficSample("20040301-0005", true, new double[] {5, 6, 7, 8}))), i -> "row " + i);

        StrandedTrafficException e = assertThrows(StrandedTrafficException.class,
                () -> store.importNetwork(n, withoutC(n), "import", "test", false));
        assertEquals(new OdPair("A", "C"), e.first());
        assertEquals(2, e.stranded());
        assertTrue(e.getMessage().contains("would strand 2 of the 4 OD pairs") && e.getMessage().contains("A->C")
                && e.getMessage().contains("node 'C'"), e.getMessage());
        TwinStore fresh = new TwinStore(database(), new TwinEvents());
        assertEquals(1, fresh.head(n).latestVersion(), "nothing was imported");
        assertEquals(pairs, new TrafficStore(fresh).traffic(n).pairs(), "nor any traffic dropped");

        // a re-import that keeps every node needs no replace
        assertEquals(0, store.importNetwork(n, topology(n), "same nodes", "test", false).droppedOdPairs());

        TwinStore.Imported replaced = store.importNetwork(n, withoutC(n), "import", "test", true);
        assertEquals(3, replaced.version().version());
        assertEquals(2, replaced.droppedOdPairs());
        for (TrafficStore s : List.of(traffic, new TrafficStore(new TwinStore(database(), new TwinEvents())))) {
            TrafficSeries kept = s.traffic(n);
            assertEquals(List.of(new OdPair("A", "B"), new OdPair("B", "A")), kept.pairs());
            assertEquals(2, kept.size());
            assertEquals(List.of(2.0, 4.0), List.of(kept.samples().get(0).rateBps(0), kept.samples().get(0).rateBps(1)));
            assertEquals(List.of(6.0, 8.0), List.of(kept.samples().get(1).rateBps(0), kept.samples().get(1).rateBps(1)));
            assertTrue(kept.samples().get(1).missing());
            assertEquals("20040301-0005", kept.samples().get(1).time());
        }

        // when no pair survives, the series goes
        TrafficSeries only = new TrafficSeries(List.of(new OdPair("A", "D")), List.of(
                new TrafficSample("20040301-0000", false, new double[] {1})));
        traffic.replaceTraffic(n, only, i -> "row " + i);
        assertEquals(1, store.importNetwork(n, topology(n), "import", "test", true).droppedOdPairs());
        assertEquals(0, new TrafficStore(new TwinStore(database(), new TwinEvents())).traffic(n).size());
        assertEquals(0, traffic.traffic(n).pairs().size());
    }

    /** Dedup's costly cases: a file ordered by link (every block spans the whole time range), then the same samples resent in time order. */
    @Test
    void aLinkOrderedFileIsStoredAndItsResendInTimeOrderIsAllDuplicates() {
        String n = name("rate-resend");
        Network net = topology(n);
        store.importNetwork(n, net, "import", "test");
        List<String> ids = net.links().stream().map(Link::id).toList();
        int perLink = 50_000;
        long t0 = 1_700_000_000_000L;
        List<LinkSample> byLink = new ArrayList<>();
        for (String id : ids) {
            for (int i = 0; i < perLink; i++) {
                byLink.add(new LinkSample(t0 + i * 1000L, id, 1e8 + i, 0, OperState.UNSPECIFIED));
            }
        }
        assertEquals(byLink.size(), send(n, byLink).accepted());
        List<LinkSample> byTime = new ArrayList<>(byLink);
        byTime.sort(Comparator.comparingLong(LinkSample::timeUnixMs).thenComparing(LinkSample::linkId));
        TelemetryIngestor.Summary resent = send(n, byTime);
        assertEquals(0, resent.accepted());
        assertEquals(byLink.size(), resent.duplicates());
        assertEquals(byLink.size(), telemetry.count(n), "the resend stored nothing twice");
    }
}
