import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { makePolicy, POLICY_NAMES } from "../../src/core/groups/policies.js";
import { groupingObjective } from "../../src/core/groups/objective.js";
import { MeetingHistory } from "../../src/core/groups/history.js";
import { DenseScores } from "../../src/core/groups/scores.js";
import { PairSet } from "../../src/core/groups/pairset.js";
import { sizesForGroupCount, sizesWithinGroupBounds } from "../../src/core/groups/sizes.js";
import { affineScheduleExists } from "../../src/core/groups/round-robin.js";
import { makeRng, permutation } from "../../src/core/rng.js";
import type { GroupingInput, Groups } from "../../src/core/groups/types.js";
import { bruteForceLabelled, makeInput, range, repeatedPairs } from "./helpers.js";

/** Best objective over all partitions of 0..n−1 into groups of the given sizes (brute force). */
function bruteForceBest(n: number, sizes: number[], value: (g: Groups) => number): number {
  let best = -Infinity;
  const rec = (left: number[], remaining: number[], acc: number[][]): void => {
    if (left.length === 0) {
      best = Math.max(best, value(acc.map((g) => Int32Array.from(g))));
      return;
    }
    const [first, ...rest] = left;
    for (const s of [...new Set(remaining)]) {
      const rem = [...remaining];
      rem.splice(rem.indexOf(s), 1);
      const choose = (from: number, pick: number[]): void => {
        if (pick.length === s - 1) {
          rec(rest.filter((u) => !pick.includes(u)), rem, [...acc, [first, ...pick]]);
          return;
        }
        for (let t = from; t < rest.length; t++) choose(t + 1, [...pick, rest[t]]);
      };
      choose(0, []);
    }
  };
  rec(range(n).reduce<number[]>((a, u) => [...a, u], []), sizes, []);
  return best;
}

function randomDense(n: number, seed: number): DenseScores {
  const rng = makeRng(seed);
  return new DenseScores(n, Float64Array.from({ length: n * n }, () => rng()));
}

