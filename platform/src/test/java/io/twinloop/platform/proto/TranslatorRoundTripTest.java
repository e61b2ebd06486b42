package io.twinloop.platform.proto;

import io.twinloop.model.Coordinates;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkEnd;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.Kpis;
import io.twinloop.proto.common.v1.Topology;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * model -> proto -> model is the identity, on generated values: every plan action type, every
 * link state (SLEEP included), KPIs with and without latency, links with and without latency,
 * coordinates and SRLGs. Records compare by value, so any field the translator drops, swaps or
 * rounds fails here; a SLEEP sent as DOWN would fail {@link #linkStatesRoundTrip}.
 */
class TranslatorRoundTripTest {

    @Property
    void linkStatesRoundTrip(@ForAll LinkState s) {
        assertEquals(s, Translator.state(Translator.state(s), "state"));
        assertEquals(s, Translator.reported(Translator.state(s)));
    }

    @Property
    void planActionsRoundTrip(@ForAll("plans") Plan plan) {
        io.twinloop.proto.common.v1.Plan proto = Translator.plan(plan);
        assertEquals(plan.actions().size(), proto.getActionsCount());
        assertEquals(plan, Translator.plan(proto));
        // and proto -> model -> proto, so nothing the proto carries is lost either
        assertEquals(proto, Translator.plan(Translator.plan(proto)));
    }

    @Property
    void eachActionRoundTripsOnItsOwn(@ForAll("plans") Plan plan) {
        for (PlanAction a : plan.actions()) {
            assertEquals(a, Translator.action(Translator.action(a), "actions[0]"));
        }
    }

    @Property
    void kpisRoundTrip(@ForAll("kpis") Kpis k) {
        assertEquals(k, Translator.kpis(Translator.kpis(k), "kpis"));
        assertEquals(7, Translator.kpis(k, 7).getChurn());
    }

    @Property
    void linksRoundTrip(@ForAll("links") Link l) {
        Link back = Translator.link(Translator.link(l));
        // NaN != NaN for doubles but records compare doubles with Double.compare, so an unknown
        // latency must come back unknown, and a known one exactly
        assertEquals(l, back);
    }

    @Property
    void nodesRoundTrip(@ForAll("nodes") Node n) {
        assertEquals(n, Translator.node(Translator.node(n)));
    }

    @Property
    void demandsRoundTrip(@ForAll("demands") List<Demand> demands) {
        var m = Translator.matrix("2004-03-01T00:05:00Z", demands);
        assertEquals(demands, Translator.demands(m, "traffic"));
        assertEquals("2004-03-01T00:05:00Z", m.getTime());
        for (Demand d : demands) {
            OdPair p = new OdPair(d.src(), d.dst());
            assertEquals(p, Translator.odPair(Translator.odPair(p), "pair"));
        }
    }

    @Property(tries = 200)
    void topologiesRoundTrip(@ForAll("linkLists") List<Link> candidates) {
        // a network of the generated links over the nodes they name, ids made unique
        List<Link> links = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Link l = candidates.get(i);
            // interface names and addresses made unique per link (a network refuses shared ones)
            LinkEnd srcEnd = i % 3 == 0 ? LinkEnd.NONE : LinkEnd.of("xe-0/0/" + i, List.of("10.1." + i + ".0/31"));
            LinkEnd dstEnd = i % 2 == 0 ? LinkEnd.of("Ethernet" + i) : LinkEnd.of(null, List.of("2001:db8:" + i + "::1"));
            links.add(new Link("l" + i, l.src(), l.dst(), l.capacityBps(), l.igpWeight(), l.latencyMs(), l.powerW(),
                    l.srlgs(), l.adminState(), l.operState(), srcEnd, dstEnd));
            for (String name : List.of(l.src(), l.dst())) {
                if (nodes.stream().noneMatch(n -> n.name().equals(name))) {
                    nodes.add(name.hashCode() % 2 == 0 ? new Node(name) : new Node(name, new Coordinates(13.4, 52.5)));
                }
            }
        }
        Network n = new Network("net", nodes, links, List.of());
        Topology t = Translator.topology(n);
        Network back = Translator.network("net", t);
        assertEquals(n.nodes(), back.nodes());
        assertEquals(n.links(), back.links());
        assertEquals(t, Translator.topology(back));
    }

    // ---- generators ----

    private static Arbitrary<String> names() {
        return Arbitraries.of("A", "B", "C", "D", "E", "Frankfurt", "New-York", "x_1");
    }

    private static Arbitrary<Double> positive() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(1e-3, 1e12).ofScale(6),
                Arbitraries.of(1.0, 10.0, 1e9, 0.1 + 0.2, Math.nextUp(1.0)));
    }

    @Provide
    Arbitrary<Plan> plans() {
        return action().list().ofMaxSize(12).map(Plan::new);
    }

    private Arbitrary<PlanAction> action() {
        Arbitrary<PlanAction> weight = Combinators.combine(names(), positive()).as(SetLinkWeight::new);
        Arbitrary<PlanAction> state = Combinators.combine(names(), Arbitraries.of(LinkState.class))
                .as(SetLinkAdminState::new);
        Arbitrary<PlanAction> capacity = Combinators.combine(names(), positive()).as(SetLinkCapacity::new);
        return Arbitraries.oneOf(weight, state, capacity, pathPolicy());
    }

    private Arbitrary<PlanAction> pathPolicy() {
        // src A, dst E; 0..3 paths through distinct middle nodes; fractions sum to 1 exactly
        return Arbitraries.integers().between(0, 3).flatMap(k -> Arbitraries.doubles().between(0.05, 1.0)
                .list().ofSize(k).map(ws -> {
                    double sum = ws.stream().mapToDouble(Double::doubleValue).sum();
                    List<WeightedPath> paths = new ArrayList<>();
                    double used = 0;
                    String[] middles = {"B", "C", "D"};
                    for (int i = 0; i < k; i++) {
                        double f = i == k - 1 ? 1.0 - used : ws.get(i) / sum;
                        used += f;
                        paths.add(new WeightedPath(List.of("A", middles[i], "E"), f));
                    }
                    return new SetPathPolicy("A", "E", paths);
                }));
    }

    @Provide
    Arbitrary<Kpis> kpis() {
        Arbitrary<Double> util = Arbitraries.oneOf(Arbitraries.doubles().between(0, 3),
                Arbitraries.just(Double.POSITIVE_INFINITY));
        Arbitrary<Double> bps = Arbitraries.doubles().between(0, 1e13);
        Arbitrary<Double> latency = Arbitraries.oneOf(Arbitraries.doubles().between(0, 500), Arbitraries.just(Double.NaN));
        return Combinators.combine(util, Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1),
                        bps, bps, bps, Arbitraries.integers().between(0, 5000), latency)
                .as((mlu, mean, p95, total, over, unrouted, n, lat) -> new double[] {mlu, mean, p95, total, over,
                        unrouted, n, lat})
                .flatMap(v -> Combinators.combine(Arbitraries.of(true, false), bps, Arbitraries.doubles().between(0, 1e6),
                                Arbitraries.oneOf(Arbitraries.doubles().between(0, 900), Arbitraries.just(Double.NaN)))
                        .as((partial, loss, power, p95lat) -> new Kpis(v[0], v[1], v[2], v[3], v[4], v[5], (int) v[6],
                                v[7], Double.isNaN(v[7]) ? Double.NaN : (Double.isNaN(p95lat) ? v[7] : p95lat),
                                partial, loss, power)));
    }

    @Provide
    Arbitrary<Link> links() {
        Arbitrary<Double> latency = Arbitraries.oneOf(Arbitraries.doubles().between(0, 200), Arbitraries.just(Double.NaN));
        Arbitrary<List<String>> srlgs = Arbitraries.of("duct-1", "duct-2", "ocean").set().ofMaxSize(3)
                .map(ArrayList::new);
        Arbitrary<LinkState> st = Arbitraries.of(LinkState.class);
        return Combinators.combine(names(), names(), Arbitraries.doubles().between(1, 1e12).ofScale(3), positive(), latency,
                        Arbitraries.doubles().between(0, 5000), srlgs, st)
                .as((src, dst, cap, w, lat, power, groups, admin) -> new Object[] {src, dst, cap, w, lat, power, groups,
                        admin})
                .filter(o -> !o[0].equals(o[1]))
                .flatMap(o -> Combinators.combine(st, ends(), ends()).as((oper, srcEnd, dstEnd) -> {
                    @SuppressWarnings("unchecked")
                    List<String> groups = (List<String>) o[6];
                    return new Link("link-" + o[0] + "-" + o[1], (String) o[0], (String) o[1], (double) o[2],
                            (double) o[3], (double) o[4], (double) o[5], groups, (LinkState) o[7], oper, srcEnd, dstEnd);
                }));
    }

    /** Link ends: none, a name only, addresses only, or both (IPv4 and IPv6, with and without prefix length). */
    @Provide
    Arbitrary<LinkEnd> ends() {
        Arbitrary<String> name = Arbitraries.of("et-0/0/1", "Ethernet1/1", "HundredGigE0/0/0/1", "ge-1/2/3.100");
        Arbitrary<List<String>> addresses = Arbitraries.of("192.0.2.0/31", "192.0.2.1", "2001:db8::1/127",
                "2001:DB8:0:1::a", "::ffff:198.51.100.7").set().ofMaxSize(3).map(ArrayList::new);
        return Combinators.combine(name.injectNull(0.4), addresses).as(LinkEnd::new);
    }

    @Provide
    Arbitrary<List<Link>> linkLists() {
        return links().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Node> nodes() {
        Arbitrary<Coordinates> c = Combinators.combine(Arbitraries.doubles().between(-180, 180),
                Arbitraries.doubles().between(-90, 90)).as(Coordinates::new);
        return Combinators.combine(names(), c.injectNull(0.3)).as(Node::new);
    }

    @Provide
    Arbitrary<List<Demand>> demands() {
        return Combinators.combine(names(), names(), Arbitraries.doubles().between(0, 1e11))
                .as((s, d, r) -> new Object[] {s, d, r})
                .filter(o -> !o[0].equals(o[1]))
                .map(o -> new Demand((String) o[0], (String) o[1], (double) o[2]))
                .list().ofMaxSize(20);
    }
}
