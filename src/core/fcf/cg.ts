/**
 * Conjugate-gradient client step (Hu, Koren & Volinsky's system solved as in the implicit library's
 * least_squares_cg): a fixed number of CG steps on A x = b with
 *   A = YᵀY + λI + Σ_{v∈obs(u)} (c_uv − 1) y_v y_vᵀ,   b = Σ_{v∈obs(u)} c_uv p_uv y_v,
 * warm-started from the user's current x_u. A is never formed: A·p = (YᵀY + λI)p + Σ_obs (c−1)(y_vᵀp) y_v,
 * O(f² + nnz_u·f) per step instead of the O(nnz_u·f² + f³) of the Cholesky path. With f steps (and exact
 * arithmetic) CG reaches the exact solution; with few steps it is an approximation that improves round
 * after round as the warm start follows the model.
 * Speed: the user's rows of Y are first gathered into a contiguous buffer (independent loads, so their cache
 * and TLB misses overlap), then every pass runs on that buffer with several independent accumulators
 * (a single running sum would wait on each floating-point add).
 */
import { touchRows, type FactorArray } from "../linalg/kernels.js";

/** Per-solve buffers of solveUserFactorCg, allocated once per f and grown to the largest row seen. */
export interface CgScratch {
  readonly f: number;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  /** The user's observed rows of Y, gathered (capacity × f). */
  rows: Float64Array;
  /** Per observed row: c − 1, c·p, and a per-pass coefficient. */
  cm1: Float64Array;
  cp: Float64Array;
  coef: Float64Array;
  /** Sum of the values loaded by the cache-line touch pass (kept so the loads are not optimised away). */
  sink: number;
}

/** Allocates the scratch buffers of solveUserFactorCg for f factors. */
export function makeCgScratch(f: number): CgScratch {
  const cap = 64;
  return {
    f,
    r: new Float64Array(f),
    p: new Float64Array(f),
    ap: new Float64Array(f),
    rows: new Float64Array(cap * f),
    cm1: new Float64Array(cap),
    cp: new Float64Array(cap),
    coef: new Float64Array(cap),
    sink: 0,
  };
}

function ensureCapacity(s: CgScratch, k: number): void {
  if (s.cm1.length >= k) return;
  const cap = Math.max(k, 2 * s.cm1.length);
  s.rows = new Float64Array(cap * s.f);
  s.cm1 = new Float64Array(cap);
  s.cp = new Float64Array(cap);
  s.coef = new Float64Array(cap);
}

/** Below this squared residual norm CG stops early (as implicit does): the system is solved. */
const CG_TOL2 = 1e-20;

/** out = (M + λI)·x for the f×f row-major M, four rows at a time (four independent sums). */
export function symMatVec(M: Float64Array, f: number, lambda: number, x: FactorArray, xOff: number, out: Float64Array): void {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    const r0 = a * f;
    const r1 = r0 + f;
    const r2 = r1 + f;
    const r3 = r2 + f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < f; j++) {
      const xj = x[xOff + j];
      s0 += M[r0 + j] * xj;
      s1 += M[r1 + j] * xj;
      s2 += M[r2 + j] * xj;
      s3 += M[r3 + j] * xj;
    }
    out[a] = s0 + lambda * x[xOff + a];
    out[a + 1] = s1 + lambda * x[xOff + a + 1];
    out[a + 2] = s2 + lambda * x[xOff + a + 2];
    out[a + 3] = s3 + lambda * x[xOff + a + 3];
  }
  for (; a < f; a++) {
    let s = 0;
    for (let j = 0; j < f; j++) s += M[a * f + j] * x[xOff + j];
    out[a] = s + lambda * x[xOff + a];
  }
}

/** dot(rows[o..o+f), x[xOff..xOff+f)), with four partial sums. */
export function rowDot(rows: Float64Array, o: number, f: number, x: FactorArray, xOff: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < f; a += 4) {
    s0 += rows[o + a] * x[xOff + a];
    s1 += rows[o + a + 1] * x[xOff + a + 1];
    s2 += rows[o + a + 2] * x[xOff + a + 2];
    s3 += rows[o + a + 3] * x[xOff + a + 3];
  }
  for (; a < f; a++) s0 += rows[o + a] * x[xOff + a];
  return s0 + s1 + (s2 + s3);
}

/**
 * out[j] = dot(rows[j·f..(j+1)·f), x[xOff..xOff+f)) for j < k: two rows per pass, so each x entry is loaded
 * once for both (1.5 loads per multiply-add instead of 2), two partial sums per row.
 */