describe("local search", () => {
  it("reaches the brute-force optimum on most small instances, within 1% on average and 10% at worst (n = 9, k = 3)", () => {
    // stated gap (first-improvement swaps stop at local optima): over 300 such instances, 81% exact,
    // mean ratio 0.995, worst 0.914
    let exact = 0;
    let ratioSum = 0;
    const trials = 100;
    for (let seed = 0; seed < trials; seed++) {
      const scores = randomDense(9, seed);
      const input = makeInput(scores, new MeetingHistory(9), range(9), { k: 3, rng: makeRng(seed) });
      const groups = makePolicy("local-search").formGroups({ ...input, searchPasses: 50 });
      const got = groupingObjective(groups, input).total;
      const best = bruteForceBest(9, [3, 3, 3], (g) => groupingObjective(g, input).total);
      expect(got).toBeLessThanOrEqual(best + 1e-9);
      expect(got).toBeGreaterThanOrEqual(0.9 * best);
      ratioSum += got / best;
      if (got >= best - 1e-9) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(Math.floor(0.7 * trials));
    expect(ratioSum / trials).toBeGreaterThanOrEqual(0.99);
  });

  it("with an iteration budget (iterated tabu search) reaches the brute-force optimum on every small instance", () => {
    // the plain descent above is exact on ~81% of these instances; 200 tabu steps, no clock
    for (let seed = 0; seed < 40; seed++) {
      const scores = randomDense(9, seed);
      const input = makeInput(scores, new MeetingHistory(9), range(9), { k: 3, rng: makeRng(seed) });
      const groups = makePolicy("local-search").formGroups({ ...input, searchPasses: 50, searchIterations: 200 });
      const got = groupingObjective(groups, input).total;
      const best = bruteForceBest(9, [3, 3, 3], (g) => groupingObjective(g, input).total);
      expect(got).toBeCloseTo(best, 9);
    }
  });

  it("the iterated search is deterministic for a seed with an iteration budget", () => {
    const scores = randomDense(30, 7);
    const run = () => makePolicy("local-search").formGroups({ ...makeInput(scores, new MeetingHistory(30), range(30), { k: 4, rng: makeRng(3) }), searchIterations: 500 });
    expect(run().map((g) => Array.from(g))).toEqual(run().map((g) => Array.from(g)));
  });

  it("never does worse than the greedy start", () => {
    for (let seed = 0; seed < 10; seed++) {
      const scores = randomDense(30, 100 + seed);
      const input = (): GroupingInput => makeInput(scores, new MeetingHistory(30), range(30), { k: 4, rng: makeRng(seed) });
      const g = groupingObjective(makePolicy("greedy").formGroups(input()), input()).total;
      const ls = groupingObjective(makePolicy("local-search").formGroups(input()), input()).total;
      expect(ls).toBeGreaterThanOrEqual(g - 1e-9);
    }
  });

  it("is deterministic for a seed", () => {
    const scores = randomDense(60, 7);
    const run = (): Groups => makePolicy("local-search").formGroups(makeInput(scores, new MeetingHistory(60), range(60), { k: 4, rng: makeRng("s") }));
    expect(run().map((g) => [...g])).toEqual(run().map((g) => [...g]));
  });
});

describe("round-robin", () => {
  for (const n of [10, 12, 11]) {
    it(`pairs ${n} users with zero repeats over n−1 rounds (circle method${n % 2 ? ", odd n" : ""})`, () => {
      const scores = randomDense(n, 1);
      const history = new MeetingHistory(n);
      const rounds: Groups[] = [];
      for (let r = 1; r <= n - 1; r++) {
        const groups = makePolicy("round-robin").formGroups(makeInput(scores, history, range(n), { k: 2, round: r }));
        history.record(r, groups);
        rounds.push(groups);
      }
      if (n % 2 === 0) {
        expect(repeatedPairs(rounds)).toBe(0);
        expect(history.uniquePairs()).toBe((n * (n - 1)) / 2);
      } else expect(repeatedPairs(rounds)).toBeLessThanOrEqual(2 * (n - 1)); // odd n: the third member's pairs may repeat (documented fallback)
    });
  }

  it("gives q rounds without repeats for groups of 4 when the affine schedule exists (n = 20, q = 5)", () => {
    expect(affineScheduleExists(5, 4)).toBe(true);
    expect(affineScheduleExists(6, 4)).toBe(false);
    const history = new MeetingHistory(20);
    const rounds: Groups[] = [];
    for (let r = 1; r <= 5; r++) {
      const groups = makePolicy("round-robin").formGroups(makeInput(randomDense(20, 2), history, range(20), { k: 4, round: r }));
      history.record(r, groups);
      rounds.push(groups);
    }
    expect(repeatedPairs(rounds)).toBe(0);
  });
});

describe("every policy: partition, size bounds, blocked pairs, never-again", () => {
  it("holds on random instances (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 40 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(...POLICY_NAMES), (n, k, seed, name) => {
        fc.pre(n >= 2 * k);
        const rng = makeRng(seed);
        const scores = randomDense(n, seed);
        // forbidden pairs form a matching (always satisfiable with ≥ 2 groups): n/4 blocked + one that met before
        const p = permutation(rng, n);
        const m = Math.floor(n / 4);
        const history = new MeetingHistory(n);
        history.record(1, [Int32Array.of(p[2 * m], p[2 * m + 1])]);
        const blockedPairs: Array<[number, number]> = [];
        for (let t = 0; t < m; t++) blockedPairs.push([p[2 * t], p[2 * t + 1]]);
        const blocked = PairSet.from(blockedPairs);
        const useGroups = name !== "round-robin" && rng() < 0.5;
        const g = Math.max(2, Math.floor(n / k));
        const sizes = useGroups ? sizesForGroupCount(n, g, 2, n) : undefined;
        const input: GroupingInput = { ...makeInput(scores, history, range(n), { k, round: 2, rng }), blocked, neverAgainAfter: 1, sizes, sizeBounds: useGroups ? [2, Math.ceil(n / g) + 1] : undefined };
        const groups = makePolicy(name).formGroups(input);
        const seen = new Set<number>();
        for (const grp of groups) for (const u of grp) {
          expect(seen.has(u)).toBe(false);
          seen.add(u);
        }
        expect(seen.size).toBe(n);
        const lens = groups.map((x) => x.length);
        if (useGroups) {
          expect(groups.length).toBe(g);
          for (const l of lens) expect(l >= 2 && l <= Math.ceil(n / g) + 1).toBe(true);
        } else for (const l of lens) expect(l >= Math.min(k, n) && l <= 2 * k).toBe(true);
        for (const grp of groups)
          for (let a = 0; a < grp.length; a++)
            for (let b = a + 1; b < grp.length; b++) {
              expect(blocked.has(grp[a], grp[b])).toBe(false);
              expect(history.count(grp[a], grp[b])).toBe(0);
            }
      }),
      { numRuns: 150 },
    );
  });
});

