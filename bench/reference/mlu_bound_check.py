#!/usr/bin/env python3
"""Independent check of a min-MLU lower bound from dual link lengths (LP duality).

For any non-negative link lengths l, every routing of the demands d(s, t) satisfies
    sum_l load(l) l(l) >= sum_(s,t) d(s, t) dist_l(s, t)      (each unit travels at least its shortest path)
and sum_l load(l) l(l) <= MLU * sum_l capacity(l) l(l), so
    MLU* >= sum_(s,t) d(s, t) dist_l(s, t) / sum_l capacity(l) l(l).
twinloop's first-order solver (io.twinloop.planner.te.PotentialMinMlu) reports such a bound with the
lengths behind it; this script recomputes the bound from the lengths alone with SciPy's Dijkstra
(scipy.sparse.csgraph), sharing no code with the Java side. Together with the MLU of the plan (an
upper bound), it brackets the exact optimum where an exact LP is out of reach (Kdl with a full
gravity matrix: 567,762 demands).

Input (CSV with header):
  links.csv     link_id,src,dst,weight,capacity_bps,length   (length = the dual length of the link)
  demands.csv   matrix,src,dst,rate_bps                      (the first matrix is used)
Output: one line "bound,<value>,seconds,<dijkstra seconds>" on stdout.

Usage: mlu_bound_check.py links.csv demands.csv
"""

import csv
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra


def main():
    links_csv, demands_csv = sys.argv[1], sys.argv[2]
    names = {}

    def idx(name):
        if name not in names:
            names[name] = len(names)
        return names[name]

    src, dst, length, cap = [], [], [], []
    with open(links_csv, newline="") as f:
        for row in csv.DictReader(f):
            c = float(row["capacity_bps"])
            le = float(row["length"])
            if le < 0:
                raise SystemExit("negative length on " + row["link_id"])
            src.append(idx(row["src"]))
            dst.append(idx(row["dst"]))
            length.append(le)
            cap.append(c)
    den = sum(c * max(le, 1e-300) for c, le in zip(cap, length) if c > 0)  # floored as below
    demands = []
    first = None
    with open(demands_csv, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != ["matrix", "src", "dst", "rate_bps"]:
            raise SystemExit(f"unexpected demands header {header}")
        for label, s, t, rate in reader:
            if first is None:
                first = label
            if label != first:
                break
            demands.append((idx(s), idx(t), float(rate)))
    n = len(names)
    # the shortest parallel link counts; a zero length would read as "no edge" in a sparse matrix,
    # so lengths are floored at 1e-300 (which leaves every sum unchanged at double precision)
    best = {}
    for a, b, le in zip(src, dst, length):
        le = max(le, 1e-300)
        if (a, b) not in best or le < best[(a, b)]:
            best[(a, b)] = le
    rows = np.array([k[0] for k in best], dtype=np.int64)
    cols = np.array([k[1] for k in best], dtype=np.int64)
    vals = np.array(list(best.values()))
    graph = csr_matrix((vals, (rows, cols)), shape=(n, n))
    sources = sorted({s for s, _, _ in demands})
    t0 = time.perf_counter()
    dist = dijkstra(graph, directed=True, indices=sources)
    secs = time.perf_counter() - t0
    row_of = {s: i for i, s in enumerate(sources)}
    num = 0.0
    for s, t, r in demands:
        d = dist[row_of[s], t]
        if np.isfinite(d):
            num += r * d
    print(f"bound,{float(num / den)!r},seconds,{secs:.3f}")


if __name__ == "__main__":
    main()
