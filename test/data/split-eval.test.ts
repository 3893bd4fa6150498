import { describe, it, expect } from "vitest";
import { InteractionBuilder, pairsToCsr, toPairs } from "../../src/core/data/interactions.js";
import { splitPairs } from "../../src/core/eval/split.js";
import { evaluateScorer } from "../../src/core/eval/evaluate.js";
import { popularityScorer } from "../../src/core/eval/models.js";
import { csrFromTriplets } from "../../src/core/sparse/csr.js";
import { makeRng } from "../../src/core/rng.js";

function randomPairs(seed: number, users: number, items: number, perUser: number) {
  const rng = makeRng(seed);
  const b = new InteractionBuilder(false);
  for (let u = 0; u < users; u++) for (let q = 0; q < perUser; q++) b.add({ src: `u${u}`, dst: `i${Math.floor(rng() * items)}`, weight: 1 + Math.floor(rng() * 5), time: Math.floor(rng() * 1000) });
  return toPairs(b.build(0), { minWeight: 3, value: "binary" });
}

describe("per-user splits", () => {
  it("hold out round(q·m) of each user's pairs (≤ m − 1), disjointly, reproducibly per seed", () => {
    const p = randomPairs(1, 30, 40, 12);
    const m1 = splitPairs(p, { kind: "random", testFraction: 0.2 }, makeRng("s"));
    const m2 = splitPairs(p, { kind: "random", testFraction: 0.2 }, makeRng("s"));
    expect(Array.from(m1)).toEqual(Array.from(m2));
    for (let u = 0; u < p.rows; u++) {
      const mine = [...p.u.keys()].filter((k) => p.u[k] === u);
      const test = mine.filter((k) => m1[k] === 0).length;
      expect(test).toBe(mine.length < 2 ? 0 : Math.min(Math.round(0.2 * mine.length), mine.length - 1));
    }
    const train = pairsToCsr(p, m1);
    const test = pairsToCsr(p, m1.map((b) => 1 - b));
    expect(train.indptr[train.rows] + test.indptr[test.rows]).toBe(p.u.length);
  });

  it("leave-k-out holds out k per user; temporal holds out each user's latest pairs", () => {
    const p = randomPairs(2, 20, 50, 10);
    const lk = splitPairs(p, { kind: "leave-k-out", k: 2 }, makeRng(1));
    const tm = splitPairs(p, { kind: "temporal", testFraction: 0.3 }, makeRng(1));
    for (let u = 0; u < p.rows; u++) {
      const mine = [...p.u.keys()].filter((k) => p.u[k] === u);
      if (mine.length < 3) continue;
      expect(mine.filter((k) => lk[k] === 0).length).toBe(2);
      const testTimes = mine.filter((k) => tm[k] === 0).map((k) => p.time[k]);
      const trainTimes = mine.filter((k) => tm[k] === 1).map((k) => p.time[k]);
      expect(Math.min(...testTimes)).toBeGreaterThanOrEqual(Math.max(...trainTimes));
    }
  });

  it("toPairs keeps pairs with weight ≥ minWeight and merges repeats", () => {
    const b = new InteractionBuilder(false);
    for (const [s, d, w] of [["a", "x", 5], ["a", "x", 4], ["a", "y", 2], ["b", "y", 4]] as const) b.add({ src: s, dst: d, weight: w, time: 0 });
    const bin = toPairs(b.build(0), { minWeight: 4, value: "binary" });
    expect(Array.from(bin.r)).toEqual([1, 1]);
    const sum = toPairs(b.build(0), { minWeight: 0, value: "weight" });
    expect(Array.from(sum.r)).toEqual([9, 2, 4]);
  });
});

describe("offline evaluation beyond accuracy", () => {
  it("coverage, novelty, F1 and exposure Gini agree with a brute-force computation", () => {
    const rng = makeRng(7);
    const users = 25;
    const items = 30;
    const tri = (density: number) => {
      const r: number[] = [], c: number[] = [];
      for (let u = 0; u < users; u++) for (let i = 0; i < items; i++) if (rng() < density) { r.push(u); c.push(i); }
      return csrFromTriplets(users, items, r, c, r.map(() => 1));
    };
    const train = tri(0.2);
    const raw = tri(0.1);
    const tr = new Set<string>();
    for (let u = 0; u < users; u++) for (let q = train.indptr[u]; q < train.indptr[u + 1]; q++) tr.add(`${u},${train.indices[q]}`);
    const keepR: number[] = [], keepC: number[] = [];
    for (let u = 0; u < users; u++) for (let q = raw.indptr[u]; q < raw.indptr[u + 1]; q++) if (!tr.has(`${u},${raw.indices[q]}`)) { keepR.push(u); keepC.push(raw.indices[q]); }
    const test = csrFromTriplets(users, items, keepR, keepC, keepR.map(() => 1));
    const k = 5;
    const weights = Array.from({ length: users * items }, () => rng());
    const score = (u: number, out: Float64Array) => { for (let i = 0; i < items; i++) out[i] = weights[u * items + i]; };
    const r = evaluateScorer(score, train, test, k, false);
    const pop = new Array(items).fill(0);
    for (const key of tr) pop[Number(key.split(",")[1])]++;
    const lists: number[][] = [];
    for (let u = 0; u < users; u++) {
      if (test.indptr[u + 1] === test.indptr[u]) continue;
      const cand = [...Array(items).keys()].filter((i) => !tr.has(`${u},${i}`));
      cand.sort((a, b) => weights[u * items + b] - weights[u * items + a] || a - b);
      lists.push(cand.slice(0, k));
    }
    const flat = lists.flat();
    expect(r.coverage).toBeCloseTo(new Set(flat).size / items, 12);
    expect(r.novelty).toBeCloseTo(flat.reduce((a, i) => a - Math.log2((pop[i] + 1) / (users + 1)), 0) / flat.length, 10);
    expect(r.f1).toBeCloseTo((2 * r.precision * r.recall) / (r.precision + r.recall), 12);
    const counts = new Array(items).fill(0);
    for (const i of flat) counts[i]++;
    const s = counts.slice().sort((a, b) => a - b);
    const g = s.reduce((a, x, i) => a + (2 * (i + 1) - items - 1) * x, 0) / (items * s.reduce((a, b) => a + b, 0));
    expect(r.exposureGini).toBeCloseTo(g, 12);
  });

  it("popularity scores every user with the training column counts", () => {
    const train = csrFromTriplets(3, 4, [0, 1, 1, 2], [1, 1, 3, 1], [1, 1, 1, 1]);
    const out = new Float64Array(4);
    popularityScorer(train)(2, out);
    expect(Array.from(out)).toEqual([0, 3, 0, 1]);
  });
});
