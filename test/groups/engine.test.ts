import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { makePolicy, POLICY_NAMES } from "../../src/core/groups/policies.js";
import { groupingObjective } from "../../src/core/groups/objective.js";
import { MeetingHistory } from "../../src/core/groups/history.js";
import { DenseScores } from "../../src/core/groups/scores.js";
import { PairSet } from "../../src/core/groups/pairset.js";
import { sizesForGroupCount } from "../../src/core/groups/sizes.js";
import { affineScheduleExists } from "../../src/core/groups/round-robin.js";
import { makeRng, permutation } from "../../src/core/rng.js";
import type { GroupingInput, Groups } from "../../src/core/groups/types.js";
import { makeInput, range, repeatedPairs } from "./helpers.js";

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

  it("with a restart budget (iterated local search) reaches the brute-force optimum on every small instance", () => {
    // the plain descent above is exact on ~81% of these instances; kick → search with 200 restarts, no clock
    for (let seed = 0; seed < 40; seed++) {
      const scores = randomDense(9, seed);
      const input = makeInput(scores, new MeetingHistory(9), range(9), { k: 3, rng: makeRng(seed) });
      const groups = makePolicy("local-search").formGroups({ ...input, searchPasses: 50, searchRestarts: 200 });
      const got = groupingObjective(groups, input).total;
      const best = bruteForceBest(9, [3, 3, 3], (g) => groupingObjective(g, input).total);
      expect(got).toBeCloseTo(best, 9);
    }
  });

  it("iterated local search is deterministic for a seed with a restart budget", () => {
    const scores = randomDense(30, 7);
    const run = () => makePolicy("local-search").formGroups({ ...makeInput(scores, new MeetingHistory(30), range(30), { k: 4, rng: makeRng(3) }), searchRestarts: 50 });
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
