#!/usr/bin/env python3
"""Independent exact reference for min-MLU traffic engineering: the edge-based multicommodity
flow LP solved with SciPy's HiGHS (scipy.optimize.linprog(method="highs")).

It shares no code with twinloop's Java optimizer (io.twinloop.planner.te) and is used by
io.twinloop.bench.TeBenchmark to measure the Java plans' MLU against the true optimum.

Formulation (commodities aggregated by source, which is exact for min-MLU: any feasible
per-demand routing sums to a feasible per-source flow and every per-source flow decomposes into
per-demand paths):
  variables  f[s, l] >= 0   flow of source s's traffic on link l (every link with capacity > 0)
             U >= 0         the maximum link utilisation
  minimise   U
  s.t.       for every source s and node v:  out_s(v) - in_s(v) = b_s(v),
                 b_s(s) = sum_t d(s, t),  b_s(t) = -d(s, t) for t != s
             for every link l:  sum_s f[s, l] - U * capacity(l) <= 0
Rates are divided by the largest capacity before solving (U is scale-free), which keeps HiGHS'
tolerances meaningful when capacities are in bit/s. Links with capacity 0 are left out (they
would force U = infinity for any flow on them; the benchmark topologies have none).

Input (CSV with header):
  links.csv     link_id,src,dst,weight,capacity_bps
  demands.csv   matrix,src,dst,rate_bps    (several matrices, told apart by the matrix label)
Output:
  result.csv    matrix,mlu,seconds,status   (seconds = HiGHS solve time of that matrix, the
                                             model build excluded; status = HiGHS status text)

Usage: mcf_highs.py links.csv demands.csv result.csv
"""

import csv
import sys
import time
from collections import OrderedDict, defaultdict

import numpy as np
import scipy
from scipy.optimize import linprog
from scipy.sparse import coo_matrix


def read_links(path):
    links = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            links.append((row["link_id"], row["src"], row["dst"], float(row["capacity_bps"])))
    return links


def read_matrices(path):
    """{matrix label: {src: {dst: rate}}}, matrices in file order; repeated pairs add up."""
    mats = OrderedDict()
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != ["matrix", "src", "dst", "rate_bps"]:
            raise SystemExit(f"unexpected demands header {header}")
        for label, src, dst, rate in reader:
            r = float(rate)
            m = mats.setdefault(label, defaultdict(lambda: defaultdict(float)))
            if r > 0:
                m[src][dst] += r
    return mats


def min_mlu(links, matrix):
    nodes = sorted({l[1] for l in links} | {l[2] for l in links})
    index = {v: i for i, v in enumerate(nodes)}
    for s, row in matrix.items():
        for t in [s, *row.keys()]:
            if t not in index:
                raise SystemExit(f"demand endpoint {t!r} is not a node")
    up = [l for l in links if l[3] > 0]
    n, m = len(nodes), len(up)
    scale = max(l[3] for l in up)
    cap = np.array([l[3] / scale for l in up])
    tail = np.array([index[l[1]] for l in up])
    head = np.array([index[l[2]] for l in up])
    sources = [s for s, row in matrix.items() if sum(row.values()) > 0]
    k = len(sources)
    if k == 0:
        return 0.0, 0.0, "no traffic"
    nvar = k * m + 1  # f[s, l] at s * m + l, U last
    # conservation rows: (source j, node v) at j * n + v; +1 where link leaves v, -1 where it enters
    rows, cols, vals = [], [], []
    b_eq = np.zeros(k * n)
    link_ids = np.arange(m)
    for j, s in enumerate(sources):
        rows.append(j * n + tail)
        cols.append(j * m + link_ids)
        vals.append(np.ones(m))
        rows.append(j * n + head)
        cols.append(j * m + link_ids)
        vals.append(-np.ones(m))
        for t, rate in matrix[s].items():
            b_eq[j * n + index[t]] -= rate / scale
            b_eq[j * n + index[s]] += rate / scale
    a_eq = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(k * n, nvar)).tocsr()
    # capacity rows: sum_j f[j, l] - cap(l) U <= 0
    crow = np.concatenate([link_ids for _ in range(k)] + [link_ids])
    ccol = np.concatenate([j * m + link_ids for j in range(k)] + [np.full(m, nvar - 1)])
    cval = np.concatenate([np.ones(k * m), -cap])
    a_ub = coo_matrix((cval, (crow, ccol)), shape=(m, nvar)).tocsr()
    c = np.zeros(nvar)
    c[-1] = 1.0
    t0 = time.perf_counter()
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(m), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    seconds = time.perf_counter() - t0
    if res.status != 0:
        return float("nan"), seconds, res.message.replace(",", ";")
    return float(res.x[-1]), seconds, "optimal"


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__)
    links = read_links(argv[1])
    mats = read_matrices(argv[2])
    with open(argv[3], "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["matrix", "mlu", "seconds", "status"])
        for label, matrix in mats.items():
            mlu, seconds, status = min_mlu(links, matrix)
            out.writerow([label, repr(mlu), f"{seconds:.6f}", status])
            f.flush()
    print(f"mcf_highs.py: {len(mats)} matrices solved (SciPy {scipy.__version__}, HiGHS)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
