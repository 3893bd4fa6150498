/** Shared by the deployments: a user's top-M list from a score row, and every user's top-k list. */
import { topK } from "../../core/linalg/topk.js";
import { TopMScores } from "../../core/groups/scores.js";

/** Fills `scores` for user u from its score row: top-m partners (excluding u), floor = the m-th score. */
export function setTopM(scores: TopMScores, u: number, row: Float64Array, m: number, idx: Int32Array, val: Float64Array): void {
  const count = topK(row, m, idx, val, (v) => v === u);
  scores.setUser(u, idx.subarray(0, count), val.subarray(0, count), count, count > 0 ? val[count - 1] : 0);
}

/** Every user's top-k list from a scorer (excluding the user). */
export function topKLists(n: number, k: number, score: (u: number, out: Float64Array) => void): Int32Array[] {
  const row = new Float64Array(n);
  const idx = new Int32Array(k);
  const lists: Int32Array[] = [];
  for (let u = 0; u < n; u++) {
    score(u, row);
    const count = topK(row, k, idx, null, (v) => v === u);
    lists.push(idx.slice(0, count));
  }
  return lists;
}
