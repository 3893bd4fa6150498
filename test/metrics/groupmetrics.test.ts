import { describe, it, expect } from "vitest";
import { gini } from "../../src/core/metrics/gini.js";
import { SatisfactionTracker } from "../../src/core/metrics/satisfaction.js";
import { DiversityTracker, exposureGini } from "../../src/core/metrics/diversity.js";
import { MeetingHistory } from "../../src/core/groups/history.js";
import { makeRng, permutation } from "../../src/core/rng.js";
import type { Groups } from "../../src/core/groups/types.js";

/** Gini as the mean absolute difference over all ordered pairs, Σ_ij |x_i − x_j| / (2 n Σ x): O(n²) reference. */
function naiveGini(x: number[]): number {
  const total = x.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let s = 0;
  for (const a of x) for (const b of x) s += Math.abs(a - b);
  return s / (2 * x.length * total);
}

describe("gini", () => {
  it("is 0 for equal values and (n−1)/n when one holds everything", () => {
    expect(gini([3, 3, 3])).toBe(0);
    expect(gini([0, 0, 0, 5])).toBeCloseTo(3 / 4, 12);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
    expect(gini([1, 2, 3])).toBeCloseTo((-2 * 1 + 0 * 2 + 2 * 3) / (3 * 6), 12);
  });
  it("matches the O(n²) mean-difference reference on random data", () => {
    const rng = makeRng(4);
    for (let t = 0; t < 30; t++) {
      const x = Array.from({ length: 1 + Math.floor(rng() * 50) }, () => (rng() < 0.2 ? 0 : rng() * 10));
      expect(gini(x)).toBeCloseTo(naiveGini(x), 10);
      expect(gini(Float64Array.from(x).reverse())).toBeCloseTo(naiveGini(x), 10);
    }
  });
});

describe("SatisfactionTracker", () => {
  it("computes per-round mean and least misery, and the run summary, by hand", () => {
    const t = new SatisfactionTracker(5);
    const groups: Groups = [Int32Array.of(0, 1), Int32Array.of(2, 3)];
    const r1 = t.addRound(groups, Float64Array.of(1, 0.5, 0.2, 0.4, NaN));
    expect(r1.mean).toBeCloseTo(2.1 / 4, 12);
    expect(r1.leastMisery).toBeCloseTo((0.5 + 0.2) / 2, 12);
    const r2 = t.addRound([Int32Array.of(0, 4, 2)], Float64Array.of(0.3, NaN, 0.6, NaN, 0.9));
    expect(r2.mean).toBeCloseTo(0.6, 12);
    expect(r2.leastMisery).toBeCloseTo(0.3, 12);
    const s = t.summary();
    expect(s.cumulative).toBeCloseTo(2.1 + 1.8, 12);
    expect(s.mean).toBeCloseTo(3.9 / 7, 12);
    expect(s.leastMisery).toBeCloseTo((0.35 + 0.3) / 2, 12);
    // cumulative per user: 1.3, 0.5, 0.8, 0.4, 0.9
    expect(s.fairnessGini).toBeCloseTo(naiveGini([1.3, 0.5, 0.8, 0.4, 0.9]), 12);
  });
  it("leaves users never present out of the fairness Gini", () => {
    const t = new SatisfactionTracker(10);
    t.addRound([Int32Array.of(0, 1)], Float64Array.from({ length: 10 }, () => 1));
    expect(t.summary().fairnessGini).toBe(0);
  });
});

describe("DiversityTracker", () => {
  it("computes round and cumulative diversity by hand", () => {
    const n = 4;
    const hist = new MeetingHistory(n);
    const d = new DiversityTracker(n);
    const round1: Groups = [Int32Array.of(0, 1), Int32Array.of(2, 3)];
    const r1 = d.addRound(round1, hist);
    expect(r1).toEqual({ repeatPairRate: 0, novelty: 1, pairs: 2 });
    hist.record(1, round1);
    const round2: Groups = [Int32Array.of(0, 1, 2, 3)];
    const r2 = d.addRound(round2, hist);
    // 6 pairs, 2 met before; each user met 1 of its 3 partners → novelty 2/3
    expect(r2.pairs).toBe(6);
    expect(r2.repeatPairRate).toBeCloseTo(2 / 6, 12);
    expect(r2.novelty).toBeCloseTo(2 / 3, 12);
    const s = d.summary();
    expect(s.repeatPairRate).toBeCloseTo(1 - 6 / 8, 12);
    expect(s.pairCoverage).toBe(1);
    // each user: 3 distinct partners / min(3, 1 + 3 slots) = 1
    expect(s.uniquePartnersMean).toBe(1);
    expect(s.noveltyMean).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });

  it("agrees with a naive pair set over random rounds", () => {
    const n = 20;
    const rng = makeRng(8);
    const d = new DiversityTracker(n);
    const hist = new MeetingHistory(n);
    const pairs = new Map<string, number>();
    const slots = new Array<number>(n).fill(0);
    for (let round = 1; round <= 8; round++) {
      const perm = permutation(rng, n);
      const groups: Groups = [perm.slice(0, 4), perm.slice(4, 8), perm.slice(8, 13), perm.slice(13, 20)];
      let rep = 0;
      let tot = 0;
      for (const g of groups) {
        for (const u of g) slots[u] += g.length - 1;
        for (let a = 0; a < g.length; a++)
          for (let b = a + 1; b < g.length; b++) {
            const key = `${Math.min(g[a], g[b])},${Math.max(g[a], g[b])}`;
            if (pairs.has(key)) rep++;
            tot++;
            pairs.set(key, (pairs.get(key) ?? 0) + 1);
          }
      }
      const r = d.addRound(groups, hist);
      hist.record(round, groups);
      expect(r.repeatPairRate).toBeCloseTo(rep / tot, 12);
    }
    const occ = [...pairs.values()].reduce((a, b) => a + b, 0);
    const s = d.summary();
    expect(s.repeatPairRate).toBeCloseTo(1 - pairs.size / occ, 12);
    expect(s.pairCoverage).toBeCloseTo(pairs.size / ((n * (n - 1)) / 2), 12);
    let ratio = 0;
    for (let u = 0; u < n; u++) {
      const distinct = [...pairs.keys()].filter((k) => k.split(",").map(Number).includes(u)).length;
      ratio += distinct / Math.min(n - 1, slots[u]);
    }
    expect(s.uniquePartnersMean).toBeCloseTo(ratio / n, 12);
  });
});

describe("exposureGini", () => {
  it("is the Gini of how often each user is recommended", () => {
    const lists = [Int32Array.of(1, 2), Int32Array.of(2, 0), Int32Array.of(2, 1)];
    // counts: user0 1, user1 2, user2 3, user3 0
    expect(exposureGini(lists, 4)).toBeCloseTo(naiveGini([1, 2, 3, 0]), 12);
    expect(exposureGini([Int32Array.of(0), Int32Array.of(1)], 2)).toBe(0);
    expect(() => exposureGini([Int32Array.of(5)], 3)).toThrow(RangeError);
  });
});
