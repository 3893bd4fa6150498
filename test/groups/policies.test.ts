import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { makePolicy, POLICY_NAMES, type PolicyName } from "../../src/core/groups/policies.js";
import { groupSizes } from "../../src/core/groups/sizes.js";
import { groupingObjective } from "../../src/core/groups/objective.js";
import { MeetingHistory } from "../../src/core/groups/history.js";
import { DenseScores, TopMScores } from "../../src/core/groups/scores.js";
import { makeRng, permutation, randInt } from "../../src/core/rng.js";
import type { GroupingInput, Groups } from "../../src/core/groups/types.js";
import { makeInput, plantedScores, range, repeatedPairs, sizeMultiset } from "./helpers.js";

const NAMES: PolicyName[] = [...POLICY_NAMES];

function expectPartition(groups: Groups, present: Int32Array, k: number): void {
  const seen = new Set<number>();
  for (const g of groups) for (const u of g) {
    expect(seen.has(u)).toBe(false);
    seen.add(u);
  }
  expect([...seen].sort((a, b) => a - b)).toEqual(Array.from(present).sort((a, b) => a - b));
  expect(sizeMultiset(groups)).toEqual(sizeMultiset(groupSizes(present.length, k)));
}

/** Every partition of `users` into groups with exactly the multiset of sizes `sizes`. */
function* partitions(users: number[], sizes: number[]): Generator<number[][]> {
  if (users.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = users;
  const distinct = [...new Set(sizes)];
  for (const s of distinct) {
    const remaining = [...sizes];
    remaining.splice(remaining.indexOf(s), 1);
    for (const others of combinations(rest, s - 1)) {
      const left = rest.filter((u) => !others.includes(u));
      for (const p of partitions(left, remaining)) yield [[first, ...others], ...p];
    }
  }
}

function* combinations(items: number[], r: number): Generator<number[]> {
  if (r === 0) {
    yield [];
    return;
  }
  for (let i = 0; i <= items.length - r; i++) for (const c of combinations(items.slice(i + 1), r - 1)) yield [items[i], ...c];
}

describe("grouping policies: partition property", () => {
  it("every policy partitions exactly the present users into groupSizes (dense and top-m scores)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.constantFrom("mean", "min", "harmonic" as const),
        (n, k, seed, absentRate, topM, mutual) => {
          const rng = makeRng(seed);
          const present = Int32Array.from(range(n).filter(() => rng() >= absentRate * 0.6));
          if (present.length < 2) return;
          let scores: DenseScores | TopMScores;
          if (topM) {
            const m = 1 + randInt(rng, 6);
            const s = new TopMScores(n, m);
            for (let u = 0; u < n; u++) {
              const ids = permutation(rng, n).filter((v) => v !== u).slice(0, m);
              s.setUser(u, ids, Float64Array.from(ids, () => rng()), ids.length, -rng());
            }
            scores = s;
          } else scores = new DenseScores(n, Float64Array.from({ length: n * n }, () => rng() * 2 - 0.5));
          const hist = new MeetingHistory(n);
          hist.record(1, [permutation(rng, n).slice(0, Math.min(n, 4))]);
          for (const name of NAMES) {
            const input = makeInput(scores, hist, present, { round: 2, k, lambda: 0.5, decay: 0.8, mutual, rng: makeRng(seed + 1) });
            expectPartition(makePolicy(name).formGroups(input), present, k);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("greedy is deterministic for a given input and seed", () => {
    const { scores } = plantedScores(40, 4, 1);
    const hist = new MeetingHistory(40);
    const policy = makePolicy("greedy-penalty");
    const a = policy.formGroups(makeInput(scores, hist, range(40), { k: 4, rng: makeRng(5) }));
    const b = policy.formGroups(makeInput(scores, hist, range(40), { k: 4, rng: makeRng(5) }));
    expect(a.map((g) => Array.from(g))).toEqual(b.map((g) => Array.from(g)));
  });

  it("rejects duplicate present users", () => {
    const { scores } = plantedScores(6, 2, 1);
    const input = makeInput(scores, new MeetingHistory(6), Int32Array.of(0, 1, 1, 2), { k: 2 });
    expect(() => makePolicy("greedy").formGroups(input)).toThrow(RangeError);
  });

  it("names match the registry", () => {
    for (const name of NAMES) expect(makePolicy(name).name).toBe(name);
  });
});

describe("grouping policies: quality", () => {
  it("greedy beats random on the objective with planted communities", () => {
    const n = 60;
    const { scores, comm } = plantedScores(n, 6, 11);
    const hist = new MeetingHistory(n);
    const input = makeInput(scores, hist, range(n), { k: 5, rng: makeRng(2) });
    const greedy = makePolicy("greedy").formGroups(input);
    const greedyObj = groupingObjective(greedy, input).total;
    for (let s = 0; s < 5; s++) {
      const rand = makePolicy("random").formGroups({ ...input, rng: makeRng(100 + s) });
      expect(greedyObj).toBeGreaterThan(groupingObjective(rand, input).total + 20);
    }
    // most groups are pure communities
    const pure = greedy.filter((g) => g.every((u) => comm[u] === comm[g[0]])).length;
    expect(pure).toBeGreaterThanOrEqual(10);
  });

  it("greedy-penalty repeats fewer pairs than greedy over several rounds", () => {
    const n = 60;
    const { scores } = plantedScores(n, 6, 12);
    const run = (name: PolicyName): { repeats: number; affinity: number } => {
      const hist = new MeetingHistory(n);
      const rounds: Groups[] = [];
      let affinity = 0;
      for (let round = 1; round <= 6; round++) {
        const input: GroupingInput = makeInput(scores, hist, range(n), { round, k: 4, lambda: 1, decay: 0.9, rng: makeRng(round) });
        const groups = makePolicy(name).formGroups(input);
        affinity += groupingObjective(groups, input).affinity;
        hist.record(round, groups);
        rounds.push(groups);
      }
      return { repeats: repeatedPairs(rounds), affinity };
    };
    const plain = run("greedy");
    const penal = run("greedy-penalty");
    expect(penal.repeats).toBeLessThan(plain.repeats / 2);
    expect(plain.repeats).toBeGreaterThan(0);
  });

  it("brute force: greedy's objective never exceeds the optimum over all partitions (6–8 users)", () => {
    for (const [n, k, seed] of [
      [6, 3, 1],
      [6, 2, 2],
      [7, 2, 3],
      [8, 3, 4],
      [8, 4, 5],
    ]) {
      const rng = makeRng(seed);
      const scores = new DenseScores(n, Float64Array.from({ length: n * n }, () => rng()));
      const hist = new MeetingHistory(n);
      hist.record(1, [Int32Array.of(0, 1, 2), Int32Array.of(3, 4)]);
      const input = makeInput(scores, hist, range(n), { round: 2, k, lambda: 0.3, decay: 0.9, rng: makeRng(seed) });
      let best = -Infinity;
      let count = 0;
      let sum = 0;
      for (const p of partitions(Array.from(range(n)), groupSizes(n, k))) {
        const total = groupingObjective(p.map((g) => Int32Array.from(g)), input).total;
        best = Math.max(best, total);
        sum += total;
        count++;
      }
      expect(count).toBeGreaterThan(1);
      for (const name of NAMES) {
        const got = groupingObjective(makePolicy(name).formGroups(input), input).total;
        expect(got).toBeLessThanOrEqual(best + 1e-12);
      }
      // greedy-penalty optimises this very objective: it beats the average partition (what random gets)
      expect(groupingObjective(makePolicy("greedy-penalty").formGroups(input), input).total).toBeGreaterThan(sum / count);
    }
  });

  it("the partition enumerator counts partitions correctly", () => {
    // 6 users into two triples: C(5,2) = 10; 8 into two quads: C(7,3) = 35; 7 into 3+2+2: 7·C(6,2)·… = 105
    const count = (n: number, sizes: number[]): number => [...partitions(Array.from(range(n)), sizes)].length;
    expect(count(6, [3, 3])).toBe(10);
    expect(count(8, [4, 4])).toBe(35);
    expect(count(7, [3, 2, 2])).toBe(105);
  });
});

describe("grouping policies: scale", () => {
  it("greedy-penalty groups n = 20,000 users with 30 candidates each", () => {
    const n = 20_000;
    const m = 30;
    const rng = makeRng(9);
    const scores = new TopMScores(n, m);
    const ids = new Int32Array(m);
    const sc = new Float64Array(m);
    for (let u = 0; u < n; u++) {
      for (let t = 0; t < m; t++) {
        ids[t] = (u + 1 + randInt(rng, n - 1)) % n;
        sc[t] = 1 - t / m;
      }
      scores.setUser(u, ids, sc, m, 0);
    }
    const hist = new MeetingHistory(n);
    const present = Int32Array.from(range(n).filter((u) => u % 10 !== 3));
    const policy = makePolicy("greedy-penalty");
    const first = policy.formGroups(makeInput(scores, hist, present, { round: 1, k: 5, lambda: 1, decay: 0.8, rng: makeRng(1) }));
    hist.record(1, first);
    const second = policy.formGroups(makeInput(scores, hist, present, { round: 2, k: 5, lambda: 1, decay: 0.8, rng: makeRng(2) }));
    expect(second.length).toBe(groupSizes(present.length, 5).length);
    const assigned = new Uint8Array(n);
    for (const g of second) for (const u of g) assigned[u]++;
    for (let u = 0; u < n; u++) expect(assigned[u]).toBe(u % 10 === 3 ? 0 : 1);
    expect(repeatedPairs([first, second])).toBeLessThan(first.length);
  });
});
