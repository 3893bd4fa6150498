/**
 * Device-side FCF math (DESIGN §2): the closed-form user factor and the paper-faithful dense upload.
 * A client's data is one CSR row: items[start..end) with raw feedback values r[start..end);
 * c = 1 + α·r and p = 1 where r > 0. Unobserved items have c = 1, p = 0.
 */
import { choleskyInPlace, choleskySolve, type FactorArray } from "../linalg/kernels.js";

/** Per-solve buffers, allocated once per f and reused for every user (the row buffers grow as needed). */
export interface ClientScratch {
  readonly f: number;
  /** f×f system matrix, overwritten by its Cholesky factor. */
  readonly A: Float64Array;
  /** Right-hand side Yᵀ C_u p_u (length f). */
  readonly b: Float64Array;
  /** The user's observed rows of Y, transposed: T[a·k + j] = y_{v_j}[a] (f × capacity). */
  T: Float64Array;
  /** The same, each column scaled by its weight c − 1: W[a·k + j] = (c_j − 1)·y_{v_j}[a]. */
  W: Float64Array;
  /** Per observed row: c·p. */
  cp: Float64Array;
}

/** Allocates the scratch buffers of solveUserFactor for f factors. */
export function makeClientScratch(f: number): ClientScratch {
  const cap = 64;
  return { f, A: new Float64Array(f * f), b: new Float64Array(f), T: new Float64Array(f * cap), W: new Float64Array(f * cap), cp: new Float64Array(cap) };
}

function ensureCapacity(s: ClientScratch, k: number): void {
  if (s.cp.length >= k) return;
  const cap = Math.max(k, 2 * s.cp.length);
  s.T = new Float64Array(s.f * cap);
  s.W = new Float64Array(s.f * cap);
  s.cp = new Float64Array(cap);
}

/**
 * Client step: x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ Yᵀ C_u p_u, written to out[outOff..outOff+f).
 * Only the user's observed entries are touched: YᵀY (broadcast by the master) plus (c−1)·y_v y_vᵀ per
 * observed v; the right-hand side is Σ_obs c·p·y_v. A user with no entries gets x_u = 0.
 * Speed: the k observed rows are gathered once into a transposed f×k copy T (and W, its columns scaled by
 * c − 1), so the update Σ_j W[a,j]·T[b,j] of the lower triangle is a 2×4 register-blocked product of
 * contiguous rows (8 independent sums, 6 loads per 8 multiply-adds, A written once), then factor + solve.
 * Throws when the system is not positive definite (then λ is too small for the data).
 */
export function solveUserFactor(
  Y: FactorArray,
  f: number,
  YtY: Float64Array,
  lambda: number,
  alpha: number,
  items: Int32Array,
  r: Float64Array,
  start: number,
  end: number,
  out: FactorArray,
  outOff: number,
  scratch: ClientScratch,
): void {
  if (end <= start) {
    out.fill(0, outOff, outOff + f);
    return;
  }
  const k = end - start;
  ensureCapacity(scratch, k);
  const { A, b, T, W, cp } = scratch;
  for (let j = 0; j < k; j++) {
    const rv = r[start + j];
    const w = alpha * rv;
    cp[j] = rv > 0 ? 1 + w : 0;
    const o = items[start + j] * f;
    for (let a = 0, d = j; a < f; a++, d += k) {
      const y = Y[o + a];
      T[d] = y;
      W[d] = w * y;
    }
  }
  for (let a = 0; a < f; a++) b[a] = weightedRowSum(T, a * k, cp, k);
  lowerUpdate(T, W, f, k, YtY, lambda, A);
  if (!choleskyInPlace(A, f)) {
    throw new Error(
      `FCF client solve: YᵀC_uY + λI is not positive definite (λ = ${lambda}); increase lambda (regularization)`,
    );
  }
  choleskySolve(A, f, b, b);
  for (let a = 0; a < f; a++) out[outOff + a] = b[a];
}

/** Σ_{j<k} T[o+j]·w[j], with two partial sums. */
function weightedRowSum(T: Float64Array, o: number, w: Float64Array, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < k; j += 2) {
    s0 += T[o + j] * w[j];
    s1 += T[o + j + 1] * w[j + 1];
  }
  if (j < k) s0 += T[o + j] * w[j];
  return s0 + s1;
}

/**
 * Lower triangle (b ≤ a) of A = YtY + λI + W·Tᵀ, with T and W f×k row-major. Rows in pairs (a, a+1):
 * columns below the pair in 2×4 register blocks (8 independent sums, 6 loads per 8 multiply-adds, each
 * entry of A written once), the rest of the pair's columns up to a+1 in 2×2 blocks (the diagonal block's
 * one entry above the diagonal gets its correct symmetric value; the upper triangle is otherwise left as
 * it was: choleskyInPlace and choleskySolve read only the lower one).
 */
function lowerUpdate(T: Float64Array, W: Float64Array, f: number, k: number, YtY: Float64Array, lambda: number, A: Float64Array): void {
  let a = 0;
  for (; a + 1 < f; a += 2) {
    const wa = a * k;
    const wb = wa + k;
    const ra = a * f;
    const rb = ra + f;
    let c = 0;
    for (; c + 3 < a; c += 4) {
      const t0 = c * k;
      const t1 = t0 + k;
      const t2 = t1 + k;
      const t3 = t2 + k;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let j = 0; j < k; j++) {
        const x0 = W[wa + j];
        const x1 = W[wb + j];
        const y0 = T[t0 + j];
        const y1 = T[t1 + j];
        const y2 = T[t2 + j];
        const y3 = T[t3 + j];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      A[ra + c] = YtY[ra + c] + s00;
      A[ra + c + 1] = YtY[ra + c + 1] + s01;
      A[ra + c + 2] = YtY[ra + c + 2] + s02;
      A[ra + c + 3] = YtY[ra + c + 3] + s03;
      A[rb + c] = YtY[rb + c] + s10;
      A[rb + c + 1] = YtY[rb + c + 1] + s11;
      A[rb + c + 2] = YtY[rb + c + 2] + s12;
      A[rb + c + 3] = YtY[rb + c + 3] + s13;
    }
    for (; c <= a; c += 2) {
      const t0 = c * k;
      const t1 = t0 + k;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let j = 0; j < k; j++) {
        const x0 = W[wa + j];
        const x1 = W[wb + j];
        const y0 = T[t0 + j];
        const y1 = T[t1 + j];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      A[ra + c] = YtY[ra + c] + s00;
      A[ra + c + 1] = YtY[ra + c + 1] + s01;
      A[rb + c] = YtY[rb + c] + s10;
      A[rb + c + 1] = YtY[rb + c + 1] + s11;
    }
    A[ra + a] += lambda;
    A[rb + a + 1] += lambda;
  }
  if (a < f) {
    const wa = a * k;
    const ra = a * f;
    for (let c = 0; c <= a; c++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += W[wa + j] * T[c * k + j];
      A[ra + c] = YtY[ra + c] + s;
    }
    A[ra + a] += lambda;
  }
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
