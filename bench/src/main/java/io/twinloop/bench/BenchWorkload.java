package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The routing workloads shared by the benchmark and the reference check: a real topology from the
 * shared data set plus a full traffic matrix.
 *
 * <ul>
 *   <li>{@link #ABILENE}: {@code topologies/sndlib/abilene.xml} (12 nodes, 30 directed links) with
 *       the measured 5-minute matrix of {@code traffic/abilene/abilene_sndlib_5min_*.csv}.</li>
 *   <li>{@link #GEANT}: {@code topologies/sndlib/geant.xml} (22 nodes, 72 directed links) with the
 *       measured 15-minute matrix of {@code traffic/geant/geant_sndlib_15min_*.csv}.</li>
 *   <li>{@link #KDL}: {@code topologies/teal/Kdl.json} (754 nodes, 1790 links) with a synthetic
 *       gravity matrix.</li>
 *   <li>{@link #ASN2K}: {@code topologies/teal/ASN2k.json} (1739 nodes, 8558 links) with a
 *       synthetic gravity matrix.</li>
 * </ul>
 *
 * <p><b>Which measured row.</b> Of the non-missing rows ({@code n_demands_in_file > 0}; missing
 * rows are not zero traffic), the one with the largest total traffic, i.e. the peak interval of the
 * slice: deterministic, and the matrix that matters most for utilisation.
 *
 * <p><b>Gravity matrix.</b> The Teal topologies come without traffic (NCFlow/Teal matrices are
 * synthetic and not in the data set), so every ordered pair {@code (s, t)}, {@code s != t}, gets
 * {@code outDegree(s) * outDegree(t) * 1 Mbit/s}: a full {@code n(n-1)} matrix (3,022,382 demands
 * for ASN2k) proportional to the product of out-degrees. The rates are integers in bit/s, so they
 * are exact in any CSV round trip. All weights in these files are the default 1 (hop count), which
 * makes equal-cost ties very frequent: the hardest case for ECMP splitting.
 */
public enum BenchWorkload {

    /** Abilene with its measured peak 5-minute matrix. */
    ABILENE("topologies/sndlib/abilene.xml", "traffic/abilene", "abilene_sndlib_5min_*.csv"),
    /** GEANT (SNDlib) with its measured peak 15-minute matrix. */
    GEANT("topologies/sndlib/geant.xml", "traffic/geant", "geant_sndlib_15min_*.csv"),
    /**
     * GEANT as FIGRET ships it ({@code topologies/figret/GEANT22_dote_order.json}: directed, nodes
     * {@code 0..21}, capacities in bit/s) with the same measured peak matrix as {@link #GEANT}; CSV
     * node names map to figret ids by sorted order (shared data README, section 5).
     */
    GEANT_FIGRET("topologies/figret/GEANT22_dote_order.json", "traffic/geant", "geant_sndlib_15min_*.csv"),
    /** Kdl (Topology Zoo, Teal capacities) with an out-degree gravity matrix. */
    KDL("topologies/teal/Kdl.json", null, null),
    /** ASN2k (Teal) with an out-degree gravity matrix. */
    ASN2K("topologies/teal/ASN2k.json", null, null);

    /** Rate of one unit of out-degree product in the gravity matrix: 1 Mbit/s. */
    public static final double GRAVITY_UNIT_BPS = 1e6;

    private final String topology;
    private final String trafficDir;
    private final String trafficGlob;

    BenchWorkload(String topology, String trafficDir, String trafficGlob) {
        this.topology = topology;
        this.trafficDir = trafficDir;
        this.trafficGlob = trafficGlob;
    }

    /** The lower-case name used for JMH {@code @Param} values and on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The workload named {@code key} (case-insensitive). */
    public static BenchWorkload of(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }

    /** Reads the topology and builds the traffic matrix from the shared data in {@code dataDir}. */
    public Instance load(Path dataDir) {
        Network network = TopologyImporters.read(dataDir.resolve(topology));
        if (trafficDir == null) {
            return new Instance(this, network, gravity(network),
                    "gravity: outDegree(s) * outDegree(t) * 1 Mbit/s, all " + network.nodes().size() + " x "
                            + (network.nodes().size() - 1) + " pairs");
        }
        Path csv = single(dataDir.resolve(trafficDir), trafficGlob);
        TrafficSeries series = TrafficCsvImporter.read(csv);
        if (this == GEANT_FIGRET) {
            series.validateAgainst(TopologyImporters.read(dataDir.resolve(GEANT.topology)));
        } else {
            series.validateAgainst(network);
        }
        int peak = -1;
        double peakTotal = -1;
        for (int r = 0; r < series.size(); r++) {
            var s = series.samples().get(r);
            if (!s.missing() && s.totalBps() > peakTotal) {
                peak = r;
                peakTotal = s.totalBps();
            }
        }
        if (peak < 0) {
            throw new IllegalStateException(csv + " has no non-missing row");
        }
        List<Demand> demands = series.demandsAt(peak);
        if (this == GEANT_FIGRET) {
            demands = figretNames(demands, TopologyImporters.read(dataDir.resolve(GEANT.topology)));
        }
        return new Instance(this, network, demands,
                String.format(Locale.ROOT, "measured: %s row %d (time %s, peak of %d rows, %.1f Gbit/s)",
                        csv.getFileName(), peak, series.samples().get(peak).time(), series.size(), peakTotal / 1e9));
    }

    /** Renames SNDlib GEANT node names to figret ids: the i-th name in sorted order is node {@code i}. */
    private static List<Demand> figretNames(List<Demand> demands, Network sndlibGeant) {
        List<String> sorted = sndlibGeant.nodes().stream().map(Node::name).sorted().toList();
        List<Demand> out = new ArrayList<>(demands.size());
        for (Demand d : demands) {
            out.add(new Demand(String.valueOf(sorted.indexOf(d.src())), String.valueOf(sorted.indexOf(d.dst())),
                    d.rateBps()));
        }
        return List.copyOf(out);
    }

    /** The out-degree gravity matrix described in the class comment. */
    static List<Demand> gravity(Network network) {
        int n = network.nodes().size();
        int[] outDegree = new int[n];
        for (Link l : network.links()) {
            outDegree[network.nodeIndex(l.src())]++;
        }
        List<Node> nodes = network.nodes();
        List<Demand> demands = new ArrayList<>(n * (n - 1));
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < n; t++) {
                if (s != t && outDegree[s] > 0 && outDegree[t] > 0) {
                    demands.add(new Demand(nodes.get(s).name(), nodes.get(t).name(),
                            (double) outDegree[s] * outDegree[t] * GRAVITY_UNIT_BPS));
                }
            }
        }
        return List.copyOf(demands);
    }

    private static Path single(Path dir, String glob) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (found.size() != 1) {
            throw new IllegalStateException("expected exactly one " + glob + " in " + dir + ", found " + found);
        }
        return found.get(0);
    }

    /**
     * A loaded workload.
     *
     * @param workload    which workload
     * @param network     the topology
     * @param demands     the full traffic matrix, bit/s
     * @param description where the demands come from, for reports
     */
    public record Instance(BenchWorkload workload, Network network, List<Demand> demands, String description) {

        /** Sum of the demands in bit/s. */
        public double totalDemandBps() {
            double sum = 0;
            for (Demand d : demands) {
                sum += d.rateBps();
            }
            return sum;
        }
    }
}
