package io.twinloop.planner.te;

import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.alg.shortestpath.YenKShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Candidate paths for SR-TE policies: the {@code k} shortest loopless paths by IGP weight (a hop
 * weighs as its lightest up link, so with unit weights this is the hop count), optionally with
 * edge-disjoint paths first.
 *
 * <ul>
 *   <li>{@link Mode#YEN}: J. Y. Yen, "Finding the K Shortest Loopless Paths in a Network",
 *       Management Science 17(11), 1971, as implemented by JGraphT's {@link YenKShortestPath}.</li>
 *   <li>{@link Mode#DISJOINT_FIRST}: first a greedy set of pairwise hop-disjoint paths (shortest
 *       path, remove its hops, repeat, through a JGraphT {@link MaskSubgraph} view), then Yen's
 *       paths in order, skipping those already taken, until there are {@code k}. Disjoint paths
 *       spread a demand over different bottlenecks, which is what min-MLU needs; plain Yen's first
 *       paths often share their first and last hops.</li>
 * </ul>
 * The graph is built once per {@link TeGraph}; instances are not thread-safe.
 */
public final class CandidatePaths {

    /** How the candidate set is chosen. */
    public enum Mode {
        /** Yen's k shortest loopless paths. */
        YEN,
        /** Greedy edge-disjoint shortest paths first, then Yen's paths. */
        DISJOINT_FIRST
    }

    private final Graph<Integer, DefaultWeightedEdge> graph;
    private final YenKShortestPath<Integer, DefaultWeightedEdge> yen;

    /** The hop graph of {@code g} with IGP weights. */
    public CandidatePaths(TeGraph g) {
        graph = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < g.n; v++) {
            graph.addVertex(v);
        }
        for (int h = 0; h < g.hopCount; h++) {
            DefaultWeightedEdge e = graph.addEdge(g.hopSrc[h], g.hopDst[h]);
            graph.setEdgeWeight(e, g.hopWeight[h]);
        }
        yen = new YenKShortestPath<>(graph);
    }

    /**
     * Up to {@code k} loopless paths from {@code s} to {@code t} as node-index arrays, shortest
     * first within each stage (see the class comment); empty if {@code t} is unreachable.
     */
    public List<int[]> paths(int s, int t, int k, Mode mode) {
        List<int[]> out = new ArrayList<>();
        Set<List<Integer>> seen = new HashSet<>();
        if (k <= 0 || s == t) {
            return out;
        }
        if (mode == Mode.DISJOINT_FIRST) {
            Set<DefaultWeightedEdge> used = new HashSet<>();
            while (out.size() < k) {
                Graph<Integer, DefaultWeightedEdge> view = new MaskSubgraph<>(graph, v -> false, used::contains);
                GraphPath<Integer, DefaultWeightedEdge> p = new DijkstraShortestPath<>(view).getPath(s, t);
                if (p == null) {
                    break;
                }
                List<Integer> vertices = p.getVertexList(); // before masking its edges (MaskSubgraph asserts)
                used.addAll(p.getEdgeList());
                seen.add(vertices);
                out.add(toArray(vertices));
            }
        }
        if (out.size() < k) {
            // Yen's list may repeat the disjoint ones; ask for enough to fill up k distinct paths
            for (GraphPath<Integer, DefaultWeightedEdge> p : yen.getPaths(s, t, k + out.size())) {
                if (out.size() >= k) {
                    break;
                }
                if (seen.add(p.getVertexList())) {
                    out.add(toArray(p.getVertexList()));
                }
            }
        }
        return out;
    }

    private static int[] toArray(List<Integer> vs) {
        return vs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The weight of a node path (sum of the hop weights). */
    public double weight(int[] path) {
        double w = 0;
        for (int i = 1; i < path.length; i++) {
            w += graph.getEdgeWeight(graph.getEdge(path[i - 1], path[i]));
        }
        return w;
    }

    static String toString(int[] path) {
        return Arrays.toString(path);
    }
}
