/**
 * Offline evaluation of a recommender on a held-out split: the accuracy metrics of simulate
 * (rankingMetrics: precision/recall/NDCG/MAP@k, AUC) plus F1@k, and beyond accuracy — catalog coverage,
 * novelty and exposure Gini of the top-k lists.
 */
import { topK } from "../linalg/topk.js";
import { rankingMetrics } from "../metrics/accuracy.js";
import { exposureGini } from "../metrics/diversity.js";
import type { Csr } from "../sparse/csr.js";

/** Scores every column for user u into out. */
export type Scorer = (u: number, out: Float64Array) => void;

/** The evaluation report (means over users with ≥ 1 held-out item). */
export interface EvalReport {
  k: number;
  users: number;
  precision: number;
  recall: number;
  f1: number;
  map: number;
  ndcg: number;
  auc: number;
  coverage: number;
  novelty: number;
  exposureGini: number;
}

/**
 * Evaluates `score` with train items excluded from the candidates (and the user itself when `excludeSelf`,
 * for people-to-people data). Accuracy: rankingMetrics (same code as simulate). F1@k = 2PR/(P+R) of the
 * mean precision and recall. Over the top-k lists L_u of the evaluated users:
 * coverage = |∪ L_u| / cols (catalog coverage); novelty = mean over listed items i of −log2((n_i+1)/(U+1)),
 * n_i = training users of i, U = rows (self-information, add-one smoothed so unseen items are finite);
 * exposureGini = Gini of how many lists each column appears in.
 */
export function evaluateScorer(score: Scorer, train: Csr, test: Csr, k: number, excludeSelf: boolean): EvalReport {
  const acc = rankingMetrics(score, test, train, excludeSelf, k);
  const cols = train.cols;
  const pop = new Float64Array(cols);
  for (let q = 0; q < train.indptr[train.rows]; q++) pop[train.indices[q]]++;
  const scores = new Float64Array(cols);
  const mark = new Int32Array(cols);
  const lists: Int32Array[] = [];
  const seen = new Uint8Array(cols);
  let novelty = 0;
  let listed = 0;
  for (let u = 0; u < test.rows; u++) {
    if (test.indptr[u + 1] === test.indptr[u]) continue;
    const stamp = u + 1;
    for (let q = train.indptr[u]; q < train.indptr[u + 1]; q++) mark[train.indices[q]] = stamp;
    if (excludeSelf && u < cols) mark[u] = stamp;
    score(u, scores);
    const idx = new Int32Array(k);
    const got = topK(scores, k, idx, null, (i) => mark[i] === stamp);
    const list = idx.subarray(0, got);
    lists.push(list);
    for (const i of list) {
      seen[i] = 1;
      novelty += -Math.log2((pop[i] + 1) / (train.rows + 1));
      listed++;
    }
  }
  let covered = 0;
  for (let i = 0; i < cols; i++) covered += seen[i];
  const p = acc.precision;
  const r = acc.recall;
  return {
    k,
    users: acc.users,
    precision: p,
    recall: r,
    f1: p + r > 0 ? (2 * p * r) / (p + r) : 0,
    map: acc.map,
    ndcg: acc.ndcg,
    auc: acc.auc,
    coverage: cols > 0 ? covered / cols : NaN,
    novelty: listed > 0 ? novelty / listed : NaN,
    exposureGini: exposureGini(lists, cols),
  };
}
