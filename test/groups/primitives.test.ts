import { describe, it, expect } from "vitest";
import { mutualScore } from "../../src/core/groups/mutual.js";
import { MeetingHistory } from "../../src/core/groups/history.js";
import { DenseScores, TopMScores } from "../../src/core/groups/scores.js";
import { groupingObjective } from "../../src/core/groups/objective.js";
import { makeRng, randInt, permutation } from "../../src/core/rng.js";
import type { Groups } from "../../src/core/groups/types.js";
import { makeInput } from "./helpers.js";

describe("mutualScore", () => {
  it("computes mean, least misery and harmonic", () => {
    expect(mutualScore(0.2, 0.6, "mean")).toBeCloseTo(0.4, 12);
    expect(mutualScore(0.2, 0.6, "min")).toBe(0.2);
    expect(mutualScore(0.2, 0.6, "harmonic")).toBeCloseTo((2 * 0.2 * 0.6) / 0.8, 12);
  });
  it("clamps negatives to 0 for harmonic, and gives 0 when both are ≤ 0", () => {
    expect(mutualScore(-0.5, 0.8, "harmonic")).toBe(0);
    expect(mutualScore(0, 0, "harmonic")).toBe(0);
    expect(mutualScore(-1, -2, "harmonic")).toBe(0);
    expect(mutualScore(-1, -2, "min")).toBe(-2);
  });
  it("is symmetric", () => {
    for (const agg of ["mean", "min", "harmonic"] as const) expect(mutualScore(0.3, 0.9, agg)).toBe(mutualScore(0.9, 0.3, agg));
  });
});

describe("MeetingHistory", () => {
  it("matches a naive recomputation of counts and decayed counts over random rounds", () => {
    const n = 30;
    const rng = makeRng(7);
    const hist = new MeetingHistory(n);
    const meetings: Array<[number, number, number]> = [];
    const naiveDecayed = (i: number, j: number, round: number, decay: number): number =>
      meetings
        .filter(([a, b, r]) => ((a === i && b === j) || (a === j && b === i)) && r < round)
        .reduce((s, [, , r]) => s + Math.pow(decay, round - r - 1), 0);
    for (let round = 1; round <= 12; round++) {
      const perm = permutation(rng, n);
      const groups: Groups = [];
      for (let t = 0; t + 3 <= n; t += 3) groups.push(perm.slice(t, t + 3));
      hist.record(round, groups);
      for (const g of groups) for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) meetings.push([g[a], g[b], round]);
      for (let q = 0; q < 40; q++) {
        const i = randInt(rng, n);
        const j = (i + 1 + randInt(rng, n - 1)) % n;
        for (const decay of [0.7, 1, 0.3]) {
          expect(hist.decayedCount(i, j, round + 1, decay)).toBeCloseTo(naiveDecayed(i, j, round + 1, decay), 10);
          expect(hist.decayedCount(j, i, round + 3, decay)).toBeCloseTo(naiveDecayed(i, j, round + 3, decay), 10);
          expect(hist.decayedCount(i, j, Math.max(1, round - 2), decay)).toBeCloseTo(
            naiveDecayed(i, j, Math.max(1, round - 2), decay),
            10,
          );
        }
        const count = meetings.filter(([a, b]) => (a === i && b === j) || (a === j && b === i)).length;
        expect(hist.count(i, j)).toBe(count);
        expect(hist.hasMet(j, i)).toBe(count > 0);
      }
    }
    const keys = new Set(meetings.map(([a, b]) => `${Math.min(a, b)},${Math.max(a, b)}`));
    expect(hist.uniquePairs()).toBe(keys.size);
    expect(hist.pairOccurrences()).toBe(meetings.length);
    for (let u = 0; u < n; u++) {
      const partners = new Set(meetings.filter(([a, b]) => a === u || b === u).map(([a, b]) => (a === u ? b : a)));
      expect(hist.partnersOf(u)).toBe(partners.size);
    }
  });

  it("gives 1 for a meeting last round, γ^(age−1) for older ones, and handles out-of-order records", () => {
    const h = new MeetingHistory(5);
    expect(h.decayedCount(0, 1, 2, 0.5)).toBe(0);
    h.record(1, [Int32Array.of(0, 1)]);
    expect(h.decayedCount(1, 0, 2, 0.5)).toBe(1);
    expect(h.decayedCount(0, 1, 4, 0.5)).toBe(0.25);
    h.record(5, [Int32Array.of(0, 1)]);
    h.record(3, [Int32Array.of(1, 0)]);
    expect(h.decayedCount(0, 1, 6, 0.5)).toBeCloseTo(1 + 0.25 + 1 / 16, 12);
    expect(h.count(0, 1)).toBe(3);
  });

  it("grows its table well past its initial capacity", () => {
    const n = 400;
    const h = new MeetingHistory(n);
    const g = Int32Array.from({ length: n }, (_, i) => i);
    h.record(1, [g]);
    expect(h.uniquePairs()).toBe((n * (n - 1)) / 2);
    expect(h.count(123, 7)).toBe(1);
    expect(h.partnersOf(5)).toBe(n - 1);
  });
});

