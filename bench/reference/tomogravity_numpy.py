#!/usr/bin/env python3
"""Independent reference for demand deduction: gravity and tomogravity in NumPy/SciPy.

Tomogravity after Zhang, Roughan, Duffield, Greenberg (SIGMETRICS 2003): the gravity prior g
moved the least, in the norm weighted by 1/g, onto the link and node-total equations
B x = b (x = g + W B^T z, (B W B^T + delta I) z = b - B g, W = diag(g)); pairs that come out
negative are set to 0 and the rest projected again until none is negative. The gravity prior
is the off-diagonal matrix with the counted ingress/egress totals (rescaled to their mean total),
fitted by 30 rounds of iterative proportional fitting.

Shares no code with the Java estimator. Input: a directory written by EstimationReference.java
(little-endian binary arrays):
  meta.txt        nodes links pairs nnz intervals node_totals(0|1)
  pairs.i32       pairs x (src, dst)
  coo_link.i32, coo_pair.i32, coo_frac.f64   the routing matrix A (link, pair, fraction)
  links.f64       intervals x links, NaN = not counted
  ingress.f64, egress.f64   intervals x nodes (only when node_totals = 1)
Output in the same directory: est_gravity.f64, est_tomogravity.f64 (intervals x pairs) and
times.txt (per interval: seconds for gravity, seconds for tomogravity including its prior).

Usage: tomogravity_numpy.py DIR
"""
import sys
import time

import numpy as np
import scipy.linalg
import scipy.sparse as sp

IPF_ROUNDS = 30
MAX_ROUNDS = 40


def read(path, dtype, shape):
    return np.fromfile(path, dtype=np.dtype(dtype).newbyteorder('<')).reshape(shape)


def gravity(ingress, egress, src, dst, n):
    tin, tout = ingress.sum(), egress.sum()
    if tin <= 0 or tout <= 0:
        return np.zeros(len(src))
    total = 0.5 * (tin + tout)
    row = ingress * total / tin
    col = egress * total / tout
    g = row[src] * col[dst] / total
    for _ in range(IPF_ROUNDS):
        rs = np.bincount(src, weights=g, minlength=n)
        g = np.where(rs[src] > 0, g * row[src] / np.where(rs[src] > 0, rs[src], 1), 0.0)
        cs = np.bincount(dst, weights=g, minlength=n)
        g = np.where(cs[dst] > 0, g * col[dst] / np.where(cs[dst] > 0, cs[dst], 1), 0.0)
    return g


def tomogravity(B, b, g):
    active = g > 0
    est = np.where(active, g, 0.0)
    for _ in range(MAX_ROUNDS):
        wa = np.where(active, g, 0.0)
        r = b - B @ wa
        M = (B @ sp.diags(wa) @ B.T).toarray()
        M[np.diag_indices_from(M)] += max(1e-300, 1e-9 * np.trace(M) / len(M))
        z = scipy.linalg.cho_solve(scipy.linalg.cho_factor(M), r)
        est = np.where(active, g + wa * (B.T @ z), 0.0)
        neg = est < 0
        if not neg.any():
            break
        active &= ~neg
        est[neg] = 0.0
    return est


def main(d):
    n, m, P, nnz, T, totals = (int(v) for v in open(f'{d}/meta.txt').read().split())
    pr = read(f'{d}/pairs.i32', np.int32, (P, 2))
    src, dst = pr[:, 0].astype(np.int64), pr[:, 1].astype(np.int64)
    A = sp.csr_matrix((read(f'{d}/coo_frac.f64', np.float64, nnz),
                       (read(f'{d}/coo_link.i32', np.int32, nnz), read(f'{d}/coo_pair.i32', np.int32, nnz))),
                      shape=(m, P))
    Y = read(f'{d}/links.f64', np.float64, (T, m))
    if not totals:
        sys.exit('tomogravity_numpy.py: needs node totals (the gravity prior is made of them)')
    IN = read(f'{d}/ingress.f64', np.float64, (T, n))
    OUT = read(f'{d}/egress.f64', np.float64, (T, n))
    S = sp.csr_matrix((np.ones(P), (src, np.arange(P))), shape=(n, P))
    D = sp.csr_matrix((np.ones(P), (dst, np.arange(P))), shape=(n, P))
    eg = np.empty((T, P))
    et = np.empty((T, P))
    times = []
    for t in range(T):
        t0 = time.perf_counter()
        eg[t] = gravity(IN[t], OUT[t], src, dst, n)
        t1 = time.perf_counter()
        counted = ~np.isnan(Y[t])
        B = sp.vstack([A[counted], S, D]).tocsr()
        b = np.concatenate([Y[t][counted], IN[t], OUT[t]])
        g = gravity(IN[t], OUT[t], src, dst, n)
        et[t] = tomogravity(B, b, g)
        t2 = time.perf_counter()
        times.append((t1 - t0, t2 - t1))
    eg.astype('<f8').tofile(f'{d}/est_gravity.f64')
    et.astype('<f8').tofile(f'{d}/est_tomogravity.f64')
    with open(f'{d}/times.txt', 'w') as f:
        for a, b in times:
            f.write(f'{a!r} {b!r}\n')


if __name__ == '__main__':
    main(sys.argv[1])
