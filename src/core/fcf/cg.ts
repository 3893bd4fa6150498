/**
 * Conjugate-gradient client step (Hu, Koren & Volinsky's system solved as in the implicit library's
 * least_squares_cg): a fixed number of CG steps on A x = b with
 *   A = YᵀY + λI + Σ_{v∈obs(u)} (c_uv − 1) y_v y_vᵀ,   b = Σ_{v∈obs(u)} c_uv p_uv y_v,
 * warm-started from the user's current x_u. A is never formed: A·p = (YᵀY + λI)p + Σ_obs (c−1)(y_vᵀp) y_v,
 * O(f² + nnz_u·f) per step instead of the O(nnz_u·f² + f³) of the Cholesky path. With f steps (and exact
 * arithmetic) CG reaches the exact solution; with few steps it is an approximation that improves round
 * after round as the warm start follows the model.
 */

/** Per-solve buffers of solveUserFactorCg, allocated once per f and reused for every user. */
export interface CgScratch {
  readonly f: number;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
}

/** Allocates the scratch buffers of solveUserFactorCg for f factors. */
export function makeCgScratch(f: number): CgScratch {
  return { f, r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) };
}

/** Below this squared residual norm CG stops early (as implicit does): the system is solved. */
const CG_TOL2 = 1e-20;

/**
 * out_A = (YᵀY + λI)·p + Σ_{k∈[start,end)} (c_k − 1)(y_kᵀp) y_k, the matrix-free product of the client's
 * system matrix with p.
 */
function systemTimes(
  Y: Float64Array,
  f: number,
  YtY: Float64Array,
  lambda: number,
  alpha: number,
  items: Int32Array,
  r: Float64Array,
  start: number,
  end: number,
  p: Float64Array,
  out: Float64Array,
): void {
  for (let a = 0; a < f; a++) {
    const row = a * f;
    let s = lambda * p[a];
    for (let j = 0; j < f; j++) s += YtY[row + j] * p[j];
    out[a] = s;
  }
  for (let k = start; k < end; k++) {
    const cm1 = alpha * r[k];
    if (cm1 === 0) continue;
    const o = items[k] * f;
    let s = 0;
    for (let a = 0; a < f; a++) s += Y[o + a] * p[a];
    const w = cm1 * s;
    for (let a = 0; a < f; a++) out[a] += w * Y[o + a];
  }
}

/**
 * Client step by `steps` conjugate-gradient iterations on (YᵀY + Yᵀ(C_u − I)Y + λI) x = YᵀC_u p_u, starting
 * from the current x_u = X[xOff..xOff+f) and writing the result back there. A user with no entries gets
 * the exact solution x_u = 0. steps = 0 leaves x_u unchanged.
 */
export function solveUserFactorCg(
  Y: Float64Array,
  f: number,
  YtY: Float64Array,
  lambda: number,
  alpha: number,
  items: Int32Array,
  r: Float64Array,
  start: number,
  end: number,
  X: Float64Array,
  xOff: number,
  steps: number,
  scratch: CgScratch,
): void {
  if (end <= start) {
    X.fill(0, xOff, xOff + f);
    return;
  }
  const res = scratch.r;
  const p = scratch.p;
  const ap = scratch.ap;
  // residual b − A x at the warm start: −(YᵀY + λI)x + Σ_obs (c·p − (c − 1)·y_vᵀx) y_v
  for (let a = 0; a < f; a++) {
    const row = a * f;
    let s = lambda * X[xOff + a];
    for (let j = 0; j < f; j++) s += YtY[row + j] * X[xOff + j];
    res[a] = -s;
  }
  for (let k = start; k < end; k++) {
    const rv = r[k];
    const cm1 = alpha * rv;
    const cp = rv > 0 ? 1 + cm1 : 0;
    const o = items[k] * f;
    let s = 0;
    for (let a = 0; a < f; a++) s += Y[o + a] * X[xOff + a];
    const w = cp - cm1 * s;
    for (let a = 0; a < f; a++) res[a] += w * Y[o + a];
  }
  let rsOld = 0;
  for (let a = 0; a < f; a++) {
    p[a] = res[a];
    rsOld += res[a] * res[a];
  }
  for (let it = 0; it < steps && rsOld >= CG_TOL2; it++) {
    systemTimes(Y, f, YtY, lambda, alpha, items, r, start, end, p, ap);
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
