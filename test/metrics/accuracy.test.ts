import { describe, it, expect } from "vitest";
import { rankingMetrics } from "../../src/core/metrics/accuracy.js";
import { csrFromTriplets, type Csr } from "../../src/core/sparse/csr.js";
import { makeRng, randInt } from "../../src/core/rng.js";

function row(m: Csr, u: number): number[] {
  return Array.from(m.indices.subarray(m.indptr[u], m.indptr[u + 1]));
}

/** Naive reference: full sort, O(n²) pair counting for AUC. */
function naive(scores: Float64Array[], relevant: Csr, exclude: Csr | null, excludeSelf: boolean, k: number) {
  const acc = { precision: 0, recall: 0, ndcg: 0, map: 0, auc: 0, users: 0, aucUsers: 0 };
  for (let u = 0; u < relevant.rows; u++) {
    const ex = new Set(exclude ? row(exclude, u) : []);
    if (excludeSelf) ex.add(u);
    const cand = Array.from({ length: relevant.cols }, (_, j) => j).filter((j) => !ex.has(j));
    const rel = new Set(row(relevant, u).filter((j) => !ex.has(j)));
    if (rel.size === 0) continue;
    const s = scores[u];
    const ranked = [...cand].sort((a, b) => s[b] - s[a] || a - b).slice(0, k);
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    ranked.forEach((j, r) => {
      if (rel.has(j)) {
        hits++;
        dcg += 1 / Math.log2(r + 2);
        ap += hits / (r + 1);
      }
    });
    let idcg = 0;
    for (let r = 0; r < Math.min(k, rel.size); r++) idcg += 1 / Math.log2(r + 2);
    acc.users++;
    acc.precision += hits / k;
    acc.recall += hits / rel.size;
    acc.ndcg += dcg / idcg;
    acc.map += ap / Math.min(k, rel.size);
    const pos = cand.filter((j) => rel.has(j));
    const neg = cand.filter((j) => !rel.has(j));
    if (neg.length > 0) {
      let c = 0;
      for (const p of pos) for (const q of neg) c += s[p] > s[q] ? 1 : s[p] === s[q] ? 0.5 : 0;
      acc.auc += c / (pos.length * neg.length);
      acc.aucUsers++;
    }
  }
  const d = acc.users;
  return { precision: acc.precision / d, recall: acc.recall / d, ndcg: acc.ndcg / d, map: acc.map / d, auc: acc.auc / acc.aucUsers, users: d };
}

describe("rankingMetrics", () => {
  it("matches hand-computed values for one user", () => {
    // scores rank items 0..5 as 3, 1, 4, 0, 5, 2; relevant {1, 5, 2}; item 4 is excluded (seen in training)
    const scores = Float64Array.of(0.5, 0.8, 0.1, 0.9, 0.7, 0.3);
    const relevant = csrFromTriplets(1, 6, [0, 0, 0], [1, 5, 2], [1, 1, 1]);
    const exclude = csrFromTriplets(1, 6, [0], [4], [1]);
    const m = rankingMetrics((_u, out) => out.set(scores), relevant, exclude, false, 3);
    // candidates ranked: 3, 1, 0, 5, 2 → top-3 = [3, 1, 0], one hit at rank 2
    expect(m.users).toBe(1);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3) + 0.5), 12);
    expect(m.map).toBeCloseTo(0.5 / 3, 12);
    // positives 1 (0.8), 5 (0.3), 2 (0.1) vs negatives 3 (0.9), 0 (0.5): 1 beats 0 → 1 correct out of 6
    expect(m.auc).toBeCloseTo(1 / 6, 12);
  });

  it("gives perfect scores to a perfect ranking and counts ties as ½ in AUC", () => {
    const relevant = csrFromTriplets(1, 4, [0, 0], [0, 1], [1, 1]);
    const perfect = rankingMetrics((_u, out) => out.set([1, 0.9, 0.1, 0]), relevant, null, false, 2);
    expect([perfect.precision, perfect.recall, perfect.ndcg, perfect.map, perfect.auc]).toEqual([1, 1, 1, 1, 1]);
    const flat = rankingMetrics((_u, out) => out.fill(0.5), relevant, null, false, 2);
    expect(flat.auc).toBe(0.5);
  });

  it("agrees with a naive reference on random data with ties, exclusions and self-exclusion", () => {
    const rng = makeRng(21);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + randInt(rng, 40);
      const k = 1 + randInt(rng, 8);
      const scores = Array.from({ length: n }, () => Float64Array.from({ length: n }, () => Math.round(rng() * 6) / 6));
      const rr: number[] = [];
      const rc: number[] = [];
      const er: number[] = [];
      const ec: number[] = [];
      // relevance rates from sparse to dense, so AUC runs both its direct (≤ 8 positives) and sorted paths
      const relRate = 0.05 + 0.45 * rng();
      for (let u = 0; u < n; u++)
        for (let j = 0; j < n; j++) {
          const x = rng();
          if (x < relRate) {
            rr.push(u);
            rc.push(j);
          } else if (x < relRate + 0.15) {
            er.push(u);
            ec.push(j);
          }
        }
      const relevant = csrFromTriplets(n, n, rr, rc, rr.map(() => 1));
      const exclude = csrFromTriplets(n, n, er, ec, er.map(() => 1));
      const excludeSelf = trial % 2 === 0;
      const got = rankingMetrics((u, out) => out.set(scores[u]), relevant, exclude, excludeSelf, k);
      const want = naive(scores, relevant, exclude, excludeSelf, k);
      expect(got.users).toBe(want.users);
      for (const key of ["precision", "recall", "ndcg", "map", "auc"] as const) expect(got[key]).toBeCloseTo(want[key], 10);
    }
  });

  it("returns NaN with zero users when nobody has a relevant item, and rejects k < 1", () => {
    const empty = csrFromTriplets(3, 3, [], [], []);
    const m = rankingMetrics((_u, out) => out.fill(0), empty, null, true, 2);
    expect(m.users).toBe(0);
    expect(m.ndcg).toBeNaN();
    expect(() => rankingMetrics((_u, out) => out.fill(0), empty, null, true, 0)).toThrow(RangeError);
  });
});
