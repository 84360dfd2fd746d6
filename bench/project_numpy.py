#!/usr/bin/python3
"""bench/project_numpy.py — the Monte Carlo projection of chiso's kernel
(engine/core/project.c), vectorised with numpy, for `make bench`.

Same computation: D draws of U units x A areas; each area's points plus
normal noise, summed per unit, rounded to the published precision, ranked by
competition ranking (equal scores share the best rank: 1 + the number of units
strictly above), and per unit a histogram of ranks (for the median and the
5-95% band), P(rank <= k) and P(score >= threshold).  Draws are processed in
chunks so memory stays bounded (a full 100,000 x 63 x 8 array of normals
would take 400 MB).

The sum over areas is an einsum and the ranking an argsort per draw (the
fastest numpy forms found; a broadcast sum and a searchsorted ranking were
2-3 times slower).

Usage: project_numpy.py [DRAWS] [UNITS] [AREAS] [REPEAT]   (default 100000 63 8 3)
Prints the best of REPEAT times and a line of results to compare with chiso's.
"""
import sys
import time

import numpy as np


def inputs(units, areas):
    # The same synthetic table as bench/project_bench.lua.
    u = np.arange(1, units + 1)[:, None]
    a = np.arange(1, areas + 1)[None, :]
    mean = 10.0 + (u % 7) * 0.3 + a * 0.01
    sd = np.broadcast_to(0.3 + (u % 5) * 0.05, (units, areas)).astype(float)
    return mean, sd


def project(mean, sd, draws, seed=7, decimals=2, threshold=82.0, ks=(10, 30), chunk=10000):
    units, areas = mean.shape
    rng = np.random.default_rng(seed)
    hist = np.zeros(units * (units + 1), dtype=np.int64)
    above = np.zeros(units, dtype=np.int64)
    p = 10.0 ** decimals
    thr = np.floor(threshold * p + 0.5)
    base = mean.sum(axis=1)
    cols = np.arange(units)
    row_of = cols * (units + 1)
    done = 0
    while done < draws:
        n = min(chunk, draws - done)
        z = rng.standard_normal((n, units, areas))
        total = base + np.einsum("ua,nua->nu", sd, z)      # sum over areas of mean + sd * z
        key = np.floor(total * p + 0.5)                    # rounded as published
        # competition ranking: equal keys share the best rank (1 + number strictly above)
        order = np.argsort(-key, axis=1, kind="stable")
        srt = np.take_along_axis(key, order, axis=1)
        first = np.empty(srt.shape, dtype=bool)
        first[:, 0] = True
        first[:, 1:] = srt[:, 1:] != srt[:, :-1]
        pos = np.maximum.accumulate(np.where(first, cols, 0), axis=1) + 1
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, pos, axis=1)
        hist += np.bincount((row_of + rank).ravel(), minlength=units * (units + 1))
        above += (key >= thr).sum(axis=0)
        done += n
    hist = hist.reshape(units, units + 1)
    cum = np.cumsum(hist[:, 1:], axis=1)

    def q(frac):
        need = np.ceil(frac * draws - 1e-9)
        return (cum >= need).argmax(axis=1) + 1

    le_k = {k: cum[:, min(k, units) - 1] / draws for k in ks}
    return q(0.5), q(0.05), q(0.95), le_k, above / draws


def main():
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    units = int(sys.argv[2]) if len(sys.argv) > 2 else 63
    areas = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    mean, sd = inputs(units, areas)
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        med, p5, p95, le_k, above = project(mean, sd, draws)
        t = time.perf_counter() - t0
        best = t if best is None or t < best else best
    print("numpy: %d draws x %d units x %d areas in %.4f s (numpy %s)" % (draws, units, areas, best, np.__version__))
    print("numpy: unit 1 median %d, 5-95%% %d-%d; unit %d P(score>=82) %.3f" % (med[0], p5[0], p95[0], units, above[-1]))


if __name__ == "__main__":
    main()
