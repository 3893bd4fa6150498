"""NumPy reference of one FCF round (fedrec bench): batched, BLAS-backed, chunked over users to bound memory.

Reads the benchmark's CSR and Y from raw little-endian files written by `fedrec bench`, runs a warm-up round
and one timed round (client solves + exact factored aggregate + master gradient + Adam), and prints one JSON
object: seconds per round, peak RSS (ru_maxrss) and a checksum of Y. Solvers: "cholesky" (batched
np.linalg.solve on the f×f systems) or "cg" (batched conjugate gradient, fixed steps, warm-started).
The aggregate uses scipy.sparse for Σ_u w_uv x_u when scipy exists (else np.add.at).
Usage: numpy_round.py DIR N F SOLVER CG_STEPS ALPHA LAMBDA LR
"""
import json
import os
import resource
import sys
import time

import numpy as np

try:
    import scipy.sparse as sp
except ImportError:  # pragma: no cover
    sp = None

CHUNK = 16384


def load(d, n, f):
    indptr = np.fromfile(os.path.join(d, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(d, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(d, "data.f64"), dtype="<f8")
    Y = np.fromfile(os.path.join(d, "Y.f64"), dtype="<f8").reshape(n, f)
    return indptr, indices, data, Y


def solve_chunk(Y, YtYl, idx, r, alpha, lam, solver, steps, x0):
    Yu = Y[idx]                      # (B, k, f)
    cm1 = alpha * r                  # (B, k)
    cp = np.where(r > 0, 1 + cm1, 0.0)
    b = np.einsum("bk,bkf->bf", cp, Yu)
    if solver == "cholesky":
        A = YtYl[None, :, :] + np.matmul(Yu.transpose(0, 2, 1) * cm1[:, None, :], Yu)
        return np.linalg.solve(A, b[:, :, None])[:, :, 0]
    x = x0.copy()

    def Atimes(p):
        return p @ YtYl + np.einsum("bk,bkf->bf", cm1 * np.einsum("bkf,bf->bk", Yu, p), Yu)

    res = b - Atimes(x)
    p = res.copy()
    rs = np.einsum("bf,bf->b", res, res)
    for _ in range(steps):
        Ap = Atimes(p)
        a = rs / np.maximum(np.einsum("bf,bf->b", p, Ap), 1e-300)
        x += a[:, None] * p
        res -= a[:, None] * Ap
        rs_new = np.einsum("bf,bf->b", res, res)
        p = res + (rs_new / np.maximum(rs, 1e-300))[:, None] * p
        rs = rs_new
    return x


def fcf_round(indptr, indices, data, X, Y, m, v, t, n, f, k, solver, steps, alpha, lam, lr):
    YtYl = Y.T @ Y + lam * np.eye(f)
    idx_all = indices.reshape(n, k)
    r_all = data.reshape(n, k)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        X[lo:hi] = solve_chunk(Y, YtYl, idx_all[lo:hi], r_all[lo:hi], alpha, lam, solver, steps, X[lo:hi])
    # exact factored aggregate: Σ_u w_uv x_u − (XᵀX) y_v with w_uv = c·p − (c−1)·x_uᵀy_v
    w = np.empty(n * k)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        Yu = Y[idx_all[lo:hi]]
        r = r_all[lo:hi]
        c = 1 + alpha * r
        dots = np.einsum("bkf,bf->bk", Yu, X[lo:hi])
        w[lo * k:hi * k] = (np.where(r > 0, c, 0.0) - (c - 1) * dots).ravel()
    if sp is not None:
        W = sp.csr_matrix((w, indices, indptr), shape=(n, n))
        sumG = np.asarray(W.T @ X)
    else:
        sumG = np.zeros((n, f))
        rows = np.repeat(np.arange(n), k)
        np.add.at(sumG, indices, w[:, None] * X[rows])
    sumG -= Y @ (X.T @ X)
    g = -2.0 * sumG + 2 * lam * Y
    b1, b2, eps = 0.9, 0.999, 1e-8
    m *= b1
    m += (1 - b1) * g
    v *= b2
    v += (1 - b2) * g * g
    Y -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)


def main():
    d, n, f, solver, steps, alpha, lam, lr = sys.argv[1:9]
    n, f, steps = int(n), int(f), int(steps)
    alpha, lam, lr = float(alpha), float(lam), float(lr)
    indptr, indices, data, Y = load(d, n, f)
    k = int(indptr[1] - indptr[0])
    assert len(indices) == n * k, "the reference expects the same number of entries per user"
    X = np.zeros((n, f))
    m = np.zeros((n, f))
    v = np.zeros((n, f))
    t0 = time.perf_counter()
    fcf_round(indptr, indices, data, X, Y, m, v, 1, n, f, k, solver, steps, alpha, lam, lr)
    t1 = time.perf_counter()
    fcf_round(indptr, indices, data, X, Y, m, v, 2, n, f, k, solver, steps, alpha, lam, lr)
    t2 = time.perf_counter()
    print(json.dumps({
        "solver": solver, "n": n, "f": f, "warmupSeconds": t1 - t0, "roundSeconds": t2 - t1,
        "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "numpy": np.__version__, "scipy": sp is not None, "ySum": float(np.abs(Y).sum()),
    }))


if __name__ == "__main__":
    main()