export function rowDots(rows: Float64Array, k: number, f: number, x: FactorArray, xOff: number, out: Float64Array): void {
  let j = 0;
  for (; j + 1 < k; j += 2) {
    const o0 = j * f;
    const o1 = o0 + f;
    let s0 = 0;
    let s1 = 0;
    let t0 = 0;
    let t1 = 0;
    let a = 0;
    for (; a + 1 < f; a += 2) {
      const x0 = x[xOff + a];
      const x1 = x[xOff + a + 1];
      s0 += rows[o0 + a] * x0;
      s1 += rows[o0 + a + 1] * x1;
      t0 += rows[o1 + a] * x0;
      t1 += rows[o1 + a + 1] * x1;
    }
    if (a < f) {
      s0 += rows[o0 + a] * x[xOff + a];
      t0 += rows[o1 + a] * x[xOff + a];
    }
    out[j] = s0 + s1;
    out[j + 1] = t0 + t1;
  }
  if (j < k) out[j] = rowDot(rows, j * f, f, x, xOff);
}

/** out += Σ_{j<k} coef[j]·rows[j·f..(j+1)·f), four rows per pass over out (one load and store of out per four rows). */
export function addRows(rows: Float64Array, k: number, f: number, coef: Float64Array, out: Float64Array): void {
  let j = 0;
  for (; j + 3 < k; j += 4) {
    const c0 = coef[j];
    const c1 = coef[j + 1];
    const c2 = coef[j + 2];
    const c3 = coef[j + 3];
    const o0 = j * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    for (let a = 0; a < f; a++) out[a] += c0 * rows[o0 + a] + c1 * rows[o1 + a] + (c2 * rows[o2 + a] + c3 * rows[o3 + a]);
  }
  for (; j < k; j++) {
    const c0 = coef[j];
    const o0 = j * f;
    for (let a = 0; a < f; a++) out[a] += c0 * rows[o0 + a];
  }
}

/**
 * Client step by `steps` conjugate-gradient iterations on (YᵀY + Yᵀ(C_u − I)Y + λI) x = YᵀC_u p_u, starting
 * from the current x_u = X[xOff..xOff+f) and writing the result back there. A user with no entries gets
 * the exact solution x_u = 0. steps = 0 leaves x_u unchanged.
 */
export function solveUserFactorCg(
  Y: FactorArray,
  f: number,
  YtY: Float64Array,
  lambda: number,
  alpha: number,
  items: Int32Array,
  r: Float64Array,
  start: number,
  end: number,
  X: FactorArray,
  xOff: number,
  steps: number,
  scratch: CgScratch,
): void {
  if (end <= start) {
    X.fill(0, xOff, xOff + f);
    return;
  }
  const k = end - start;
  ensureCapacity(scratch, k);
  const { r: res, p, ap, rows, cm1, cp, coef } = scratch;
  scratch.sink += touchRows(Y, f, items, start, end);
  for (let j = 0; j < k; j++) {
    const rv = r[start + j];
    cm1[j] = alpha * rv;
    cp[j] = rv > 0 ? 1 + alpha * rv : 0;
    const o = items[start + j] * f;
    const d = j * f;
    for (let a = 0; a < f; a++) rows[d + a] = Y[o + a];
  }
  // residual b − A x at the warm start: −(YᵀY + λI)x + Σ_obs (c·p − (c − 1)·y_vᵀx) y_v
  symMatVec(YtY, f, lambda, X, xOff, ap);
  for (let a = 0; a < f; a++) res[a] = -ap[a];
  rowDots(rows, k, f, X, xOff, coef);
  for (let j = 0; j < k; j++) coef[j] = cp[j] - cm1[j] * coef[j];
  addRows(rows, k, f, coef, res);
  let rsOld = 0;
  for (let a = 0; a < f; a++) {
    p[a] = res[a];
    rsOld += res[a] * res[a];
  }
  for (let it = 0; it < steps && rsOld >= CG_TOL2; it++) {
    symMatVec(YtY, f, lambda, p, 0, ap);
    rowDots(rows, k, f, p, 0, coef);
    for (let j = 0; j < k; j++) coef[j] *= cm1[j];
    addRows(rows, k, f, coef, ap);
    let pAp = 0;
    for (let a = 0; a < f; a++) pAp += p[a] * ap[a];
    const step = rsOld / pAp;
    let rsNew = 0;
    for (let a = 0; a < f; a++) {
      X[xOff + a] += step * p[a];
      res[a] -= step * ap[a];
      rsNew += res[a] * res[a];
    }
    if (rsNew < CG_TOL2) break;
    const beta = rsNew / rsOld;
    for (let a = 0; a < f; a++) p[a] = res[a] + beta * p[a];
    rsOld = rsNew;
  }
}
