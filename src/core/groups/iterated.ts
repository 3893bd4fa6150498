/**
 * Iterated local search: once swap/move local search has reached a local optimum, kick the best partition
 * (a few random swaps between groups, which keep every size) and search again from there, keeping the
 * result when it beats the best. It spends a time or restart budget that a single descent would leave
 * unused (a descent on a 100-person instance ends within milliseconds). Randomness: the rng passed in.
 */
import { randInt, type Rng } from "../rng.js";
import type { Groups } from "./types.js";
import { localSearch, type SearchOptions } from "./local-search.js";

/** Σ over groups of Σ_{i<j} w_ij: the value local search maximises. */
export function partitionValue(groups: Groups, weight: (i: number, j: number) => number): number {
  let total = 0;
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) total += weight(g[a], g[b]);
  return total;
}

/** A copy of `groups` with `swaps` random exchanges of members between two distinct random groups. */
export function kick(groups: Groups, swaps: number, rng: Rng): Groups {
  const out = groups.map((g) => g.slice());
  if (out.length < 2) return out;
  for (let s = 0; s < swaps; s++) {
    const a = randInt(rng, out.length);
    let b = randInt(rng, out.length - 1);
    if (b >= a) b++;
    const i = randInt(rng, out[a].length);
    const j = randInt(rng, out[b].length);
    const t = out[a][i];
    out[a][i] = out[b][j];
    out[b][j] = t;
  }
  return out;
}

/** Budget of the iterations: a maximum count and/or an injected deadline (the CLI's clock). */
export interface IterationBudget {
  maxIterations: number;
  deadline?: () => boolean;
}

/**
 * Starting from the local optimum `start`, repeats kick → local search while the budget lasts and returns the
 * best partition found with its value. Kick strength: max(2, ⌈2% of the users⌉) swaps. Deterministic for a
 * given rng when the budget is an iteration count (a deadline makes it depend on the machine's speed).
 */
export function iteratedLocalSearch(
  start: Groups,
  weight: (i: number, j: number) => number,
  candidates: (u: number) => Int32Array,
  n: number,
  rng: Rng,
  opts: SearchOptions,
  budget: IterationBudget,
): { groups: Groups; value: number; iterations: number } {
  let best = start;
  let bestValue = partitionValue(start, weight);
  let users = 0;
  for (const g of start) users += g.length;
  const swaps = Math.max(2, Math.ceil(0.02 * users));
  let it = 0;
  for (; it < budget.maxIterations; it++) {
    if (budget.deadline !== undefined && budget.deadline()) break;
    const { groups } = localSearch(kick(best, swaps, rng), weight, candidates, n, rng, opts);
    const value = partitionValue(groups, weight);
    if (value > bestValue + 1e-9) {
      best = groups;
      bestValue = value;
    }
  }
  return { groups: best, value: bestValue, iterations: it };
}
