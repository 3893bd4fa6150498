/**
 * The straightforward ml-matrix client step, for the speed ratio: per user, Matrix objects for the observed
 * rows of Y, A = YᵀY + Y_uᵀ(C_u − I)Y_u + λI and b = Y_uᵀ C_u p_u built with Matrix ops, then `solve`.
 * It uses the same shortcut as the fast path (YᵀY precomputed, only observed rows touched), so the ratio
 * measures the implementation, not the algorithm.
 */
import { Matrix, solve } from "ml-matrix";
import type { Csr } from "../src/core/sparse/csr.js";

/** Solves users [0, count) into X (row-major, f per user) with ml-matrix; returns X. */
export function mlMatrixSolves(Y: Float64Array, f: number, YtY: Float64Array, lambda: number, alpha: number, R: Csr, count: number, X: Float64Array): Float64Array {
  const base = Matrix.from1DArray(f, f, Array.from(YtY)).add(Matrix.eye(f).mul(lambda));
  for (let u = 0; u < count; u++) {
    const start = R.indptr[u];
    const end = R.indptr[u + 1];
    const k = end - start;
    const rows: number[][] = [];
    for (let j = start; j < end; j++) rows.push(Array.from(Y.subarray(R.indices[j] * f, R.indices[j] * f + f)));
    const Yu = new Matrix(rows);
    const cm1 = Matrix.zeros(k, k);
    const cp = Matrix.zeros(k, 1);
    for (let j = 0; j < k; j++) {
      const r = R.data[start + j];
      cm1.set(j, j, alpha * r);
      cp.set(j, 0, r > 0 ? 1 + alpha * r : 0);
    }
    const YuT = Yu.transpose();
    const A = base.clone().add(YuT.mmul(cm1).mmul(Yu));
    const b = YuT.mmul(cp);
    const x = solve(A, b).to1DArray();
    X.set(x, u * f);
  }
  return X;
}
