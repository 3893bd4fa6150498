/**
 * Device-side FCF math (DESIGN §2): the closed-form user factor and the paper-faithful dense upload.
 * A client's data is one CSR row: items[start..end) with raw feedback values r[start..end);
 * c = 1 + α·r and p = 1 where r > 0. Unobserved items have c = 1, p = 0.
 */
import { choleskyInPlace, choleskySolve } from "../linalg/kernels.js";

/** Per-solve buffers, allocated once per f and reused for every user. */
export interface ClientScratch {
  readonly f: number;
  /** f×f system matrix, overwritten by its Cholesky factor. */
  readonly A: Float64Array;
  /** Right-hand side Yᵀ C_u p_u (length f). */
  readonly b: Float64Array;
}

/** Allocates the scratch buffers of solveUserFactor for f factors. */
export function makeClientScratch(f: number): ClientScratch {
  return { f, A: new Float64Array(f * f), b: new Float64Array(f) };
}

/**
 * Client step: x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ Yᵀ C_u p_u, written to out[outOff..outOff+f).
 * Only the user's observed entries are touched: YᵀY (broadcast by the master) plus (c−1)·y_v y_vᵀ per
 * observed v; the right-hand side is Σ_obs c·p·y_v. A user with no entries gets x_u = 0.
 * Throws when the system is not positive definite (then λ is too small for the data).
 */
export function solveUserFactor(
  Y: Float64Array,
  f: number,
  YtY: Float64Array,
  lambda: number,
  alpha: number,
  items: Int32Array,
  r: Float64Array,
  start: number,
  end: number,
  out: Float64Array,
  outOff: number,
  scratch: ClientScratch,
): void {
  if (end <= start) {
    out.fill(0, outOff, outOff + f);
    return;
  }
  const A = scratch.A;
  const b = scratch.b;
  for (let i = 0; i < f * f; i++) A[i] = YtY[i];
  for (let a = 0; a < f; a++) A[a * f + a] += lambda;
  b.fill(0, 0, f);
  let k = start;
  // four observations at a time: each A entry is loaded and stored once per four rank-1 updates
  for (; k + 3 < end; k += 4) {
    const w0 = alpha * r[k];
    const w1 = alpha * r[k + 1];
    const w2 = alpha * r[k + 2];
    const w3 = alpha * r[k + 3];
    const p0 = r[k] > 0 ? 1 + w0 : 0;
    const p1 = r[k + 1] > 0 ? 1 + w1 : 0;
    const p2 = r[k + 2] > 0 ? 1 + w2 : 0;
    const p3 = r[k + 3] > 0 ? 1 + w3 : 0;
    const o0 = items[k] * f;
    const o1 = items[k + 1] * f;
    const o2 = items[k + 2] * f;
    const o3 = items[k + 3] * f;
    for (let a = 0; a < f; a++) {
      const y0 = Y[o0 + a];
      const y1 = Y[o1 + a];
      const y2 = Y[o2 + a];
      const y3 = Y[o3 + a];
      b[a] += p0 * y0 + p1 * y1 + p2 * y2 + p3 * y3;
      const v0 = w0 * y0;
      const v1 = w1 * y1;
      const v2 = w2 * y2;
      const v3 = w3 * y3;
      const row = a * f;
      for (let j = 0; j <= a; j++) A[row + j] += v0 * Y[o0 + j] + v1 * Y[o1 + j] + v2 * Y[o2 + j] + v3 * Y[o3 + j];
    }
  }
  for (; k < end; k++) {
    const rv = r[k];
    const cm1 = alpha * rv;
    const cp = rv > 0 ? 1 + cm1 : 0;
    const o = items[k] * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a];
      b[a] += cp * ya;
      if (cm1 === 0) continue;
      const w = cm1 * ya;
      const row = a * f;
      for (let j = 0; j <= a; j++) A[row + j] += w * Y[o + j];
    }
  }
  if (!choleskyInPlace(A, f)) {
    throw new Error(
      `FCF client solve: YᵀC_uY + λI is not positive definite (λ = ${lambda}); increase lambda (regularization)`,
    );
  }
  choleskySolve(A, f, b, b);
  for (let a = 0; a < f; a++) out[outOff + a] = b[a];
}

/**
 * Paper-faithful dense upload: out (nItems×f) = G_u with G_u[v] = c_uv (p_uv − x_uᵀy_v) x_u for EVERY
 * item v (unobserved: −(x_uᵀy_v) x_u). O(nItems·f). Note every unobserved row is a multiple of x_u,
 * which is the privacy leak DESIGN §2 warns about.
 */
export function denseUpload(
  Y: Float64Array,
  nItems: number,
  f: number,
  x: Float64Array,
  xOff: number,
  alpha: number,
  items: Int32Array,
  r: Float64Array,
  start: number,
  end: number,
  out: Float64Array,
): void {
  for (let v = 0; v < nItems; v++) {
    const o = v * f;
    let s = 0;
    for (let a = 0; a < f; a++) s += x[xOff + a] * Y[o + a];
    for (let a = 0; a < f; a++) out[o + a] = -s * x[xOff + a];
  }
  for (let k = start; k < end; k++) {
    const rv = r[k];
    const c = 1 + alpha * rv;
    const p = rv > 0 ? 1 : 0;
    const o = items[k] * f;
    let s = 0;
    for (let a = 0; a < f; a++) s += x[xOff + a] * Y[o + a];
    const w = c * (p - s);
    for (let a = 0; a < f; a++) out[o + a] = w * x[xOff + a];
  }
}
