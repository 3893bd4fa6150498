/**
 * The honest-but-curious master's partner-inference attack on one client's upload (DESIGN §2). A dense FCF
 * upload is G[v] = c_v (p_v − xᵀy_v) x; for every partner the client never talked to, G[v] = −(y_vᵀx) x,
 * i.e. G ≈ −Y·M with M = x xᵀ. The master knows Y: it fits M by least squares over all rows,
 * M̂ = −(YᵀY)⁻¹YᵀG, and scores each v by the residual ‖G[v] + y_vᵀM̂‖: partners stand out.
 */
import { choleskyInPlace, choleskySolve, gram } from "../linalg/kernels.js";

/**
 * Writes the attack score of every item v (residual norm of row v) into out (length nItems).
 * YtYChol: the Cholesky factor of YᵀY + 1e-9·I (from leakageFactor), shared by all clients of a step.
 */
export function leakageScores(G: Float64Array, Y: Float64Array, YtYChol: Float64Array, nItems: number, f: number, out: Float64Array): Float64Array {
  const YtG = new Float64Array(f * f);
  for (let v = 0; v < nItems; v++) {
    const o = v * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a];
      for (let b = 0; b < f; b++) YtG[a * f + b] += ya * G[o + b];
    }
  }
  const col = new Float64Array(f);
  const M = new Float64Array(f * f);
  for (let b = 0; b < f; b++) {
    for (let a = 0; a < f; a++) col[a] = YtG[a * f + b];
    choleskySolve(YtYChol, f, col, col);
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
  return out;
}

/** Cholesky factor of YᵀY + ridge·I, computed once per step for leakageScores. */
export function leakageFactor(Y: Float64Array, nItems: number, f: number): Float64Array {
  const L = gram(Y, nItems, f, new Float64Array(f * f));
  let tr = 0;
  for (let a = 0; a < f; a++) tr += L[a * f + a];
  for (let a = 0; a < f; a++) L[a * f + a] += 1e-9 * (tr / f + 1);
  if (!choleskyInPlace(L, f)) throw new Error("leakage attack: YᵀY is not positive definite");
  return L;
}

/**
 * ROC AUC of scores for a set of positive ids among 0..n−1 excluding `self`: the probability that a
 * random positive outscores a random negative (ties count ½). Returns null without positives or negatives.
 */
export function aucOf(scores: Float64Array, positives: Int32Array, self: number): number | null {
  const n = scores.length;
  const isPos = new Uint8Array(n);
  for (const v of positives) isPos[v] = 1;
  const idx: number[] = [];
  for (let v = 0; v < n; v++) if (v !== self) idx.push(v);
  idx.sort((a, b) => scores[a] - scores[b]);
  let nPos = 0;
  let rankSum = 0;
  let k = 0;
  while (k < idx.length) {
    let e = k;
    while (e + 1 < idx.length && scores[idx[e + 1]] === scores[idx[k]]) e++;
    const midRank = (k + e) / 2 + 1;
    for (let t = k; t <= e; t++) if (isPos[idx[t]]) {
      nPos++;
      rankSum += midRank;
    }
    k = e + 1;
  }
  const nNeg = idx.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
