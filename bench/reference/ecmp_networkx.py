#!/usr/bin/env python3
"""Independent reference implementation of per-hop ECMP link loads, using NetworkX.

It shares no code with twinloop's Java kernel (io.twinloop.model.routing.EcmpRouter) and is used by
io.twinloop.bench.EcmpReferenceCheck to cross-check it link by link.

Definition (per-hop ECMP, as IGP routers with ECMP hashing do on average):
  for every destination t, dist(v) = shortest IGP distance from v to t, computed with
  networkx.single_source_dijkstra on the reversed graph. The traffic for t present at a node v
  (originated there or received) is split equally over every outgoing link l = (v -> u) with
  dist(v) == w(l) + dist(u); parallel links count separately. Nodes are processed by decreasing
  dist, so a node has received all its traffic before it forwards it. Demands whose source
  cannot reach the destination are reported as unrouted.

Equal-cost test: |dist(v) - (w(l) + dist(u))| <= 1e-9 * max(1, dist(v)), which is exact for the
integer weights of the benchmark topologies and absorbs float rounding of decimal weights.

Input (CSV with header):
  links.csv    link_id,src,dst,weight,capacity_bps
  demands.csv  src,dst,rate_bps
Output:
  loads.csv    link_id,load_bps        (one row per link, in input order, repr() precision)
  summary.csv  key,value               (unrouted_bps, unrouted_demands, mlu, total_load_bps)

Usage: ecmp_networkx.py links.csv demands.csv loads.csv summary.csv
"""

import csv
import sys
from collections import defaultdict

import networkx as nx

TIE_REL = 1e-9


def read_links(path):
    links = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            links.append((row["link_id"], row["src"], row["dst"], float(row["weight"]), float(row["capacity_bps"])))
    return links


def read_demands(path):
    """Demands grouped by destination: {dst: {src: rate}} (repeated pairs add up)."""
    by_dst = defaultdict(lambda: defaultdict(float))
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != ["src", "dst", "rate_bps"]:
            raise SystemExit(f"unexpected demands header {header}")
        for src, dst, rate in reader:
            r = float(rate)
            if r > 0:
                by_dst[dst][src] += r
    return by_dst


def ecmp_loads(links, by_dst):
    # reversed multigraph: an edge u <- v for every link v -> u, keyed by link index
    reverse = nx.MultiDiGraph()
    out_links = defaultdict(list)  # node -> [(link index, head, weight)]
    for i, (_, src, dst, w, _) in enumerate(links):
        reverse.add_node(src)
        reverse.add_node(dst)
        reverse.add_edge(dst, src, key=i, weight=w)
        out_links[src].append((i, dst, w))

    load = [0.0] * len(links)
    unrouted_bps = 0.0
    unrouted = 0
    for t, sources in by_dst.items():
        if t not in reverse:
            raise SystemExit(f"demand destination {t!r} is not a node")
        dist, _paths = nx.single_source_dijkstra(reverse, t, weight="weight")
        flow = defaultdict(float)
        for s, rate in sources.items():
            if s not in reverse:
                raise SystemExit(f"demand source {s!r} is not a node")
            if s in dist:
                flow[s] += rate
            else:
                unrouted_bps += rate
                unrouted += 1
        for v in sorted(dist, key=dist.get, reverse=True):
            if v == t:
                continue
            f = flow.pop(v, 0.0)
            if f == 0.0:
                continue
            dv = dist[v]
            tol = TIE_REL * max(1.0, dv)
            hops = [(i, u) for (i, u, w) in out_links[v] if u in dist and abs(dv - (w + dist[u])) <= tol]
            if not hops:
                raise SystemExit(f"node {v!r} has traffic for {t!r} but no shortest-path next hop")
            share = f / len(hops)
            for i, u in hops:
                load[i] += share
                flow[u] += share
    return load, unrouted_bps, unrouted


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    links = read_links(argv[1])
    by_dst = read_demands(argv[2])
    load, unrouted_bps, unrouted = ecmp_loads(links, by_dst)
    mlu = max((load[i] / c for i, (_, _, _, _, c) in enumerate(links) if c > 0), default=0.0)
    with open(argv[3], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["link_id", "load_bps"])
        for (lid, *_), x in zip(links, load):
            w.writerow([lid, repr(x)])
    with open(argv[4], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "value"])
        w.writerow(["unrouted_bps", repr(unrouted_bps)])
        w.writerow(["unrouted_demands", unrouted])
        w.writerow(["mlu", repr(mlu)])
        w.writerow(["total_load_bps", repr(sum(load))])
        w.writerow(["networkx_version", nx.__version__])


if __name__ == "__main__":
    main(sys.argv)
