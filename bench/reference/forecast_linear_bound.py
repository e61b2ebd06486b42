#!/usr/bin/env python3
"""How much better than last value can a 1-step forecast of these series get? An independent check.

Fits, with numpy only, a global linear model of the 1-step change from the last value (per-pair
scaling by the training mean; inputs: the last C values relative to the last one, the mean change
over the same step one hour earlier for the last 12 hours, and one day earlier) by least absolute
deviations (IRLS), weighted by each pair's training mean so that it minimises the error NMAE measures:

  * "train fit": fitted on the training part, scored on the test part (an honest forecaster);
  * "ORACLE fit": fitted on the test part itself and scored there, i.e. the best any linear model
    of these inputs could do on those rows. It reads the future and is NOT a forecaster: it bounds
    what the inputs can explain.

Usage: python3 bench/reference/forecast_linear_bound.py [DATA_DIR]   (default ../shared/data)
Rows with n_demands_in_file = 0 are missing: forward-filled as inputs, never scored.
"""
import os
import sys

import numpy as np

SERIES = [
    # name, file, step seconds, split rule
    ("abilene", "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv", 300, lambda rows: 5 * 288),
    ("geant", "traffic/geant/geant_sndlib_15min_20050504-20050506.csv", 900, lambda rows: rows * 2 // 3),
]


def load(path):
    with open(path) as f:
        lines = f.read().strip().split("\n")
    x, missing = [], []
    for line in lines[1:]:
        cells = line.split(",")
        missing.append(int(cells[1]) == 0)
        x.append([float(v) if v else 0.0 for v in cells[2:]])
    return np.array(x), np.array(missing)


def run(name, path, step, split_rule, context=24, cycles=12):
    x, missing = load(path)
    rows, pairs = x.shape
    split = split_rule(rows)
    day, hour = 86400 // step, 3600 // step
    first = int(np.argmax(~missing))
    scale = np.maximum(x[:split][~missing[:split]].mean(0), 1.0)
    z = x / scale
    f = z.copy()
    for t in range(1, rows):
        if missing[t]:
            f[t] = f[t - 1]

    def features(t):  # origin t, target t + 1
        last = f[t][:, None]
        cols = [f[t - context + 1:t + 1].T - last, np.ones((pairs, 1))]
        acc = [f[t + 1 - hour * k] - f[t - hour * k] for k in range(1, cycles + 1) if t - hour * k >= first]
        cols.append((np.mean(acc, 0) if acc else np.zeros(pairs))[:, None])
        cols.append(((f[t + 1 - day] - f[t - day]) if t - day >= first else np.zeros(pairs))[:, None])
        return np.concatenate(cols, 1)

    def dataset(origins):
        origins = [t for t in origins if t - context + 1 >= first and not missing[t + 1]]
        a = np.concatenate([features(t) for t in origins])
        y = np.concatenate([z[t + 1] - f[t] for t in origins])
        return origins, a, y, np.tile(scale, len(origins))

    def lad(a, y, w, iterations=30):
        beta = np.zeros(a.shape[1])
        for _ in range(iterations):
            ww = w / (np.abs(y - a @ beta) + 1e-3)
            beta = np.linalg.solve((a * ww[:, None]).T @ a + 1e-6 * np.eye(a.shape[1]), (a * ww[:, None]).T @ y)
        return beta

    _, a_train, y_train, w_train = dataset(range(0, split - 1))
    test, a_test, y_test, w_test = dataset(range(split - 1, rows - 1))
    truth = np.concatenate([x[t + 1] for t in test])
    last_value = np.concatenate([f[t] * scale for t in test])
    base = np.abs(truth - last_value).sum() / truth.sum()
    print(f"{name}: {rows} rows x {pairs} pairs, split {split}, {len(test)} test targets; "
          f"1-step NMAE last value {base:.4f}")
    for label, (a, y, w) in (("train fit", (a_train, y_train, w_train)), ("ORACLE fit", (a_test, y_test, w_test))):
        beta = lad(a, y, w)
        pred = np.maximum(last_value + (a_test @ beta) * np.tile(scale, len(test)), 0)
        nmae = np.abs(truth - pred).sum() / truth.sum()
        print(f"  linear, {label:10s}: 1-step NMAE {nmae:.4f}  ({100 * (nmae / base - 1):+.1f} % vs last value)")


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TWINLOOP_SHARED_DATA", "../shared/data")
    for name, rel, step, split_rule in SERIES:
        run(name, os.path.join(data, rel), step, split_rule)


if __name__ == "__main__":
    main()
