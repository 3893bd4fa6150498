/**
 * Ranking accuracy of a learned model on held-out interactions (DESIGN §5), with the definitions of
 * Microsoft Recommenders (python_evaluation.py) and RecBole, binary relevance.
 */
import { topK } from "../linalg/topk.js";
import type { Csr } from "../sparse/csr.js";

/** Means over the evaluated users (those with ≥ 1 relevant candidate); auc over those with ≥ 1 negative too. */
export interface RankingMetrics {
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  auc: number;
  users: number;
}

/**
 * For each user u (row of `relevant`): scoreUser(u, out) fills the scores of all columns; the candidates are
 * every column except those in `exclude`'s row u (e.g. training interactions) and u itself when
 * `excludeSelf`; the relevant set R is u's row of `relevant` restricted to candidates. With the top-k list
 * L (ties toward the smaller index, NaN scores never ranked) and hits h = |L ∩ R|:
 * - precision@k = h / k; recall@k = h / |R|;
 * - NDCG@k = Σ_{r<k, L_r∈R} 1/log2(r+2) / Σ_{r<min(k,|R|)} 1/log2(r+2);
 * - MAP@k = Σ_{r<k, L_r∈R} P@(r+1) / min(k, |R|) (Spark / Microsoft Recommenders normalisation);
 * - AUC = P(score of a relevant candidate > score of a non-relevant candidate), ties ½ (Mann–Whitney),
 *   computed over all candidates in O(c log c) by sorting the negatives' scores; NaN counts as −∞.
 * Returns the means over users with |R| ≥ 1 (AUC over those that also have a negative); NaN when none.
 */
export function rankingMetrics(
  scoreUser: (u: number, out: Float64Array) => void,
  relevant: Csr,
  exclude: Csr | null,
  excludeSelf: boolean,
  k: number,
): RankingMetrics {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  const cols = relevant.cols;
  if (exclude !== null && (exclude.cols !== cols || exclude.rows < relevant.rows)) {
    throw new RangeError(`exclude is ${exclude.rows}×${exclude.cols}, relevant is ${relevant.rows}×${cols}`);
  }
  const scores = new Float64Array(cols);
  const skipMark = new Int32Array(cols);
  const relMark = new Int32Array(cols);
  const topIdx = new Int32Array(k);
  const negScores = new Float64Array(cols);
  const posScores = new Float64Array(cols);
  let stamp = 0;
  const skip = (i: number): boolean => skipMark[i] === stamp;
  const ideal = new Float64Array(k + 1);
  for (let r = 0; r < k; r++) ideal[r + 1] = ideal[r] + 1 / Math.log2(r + 2);

  let users = 0;
  let aucUsers = 0;
  let sumP = 0;
  let sumR = 0;
  let sumN = 0;
  let sumM = 0;
  let sumA = 0;
  for (let u = 0; u < relevant.rows; u++) {
    const rs = relevant.indptr[u];
    const re = relevant.indptr[u + 1];
    if (re === rs) continue;
    stamp = u + 1;
    if (exclude !== null) for (let p = exclude.indptr[u]; p < exclude.indptr[u + 1]; p++) skipMark[exclude.indices[p]] = stamp;
    if (excludeSelf && u < cols) skipMark[u] = stamp;
    let nRel = 0;
    for (let p = rs; p < re; p++) {
      const j = relevant.indices[p];
      if (skipMark[j] !== stamp && relMark[j] !== stamp) {
        relMark[j] = stamp;
        nRel++;
      }
    }
    if (nRel === 0) continue;
    scoreUser(u, scores);
    const got = topK(scores, k, topIdx, null, skip);
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    for (let r = 0; r < got; r++) {
      if (relMark[topIdx[r]] === stamp) {
        hits++;
        dcg += 1 / Math.log2(r + 2);
        ap += hits / (r + 1);
      }
    }
    const cut = Math.min(k, nRel);
    users++;
    sumP += hits / k;
    sumR += hits / nRel;
    sumN += dcg / ideal[cut];
    sumM += ap / cut;

    let nNeg = 0;
    let nPos = 0;
    for (let j = 0; j < cols; j++) {
      if (skipMark[j] === stamp) continue;
      const s = scores[j] === scores[j] ? scores[j] : -Infinity;
      if (relMark[j] === stamp) posScores[nPos++] = s;
      else negScores[nNeg++] = s;
    }
    if (nNeg > 0) {
      sumA += (nPos <= DIRECT_AUC_MAX_POSITIVES ? directCorrect(posScores, nPos, negScores, nNeg) : sortedCorrect(posScores, nPos, negScores, nNeg)) / (nPos * nNeg);
      aucUsers++;
    }
  }
  if (users === 0) return { precision: NaN, recall: NaN, ndcg: NaN, map: NaN, auc: NaN, users: 0 };
  return {
    precision: sumP / users,
    recall: sumR / users,
    ndcg: sumN / users,
    map: sumM / users,
    auc: aucUsers > 0 ? sumA / aucUsers : NaN,
    users,
  };
}

/** Up to this many positives, AUC pairs are counted directly in O(p·c) instead of sorting in O(c log c). */
const DIRECT_AUC_MAX_POSITIVES = 8;

/** Σ over positives of (#negatives below + ½ #negatives tied), by direct comparison. */
function directCorrect(pos: Float64Array, nPos: number, neg: Float64Array, nNeg: number): number {
  let correct = 0;
  for (let t = 0; t < nPos; t++) {
    const s = pos[t];
    let below = 0;
    let tied = 0;
    for (let j = 0; j < nNeg; j++) {
      const x = neg[j];
      if (x < s) below++;
      else if (x === s) tied++;
    }
    correct += below + 0.5 * tied;
  }
  return correct;
}

/** The same count as directCorrect, by sorting the negatives and two binary searches per positive. */
function sortedCorrect(pos: Float64Array, nPos: number, negScores: Float64Array, nNeg: number): number {
  const neg = negScores.subarray(0, nNeg).sort();
  let correct = 0;
  for (let t = 0; t < nPos; t++) {
    const s = pos[t];
    const below = lowerBound(neg, s);
    correct += below + 0.5 * (upperBound(neg, s) - below);
  }
  return correct;
}

/** Number of entries of the ascending array a that are < x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the ascending array a that are ≤ x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
