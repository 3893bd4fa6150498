/**
 * The honest-but-curious master's partner-inference attack on one client's upload (DESIGN §2). A dense FCF
 * upload is G[v] = c_v (p_v − xᵀy_v) x; for every partner the client never talked to, G[v] = −(y_vᵀx) x,
 * i.e. G ≈ −Y·M with M = x xᵀ. The master knows Y: it fits M by least squares, M̂ = −(YᵀY)⁻¹YᵀG, and
 * scores each v by the residual ‖G[v] + y_vᵀM̂‖: partners stand out. Partner rows (large confidence) would
 * bias a fit over all rows, so the fit is trimmed: it is refitted `TRIM_PASSES` times without the
 * `TRIM_FRACTION` highest-residual rows (their y yᵀ subtracted from YᵀY). Without noise, non-partners then
 * fit exactly and the attack is near perfect; with DP noise it degrades gracefully.
 */
import { choleskyInPlace, choleskySolve, gram } from "../linalg/kernels.js";
import { topK } from "../linalg/topk.js";
import { binaryAuc } from "../metrics/auc.js";

/** Share of rows left out of each refit (the suspected partners). */
export const TRIM_FRACTION = 0.1;
/** Number of trimmed refits after the first fit over all rows. */
export const TRIM_PASSES = 2;

/** Fits M̂ = −(YᵀY − Σ_excluded y yᵀ)⁻¹ Yᵀ G over the included rows, then writes every row's residual norm. */
function fitAndScore(G: Float64Array, Y: Float64Array, YtY: Float64Array, excluded: Int32Array, nExcluded: number, nItems: number, f: number, out: Float64Array): void {
  const A = YtY.slice();
  const YtG = new Float64Array(f * f);
  const isExcluded = new Uint8Array(nItems);
  for (let e = 0; e < nExcluded; e++) isExcluded[excluded[e]] = 1;
  for (let v = 0; v < nItems; v++) {
    const o = v * f;
    if (isExcluded[v] === 1) {
      for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) A[a * f + b] -= Y[o + a] * Y[o + b];
      continue;
    }
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a];
      for (let b = 0; b < f; b++) YtG[a * f + b] += ya * G[o + b];
    }
  }
  let tr = 0;
  for (let a = 0; a < f; a++) tr += A[a * f + a];
  for (let a = 0; a < f; a++) A[a * f + a] += 1e-9 * (tr / f + 1);
  if (!choleskyInPlace(A, f)) throw new Error("leakage attack: YᵀY over the kept rows is not positive definite");
  const col = new Float64Array(f);
  const M = new Float64Array(f * f);
  for (let b = 0; b < f; b++) {
    for (let a = 0; a < f; a++) col[a] = YtG[a * f + b];
    choleskySolve(A, f, col, col);
    for (let a = 0; a < f; a++) M[a * f + b] = -col[a];
  }
  for (let v = 0; v < nItems; v++) {
    const o = v * f;
    let s = 0;
    for (let b = 0; b < f; b++) {
      let r = G[o + b];
      for (let a = 0; a < f; a++) r += Y[o + a] * M[a * f + b];
      s += r * r;
    }
    out[v] = Math.sqrt(s);
  }
}

/**
 * Writes the attack score of every item v (residual norm of row v under the trimmed fit) into out
 * (length nItems). YtY: YᵀY of the broadcast model (from leakageGram), shared by all clients of a step.
 */
export function leakageScores(G: Float64Array, Y: Float64Array, YtY: Float64Array, nItems: number, f: number, out: Float64Array): Float64Array {
  const trim = Math.min(nItems - f - 1, Math.floor(TRIM_FRACTION * nItems));
  const excluded = new Int32Array(Math.max(trim, 0));
  fitAndScore(G, Y, YtY, excluded, 0, nItems, f, out);
  for (let pass = 0; pass < TRIM_PASSES && trim > 0; pass++) {
    const count = topK(out, trim, excluded, null, null);
    fitAndScore(G, Y, YtY, excluded, count, nItems, f, out);
  }
  return out;
}

/** YᵀY of the broadcast model, computed once per step for leakageScores. */
export function leakageGram(Y: Float64Array, nItems: number, f: number): Float64Array {
  return gram(Y, nItems, f, new Float64Array(f * f));
}

/**
 * ROC AUC of scores for a set of positive ids among 0..n−1 excluding `self`: the probability that a
 * random positive outscores a random negative (ties count ½), by binaryAuc. Returns null without
 * positives or negatives.
 */
export function aucOf(scores: Float64Array, positives: Int32Array, self: number): number | null {
  const n = scores.length;
  const labels = new Uint8Array(n);
  for (const v of positives) labels[v] = 1;
  const keep = (_: number, v: number): boolean => v !== self;
  const auc = binaryAuc(scores.filter(keep), labels.filter(keep));
  return Number.isNaN(auc) ? null : auc;
}