describe("TopMScores and DenseScores", () => {
  it("TopMScores returns listed scores, the floor otherwise, and the list best first", () => {
    const s = new TopMScores(10, 4);
    s.setUser(3, Int32Array.of(7, 1, 9, 4), Float64Array.of(0.9, 0.8, 0.5, 0.1), 4, -0.2);
    expect(s.score(3, 7)).toBe(0.9);
    expect(s.score(3, 1)).toBe(0.8);
    expect(s.score(3, 4)).toBe(0.1);
    expect(s.score(3, 2)).toBe(-0.2);
    expect(Array.from(s.candidates(3))).toEqual([7, 1, 9, 4]);
    expect(s.candidates(0).length).toBe(0);
    expect(s.score(0, 5)).toBe(0);
    expect(() => s.setUser(2, Int32Array.of(1), Float64Array.of(1), 5, 0)).toThrow(RangeError);
  });

  it("TopMScores agrees with a dense lookup on random lists", () => {
    const n = 50;
    const m = 8;
    const rng = makeRng(3);
    const s = new TopMScores(n, m);
    const dense = new Float64Array(n * n);
    for (let u = 0; u < n; u++) {
      const ids = permutation(rng, n).filter((v) => v !== u).slice(0, m);
      const sc = Float64Array.from({ length: m }, (_, t) => 1 - t / m);
      const floor = -rng();
      s.setUser(u, ids, sc, m, floor);
      for (let j = 0; j < n; j++) dense[u * n + j] = floor;
      ids.forEach((id, t) => (dense[u * n + id] = sc[t]));
    }
    for (let u = 0; u < n; u++) for (let j = 0; j < n; j++) if (j !== u) expect(s.score(u, j)).toBe(dense[u * n + j]);
  });

  it("DenseScores lists every other user by score descending, ties by id", () => {
    const d = new DenseScores(4, Float64Array.of(0, 0.5, 0.9, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    expect(Array.from(d.candidates(0))).toEqual([2, 1, 3]);
    expect(d.score(0, 2)).toBe(0.9);
    expect(() => new DenseScores(3, new Float64Array(8))).toThrow(RangeError);
  });
});

describe("groupingObjective", () => {
  it("equals a hand-computed value", () => {
    // â: row i, column j
    const a = [
      [0, 0.8, 0.1, 0.2],
      [0.4, 0, 0.3, 0.5],
      [0.6, 0.2, 0, 0.9],
      [0.0, 0.7, 0.3, 0],
    ];
    const scores = new DenseScores(4, Float64Array.from(a.flat()));
    const hist = new MeetingHistory(4);
    hist.record(1, [Int32Array.of(0, 1)]);
    const input = makeInput(scores, hist, Int32Array.of(0, 1, 2, 3), { round: 3, lambda: 2, decay: 0.5, mutual: "mean" });
    const parts = groupingObjective([Int32Array.of(0, 1), Int32Array.of(2, 3)], input);
    // m01 = 0.6, m23 = 0.6; c01 = 0.5^(3−1−1) = 0.5 → pen 0.25
    expect(parts.affinity).toBeCloseTo(1.2, 12);
    expect(parts.penalty).toBeCloseTo(0.25, 12);
    expect(parts.total).toBeCloseTo(1.2 - 2 * 0.25, 12);
    const min = groupingObjective([Int32Array.of(0, 2, 3)], { ...input, mutual: "min" });
    // pairs 02: min(0.1, 0.6)=0.1, 03: min(0.2, 0)=0, 23: min(0.9, 0.3)=0.3
    expect(min.affinity).toBeCloseTo(0.4, 12);
    expect(min.penalty).toBe(0);
  });
});
