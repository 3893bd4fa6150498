/**
 * Round-robin schedules: groups that ignore affinity and aim at zero repeated pairs (DESIGN §4).
 *
 * - k = 2, circle method: the present users (sorted by id) sit at positions 0..N−1 (a dummy added when N
 *   is odd); position 0 is fixed and the others rotate by one each round; position p meets N−1−p. Every
 *   pair meets exactly once in N−1 consecutive rounds. With a dummy, its partner joins the last pair (a
 *   group of 3, as groupSizes prescribes).
 * - k > 2, affine social-golfer schedule: with q = ⌊N/k⌋ groups, user (column i < k, row j < q) goes to
 *   group (j + r·i) mod q in schedule round r. Two users of different columns meet in exactly one round of
 *   q when every d in 1..k−1 is invertible mod q (q's smallest prime factor ≥ k), users of one column
 *   never meet: q rounds with zero repeats.
 * Fallback (documented in the README): when the affine schedule does not exist (q has a prime factor < k),
 * after its q rounds (round r uses schedule round (r−1) mod period, so later rounds repeat), for the
 * N − k·q users left over, and with the never-again rule or blocked pairs, the schedule is finished by
 * local search on repeats alone (weight −c_eff², γ = input.repeatDecay, plus forbidden pairs), which
 * keeps a zero-repeat schedule intact and otherwise spreads repeats. Schedules are over the sorted
 * present ids, so the zero-repeat guarantee holds while the set of present users is stable.
 */
import type { GroupingInput, GroupingPolicy, Groups } from "./types.js";
import { groupSizes } from "./sizes.js";
import { localSearch, repairForbidden } from "./local-search.js";
import { FORBIDDEN, PairWeights } from "./weights.js";

/** Circle-method pairs of round r (0-based) for `users` (even length). */
function circleRound(users: Int32Array, r: number): Groups {
  const n = users.length;
  const m = n - 1;
  const at = (p: number): number => (p === 0 ? users[0] : users[1 + ((p - 1 + r) % m)]);
  const groups: Groups = [];
  for (let p = 0; p < n / 2; p++) groups.push(Int32Array.of(at(p), at(n - 1 - p)));
  return groups;
}

/** Smallest prime factor of q ≥ 2. */
function smallestPrimeFactor(q: number): number {
  for (let d = 2; d * d <= q; d++) if (q % d === 0) return d;
  return q;
}

/** True when the affine schedule of q groups of k has q zero-repeat rounds. */
export function affineScheduleExists(q: number, k: number): boolean {
  return q >= 1 && (q === 1 || smallestPrimeFactor(q) >= k);
}

/** Affine social-golfer groups of round r for the first k·q users of `users`, q = ⌊N/k⌋. */
function affineRound(users: Int32Array, k: number, r: number): Groups {
  const q = Math.floor(users.length / k);
  const groups: number[][] = Array.from({ length: q }, () => []);
  for (let i = 0; i < k; i++) for (let j = 0; j < q; j++) groups[(j + r * i) % q].push(users[i * q + j]);
  return groups.map((g) => Int32Array.from(g));
}

/** The round-robin policy (see the module comment for the schedules and the fallback). */
export const roundRobinPolicy: GroupingPolicy = {
  name: "round-robin",
  formGroups(input: GroupingInput): Groups {
    const users = Int32Array.from(input.present).sort();
    const nP = users.length;
    const k = input.groupSize;
    if (input.sizes !== undefined) throw new RangeError("round-robin takes a group size, not explicit sizes");
    const sizes = groupSizes(nP, k);
    let groups: Groups;
    let exact: boolean;
    if (sizes.length === 1) return repairForbidden([users], input, new PairWeights({ ...input, exploration: { kind: "none" } }, 0));
    if (k === 2) {
      const even = nP % 2 === 0 ? users : Int32Array.from([...users, -1]);
      const pairs = circleRound(even, (input.round - 1) % (even.length - 1));
      groups = pairs.filter((g) => g[0] >= 0 && g[1] >= 0);
      const lone = pairs.find((g) => g[0] < 0 || g[1] < 0);
      if (lone !== undefined) {
        const u = lone[0] >= 0 ? lone[0] : lone[1];
        const last = groups[groups.length - 1];
        groups[groups.length - 1] = Int32Array.of(last[0], last[1], u);
      }
      exact = nP % 2 === 0 && input.round <= nP - 1;
    } else {
      const q = sizes.length;
      const ok = affineScheduleExists(q, k);
      const period = ok ? q : 1;
      groups = affineRound(users, k, (input.round - 1) % period);
      const extra = users.subarray(k * q);
      for (let e = 0; e < extra.length; e++) {
        const g = (e + input.round) % q;
        groups[g] = Int32Array.from([...groups[g], extra[e]]);
      }
      exact = ok && extra.length === 0 && input.round <= q;
    }
    const rules = input.blocked !== undefined || (input.neverAgainAfter ?? 0) > 0;
    if (exact && !rules) return groups;
    const weights = new PairWeights({ ...input, exploration: { kind: "none" } }, 0);
    const pen = (i: number, j: number): number => {
      const c = input.history.decayedCount(i, j, input.round, input.repeatDecay);
      return -c * c - (weights.forbidden(i, j) ? FORBIDDEN : 0);
    };
    const none = new Int32Array(0);
    const lens = groups.map((g) => g.length);
    const done = localSearch(groups, pen, () => none, input.scores.n, input.rng, {
      passes: 10,
      neighbors: 0,
      randomNeighbors: 8,
      bounds: [Math.min(...lens, ...sizes), Math.max(...lens, ...sizes)],
    }).groups;
    return repairForbidden(done, input, weights);
  },
};
