/**
 * Train/test splits of implicit-feedback pairs, per user (the protocol of the FCF literature):
 * random holdout, leave-k-out and temporal. Each returns a mask over the pairs: 1 = train, 0 = test.
 */
import { shuffleInPlace, type Rng } from "../rng.js";
import type { PairData } from "../data/interactions.js";

/** random: a fraction of each user's pairs at random; leave-k-out: k at random; temporal: each user's latest fraction. */
export type SplitSpec =
  | { kind: "random"; testFraction: number }
  | { kind: "leave-k-out"; k: number }
  | { kind: "temporal"; testFraction: number };

/** Pairs of each user, in pair order: CSR-like offsets into a permutation of pair indices. */
function byUser(p: PairData): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(p.rows + 1);
  for (let k = 0; k < p.u.length; k++) start[p.u[k] + 1]++;
  for (let r = 0; r < p.rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, p.rows);
  const order = new Int32Array(p.u.length);
  for (let k = 0; k < p.u.length; k++) order[fill[p.u[k]]++] = k;
  return { start, order };
}

/**
 * The train mask. For a user with m pairs the test share is h = round(fraction·m) (random, temporal) or
 * h = k (leave-k-out), capped at m − 1 so every user keeps ≥ 1 training pair (users with one pair are all
 * train). random / leave-k-out pick the h test pairs by a seeded shuffle of that user's pairs; temporal takes
 * the h latest by time (ties: later in the file is later; NaN times count as earliest).
 */
export function splitPairs(p: PairData, spec: SplitSpec, rng: Rng): Uint8Array {
  const mask = new Uint8Array(p.u.length).fill(1);
  const { start, order } = byUser(p);
  for (let u = 0; u < p.rows; u++) {
    const s = start[u];
    const m = start[u + 1] - s;
    if (m < 2) continue;
    const want = spec.kind === "leave-k-out" ? spec.k : Math.round(spec.testFraction * m);
    const h = Math.min(want, m - 1);
    if (h <= 0) continue;
    const mine = order.slice(s, s + m);
    if (spec.kind === "temporal") {
      const t = (k: number): number => (Number.isNaN(p.time[k]) ? -Infinity : p.time[k]);
      const sorted = Array.from(mine).sort((a, b) => t(a) - t(b) || a - b);
      for (let q = m - h; q < m; q++) mask[sorted[q]] = 0;
    } else {
      shuffleInPlace(rng, mine);
      for (let q = 0; q < h; q++) mask[mine[q]] = 0;
    }
  }
  return mask;
}
