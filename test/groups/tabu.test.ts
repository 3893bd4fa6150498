import { describe, it, expect } from "vitest";
import { tabuSearch, TABU_MAX_USERS } from "../../src/core/groups/tabu.js";
import { iteratedLocalSearch, partitionValue } from "../../src/core/groups/iterated.js";
import { localSearch } from "../../src/core/groups/local-search.js";
import { makeRng, permutation } from "../../src/core/rng.js";
import type { Groups } from "../../src/core/groups/types.js";
import { bruteForceLabelled } from "./helpers.js";

type Bounds = [number, number][];

/** Symmetric weights in [−20, 100) on n users, from a seed. */
function randomWeights(n: number, seed: number): (i: number, j: number) => number {
  const rng = makeRng(seed);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) w[i * n + j] = w[j * n + i] = Math.round(120 * rng() - 20);
  return (i, j) => w[i * n + j];
}

/** A random partition of 0..n−1 with the given sizes. */
function randomStart(sizes: number[], seed: number): Groups {
  const n = sizes.reduce((a, b) => a + b, 0);
  const p = permutation(makeRng(seed), n);
  let at = 0;
  return sizes.map((s) => p.slice((at += s) - s, at));
}

const CASES: Array<{ n: number; bounds: Bounds; sizes: number[] }> = [
  { n: 10, bounds: [[2, 3], [3, 5], [3, 6]], sizes: [3, 4, 3] },
  { n: 9, bounds: [[3, 3], [3, 3], [3, 3]], sizes: [3, 3, 3] },
  { n: 11, bounds: [[1, 4], [2, 6], [4, 5]], sizes: [2, 5, 4] },
];

describe("tabuSearch (dense gain table, moves and swaps)", () => {
  it.each(CASES.flatMap((c) => [1, 2, 3, 4].map((seed) => ({ ...c, seed }))))(
    "n = $n, bounds $bounds, seed $seed: reaches the brute-force optimum, keeps group t within bounds[t], reports its value exactly",
    ({ n, bounds, sizes, seed }) => {
      const weight = randomWeights(n, 50 + seed);
      const r = tabuSearch(randomStart(sizes, seed), weight, bounds, makeRng(seed), { maxIterations: 3000 });
      const users = r.groups.flatMap((g) => Array.from(g)).sort((a, b) => a - b);
      expect(users).toEqual(Array.from({ length: n }, (_, i) => i));
      r.groups.forEach((g, t) => {
        expect(g.length).toBeGreaterThanOrEqual(bounds[t][0]);
        expect(g.length).toBeLessThanOrEqual(bounds[t][1]);
      });
      expect(r.value).toBeCloseTo(partitionValue(r.groups, weight), 9);
      expect(r.value).toBeCloseTo(bruteForceLabelled(n, bounds, weight), 9);
    },
  );

  it("returns the start when the deadline has already passed, and never anything worse than the start", () => {
    const weight = randomWeights(40, 7);
    const start = randomStart([10, 10, 10, 10], 7);
    const bounds: Bounds = [[8, 12], [8, 12], [8, 12], [8, 12]];
    const stopped = tabuSearch(start, weight, bounds, makeRng(1), { maxIterations: 1000, deadline: () => true });
    expect(stopped.iterations).toBe(0);
    expect(stopped.groups.map((g) => Array.from(g).sort((a, b) => a - b))).toEqual(start.map((g) => Array.from(g).sort((a, b) => a - b)));
    const run = tabuSearch(start, weight, bounds, makeRng(1), { maxIterations: 500 });
    expect(run.value).toBeGreaterThanOrEqual(partitionValue(start, weight));
  });

  it("is deterministic for a seed with an iteration budget", () => {
    const weight = randomWeights(60, 8);
    const bounds: Bounds = Array.from({ length: 6 }, () => [8, 12]);
    const run = (seed: number) => tabuSearch(randomStart([10, 10, 10, 10, 10, 10], 3), weight, bounds, makeRng(seed), { maxIterations: 4000 });
    const a = run(1);
    expect(run(1).groups.map((g) => Array.from(g))).toEqual(a.groups.map((g) => Array.from(g)));
    expect(a.iterations).toBe(4000);
  });

  it("refuses more than TABU_MAX_USERS users and bounds that do not match the groups", () => {
    const big = [Int32Array.from({ length: TABU_MAX_USERS + 1 }, (_, i) => i)];
    expect(() => tabuSearch(big, () => 0, [[1, TABU_MAX_USERS + 1]], makeRng(1), { maxIterations: 1 })).toThrow(`at most ${TABU_MAX_USERS} users`);
    expect(() => tabuSearch(randomStart([3, 3], 1), () => 0, [[3, 3]], makeRng(1), { maxIterations: 1 })).toThrow("1 size bounds for 2 groups");
    expect(() => tabuSearch(randomStart([3, 3], 1), () => 0, [[3, 3], [4, 5]], makeRng(1), { maxIterations: 1 })).toThrow("group 1's size 3 is outside [4, 5]");
  });
});

describe("iteratedLocalSearch (the budgeted search above TABU_MAX_USERS)", () => {
  it.each([1, 2, 3, 4, 5])("seed %i: kick → local search with 300 iterations reaches the brute-force optimum of 9 users in 3 groups of 3", (seed) => {
    const weight = randomWeights(9, 200 + seed);
    const all = Int32Array.from({ length: 9 }, (_, i) => i);
    const opts = { passes: 50, neighbors: 8, randomNeighbors: 8, bounds: [3, 3] as const };
    const { groups } = localSearch(randomStart([3, 3, 3], seed), weight, () => all, 9, makeRng(seed), opts);
    const r = iteratedLocalSearch(groups, weight, () => all, 9, makeRng(seed), opts, { maxIterations: 300 });
    expect(r.value).toBeCloseTo(partitionValue(r.groups, weight), 9);
    expect(r.value).toBeCloseTo(bruteForceLabelled(9, [[3, 3], [3, 3], [3, 3]], weight), 9);
  });
});
