/**
 * One user's recommendation from the master model and that user's own feedback row, exactly as a device
 * computes it (DESIGN §1, §2): x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ Yᵀ C_u p_u, scores x_uᵀy_v, top-k
 * partners excluding the user itself. Used by the backend's online route and by a device.
 */
import { gram } from "../linalg/kernels.js";
import { topK } from "../linalg/topk.js";
import { makeClientScratch, solveUserFactor } from "./client.js";
import { scoreUser } from "./recommend.js";

/** YᵀY (f×f) of the master model, shared by every user's solve. */
export function masterGram(Y: Float64Array, n: number, f: number): Float64Array {
  return gram(Y, n, f, new Float64Array(f * f));
}

/**
 * x_u from the user's feedback row (items ascending or not, values r ≥ 0) and the master model.
 * An empty row gives x_u = 0.
 */
export function userFactorFromRow(
  Y: Float64Array,
  f: number,
  YtY: Float64Array,
  hyper: { alpha: number; lambda: number },
  items: Int32Array,
  values: Float64Array,
): Float64Array {
  const x = new Float64Array(f);
  solveUserFactor(Y, f, YtY, hyper.lambda, hyper.alpha, items, values, 0, items.length, x, 0, makeClientScratch(f));
  return x;
}

/** Top-k rows by x_uᵀy_v (ties toward the smaller row), skipping row `self` (−1: skip none). */
export function recommendRows(Y: Float64Array, n: number, f: number, x: Float64Array, self: number, k: number): { rows: Int32Array; scores: Float64Array } {
  const scores = scoreUser(x, 0, Y, n, f, new Float64Array(n));
  const kk = Math.min(k, n);
  const rows = new Int32Array(kk);
  const top = new Float64Array(kk);
  const count = topK(scores, kk, rows, top, self < 0 ? null : (v) => v === self);
  return { rows: rows.slice(0, count), scores: top.slice(0, count) };
}
