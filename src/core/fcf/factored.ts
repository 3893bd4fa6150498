/**
 * The exact factored shortcut for the sum of dense client uploads (DESIGN §2), a SIMULATION fast path:
 *   Σ_u G_u[v] = Σ_{u∈obs(v)} c_uv p_uv x_u − [XᵀX + Σ_{u∈obs(v)} (c_uv − 1) x_u x_uᵀ] y_v.
 * Identical in value to summing denseUpload over the same clients, but not what a device sends.
 */
import type { Csr } from "../sparse/csr.js";

/**
 * Writes Σ_{u∈clients} G_u into out (nItems×f) and returns it; clients = null means every row of R.
 * Iterates client rows: each observed (u, v) adds (c·p − (c−1)·x_uᵀy_v)·x_u to row v (the two
 * obs(v) sums), then every row v gets −(X_SᵀX_S) y_v with X_S the clients' factors.
 * O(nnz·f + (|clients| + nItems)·f²); no users×items buffer.
 */
export function factoredAggregate(
  R: Csr,
  X: Float64Array,
  Y: Float64Array,
  f: number,
  alpha: number,
  out: Float64Array,
  clients: Int32Array | null,
): Float64Array {
  const nItems = R.cols;
  const count = clients === null ? R.rows : clients.length;
  const XtX = new Float64Array(f * f);
  out.fill(0, 0, nItems * f);
  const { indptr, indices, data } = R;
  for (let q = 0; q < count; q++) {
    const u = clients === null ? q : clients[q];
    const xo = u * f;
    for (let a = 0; a < f; a++) {
      const xa = X[xo + a];
      if (xa === 0) continue;
      for (let b = a; b < f; b++) XtX[a * f + b] += xa * X[xo + b];
    }
    for (let k = indptr[u]; k < indptr[u + 1]; k++) {
      const rv = data[k];
      const c = 1 + alpha * rv;
      const cp = rv > 0 ? c : 0;
      const o = indices[k] * f;
      let s = 0;
      for (let a = 0; a < f; a++) s += X[xo + a] * Y[o + a];
      const w = cp - (c - 1) * s;
      for (let a = 0; a < f; a++) out[o + a] += w * X[xo + a];
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) XtX[a * f + b] = XtX[b * f + a];
  for (let v = 0; v < nItems; v++) {
    const o = v * f;
    for (let a = 0; a < f; a++) {
      let s = 0;
      const row = a * f;
      for (let b = 0; b < f; b++) s += XtX[row + b] * Y[o + b];
      out[o + a] -= s;
    }
  }
  return out;
}