describe("per-group size bounds (MDGP 'ds')", () => {
  it("every policy but round-robin keeps group t within its own [a_t, b_t] and separates blocked pairs (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...POLICY_NAMES.filter((p) => p !== "round-robin")),
        fc.integer({ min: 0, max: 30 }),
        (g, seed, name, restarts) => {
          const rng = makeRng(seed);
          const bounds: [number, number][] = [];
          let lo = 0;
          let hi = 0;
          for (let t = 0; t < g; t++) {
            const a = 2 + Math.floor(rng() * 4);
            const b = a + Math.floor(rng() * 4);
            bounds.push([a, b]);
            lo += a;
            hi += b;
          }
          const n = lo + Math.floor(rng() * (hi - lo + 1));
          const start = sizesWithinGroupBounds(n, bounds);
          const order = start.map((_, t) => t).sort((x, y) => start[y] - start[x] || x - y);
          const groupBounds = order.map((t) => bounds[t]);
          const p = permutation(rng, n);
          const blocked = PairSet.from([[p[0], p[1]]]);
          const input: GroupingInput = {
            ...makeInput(randomDense(n, seed), new MeetingHistory(n), range(n), { k: 2, rng }),
            blocked,
            sizes: order.map((t) => start[t]),
            groupBounds,
            searchIterations: restarts,
          };
          const groups = makePolicy(name).formGroups(input);
          expect(groups.length).toBe(g);
          const seen = new Set<number>();
          groups.forEach((grp, t) => {
            expect(grp.length).toBeGreaterThanOrEqual(groupBounds[t][0]);
            expect(grp.length).toBeLessThanOrEqual(groupBounds[t][1]);
            for (const u of grp) seen.add(u);
            expect(grp.includes(p[0]) && grp.includes(p[1])).toBe(false);
          });
          expect(seen.size).toBe(n);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("local search reaches the brute-force optimum over labelled groups with their own bounds (n = 9, 3 groups)", () => {
    const bounds: [number, number][] = [
      [4, 5],
      [2, 4],
      [1, 2],
    ];
    for (let seed = 1; seed <= 5; seed++) {
      const scores = randomDense(9, 100 + seed);
      const input: GroupingInput = { ...makeInput(scores, new MeetingHistory(9), range(9), { rng: makeRng(seed) }), sizes: sizesWithinGroupBounds(9, bounds), groupBounds: bounds, searchIterations: 100 };
      const value = (gs: Groups): number => groupingObjective(gs, input).total;
      const best = bruteForceLabelled(9, bounds, (i, j) => value([Int32Array.of(i, j)]));
      const got = makePolicy("local-search").formGroups(input);
      expect(value(got)).toBeCloseTo(best, 9);
    }
  });
});
