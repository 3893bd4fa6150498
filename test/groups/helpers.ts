import { makeRng, normal, type Rng } from "../../src/core/rng.js";
import { DenseScores } from "../../src/core/groups/scores.js";
import type { GroupingInput, Groups, MeetingLookup, AffinityScores, MutualAggregate } from "../../src/core/groups/types.js";

/** Planted communities: â_ij ≈ 1 inside a community, ≈ 0 across, plus small noise. */
export function plantedScores(n: number, communities: number, seed: number): { scores: DenseScores; comm: Int32Array } {
  const rng = makeRng(seed);
  const comm = new Int32Array(n);
  for (let i = 0; i < n; i++) comm[i] = i % communities;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) m[i * n + j] = (comm[i] === comm[j] ? 1 : 0) + 0.1 * normal(rng);
  return { scores: new DenseScores(n, m), comm };
}

export function makeInput(
  scores: AffinityScores,
  history: MeetingLookup,
  present: Int32Array,
  opts: { round?: number; k?: number; lambda?: number; decay?: number; mutual?: MutualAggregate; rng?: Rng } = {},
): GroupingInput {
  return {
    round: opts.round ?? 1,
    present,
    groupSize: opts.k ?? 3,
    scores,
    history,
    repeatPenalty: opts.lambda ?? 0,
    repeatDecay: opts.decay ?? 1,
    mutual: opts.mutual ?? "mean",
    rng: opts.rng ?? makeRng(0),
  };
}

export function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Sorted group sizes, for multiset comparison. */
export function sizeMultiset(groups: Groups | number[]): number[] {
  return (Array.isArray(groups) && typeof groups[0] === "number"
    ? [...(groups as number[])]
    : (groups as Groups).map((g) => g.length)
  ).sort((a, b) => a - b);
}

/** Number of pair meetings that repeat an earlier one (occurrences − unique pairs). */
export function repeatedPairs(rounds: Groups[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const groups of rounds)
    for (const g of groups)
      for (let a = 0; a < g.length; a++)
        for (let b = a + 1; b < g.length; b++) {
          const key = `${Math.min(g[a], g[b])},${Math.max(g[a], g[b])}`;
          if (seen.has(key)) repeats++;
          else seen.add(key);
        }
  return repeats;
}

/**
 * Best Σ_t Σ_{i<j in t} w_ij over every labelling of 0..n−1 with groups t = 0..g−1 whose sizes lie in
 * bounds[t] (brute force, g^n leaves; for the small instances of the tests).
 */
export function bruteForceLabelled(n: number, bounds: readonly (readonly [number, number])[], weight: (i: number, j: number) => number): number {
  const g = bounds.length;
  const label = new Int32Array(n);
  const size = new Int32Array(g);
  let best = -Infinity;
  const rec = (u: number, value: number): void => {
    if (u === n) {
      if (bounds.every(([a, b], t) => size[t] >= a && size[t] <= b)) best = Math.max(best, value);
      return;
    }
    for (let t = 0; t < g; t++) {
      if (size[t] === bounds[t][1]) continue;
      let add = 0;
      for (let v = 0; v < u; v++) if (label[v] === t) add += weight(u, v);
      label[u] = t;
      size[t]++;
      rec(u + 1, value + add);
      size[t]--;
    }
  };
  rec(0, 0);
  return best;
}
