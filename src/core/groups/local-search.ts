/**
 * Swap/move local search on the full grouping objective (DESIGN §4): Σ_groups Σ_{i<j} w_ij with the pair
 * weights of weights.ts. Starts from a partition (greedy's, for the "local-search" policy) and applies
 * first-improvement steps:
 *   move u → B   (only while both groups stay within their size bounds): Δ = Σ_{y∈B} w_uy − s_u
 *   swap u ↔ v   (v ∈ B):  Δ = (Σ_{y∈B} w_uy − w_uv − s_u) + (Σ_{y∈A∖u} w_vy − s_v)
 * where s_u = Σ_{y∈A∖u} w_uy is u's current share, kept up to date. The groups B tried for u are those of
 * u's first `neighbors` candidates plus `randomNeighbors` users drawn from the rng (64 for a user who sits
 * with a forbidden partner), so a pass costs O(N·(neighbors + random)·k²) weight evaluations, no O(N²) step.
 * Users are visited in a seeded order; a step is taken when Δ > 1e-9. Swaps whose v side cannot reach the needed gain even if v's new partners had the largest weight
 * (`upperBound`) are skipped without evaluating it. Stops after `passes` passes, at a
 * local optimum (a pass without improvement), or when the injected `deadline()` says so (checked every
 * 256 users). Deterministic for a given input and rng state unless a deadline is used.
 */
import { permutation, randInt, type Rng } from "../rng.js";
import type { GroupingInput, GroupingPolicy, Groups } from "./types.js";
import { FORBIDDEN, PairWeights } from "./weights.js";
import { greedyGroups } from "./greedy.js";
import { CandidateGraph } from "./graph.js";
import { iteratedLocalSearch } from "./iterated.js";
import { TABU_MAX_USERS, tabuSearch } from "./tabu.js";

export interface SearchOptions {
  /** Maximum passes over the users. */
  passes: number;
  /** Candidates per user whose groups are tried. */
  neighbors: number;
  /** Extra random users whose groups are tried, per user and pass. */
  randomNeighbors: number;
  /** Size bounds [min, max] kept by moves (swaps keep sizes). */
  bounds: readonly [number, number];
  /** Per-group bounds [a_t, b_t] for group t of the starting partition, kept by moves instead of `bounds`. */
  groupBounds?: readonly (readonly [number, number])[];
  deadline?: () => boolean;
  /** An upper bound on any weight (prunes swaps that cannot gain); +∞ disables pruning. */
  upperBound?: number;
  /**
   * The round's candidate graph whose weights `weight` returns: users are then visited group by group, and
   * each lookup reads the graph in the row of a member of the visited group (hot in cache) or of u itself
   * (same values, same sums).
   */
  graph?: CandidateGraph;
}

/** Statistics of one search. */
export interface SearchStats {
  passes: number;
  moves: number;
  swaps: number;
  gain: number;
}

const MIN_GAIN = 1e-9;

/**
 * Improves `groups` in place of a copy and returns the new partition with statistics. `weight` must be
 * symmetric; `candidates(u)` lists u's preferred partners (ids), best first.
 */
export function localSearch(
  groups: Groups,
  weight: (i: number, j: number) => number,
  candidates: (u: number) => Int32Array,
  n: number,
  rng: Rng,
  opts: SearchOptions,
): { groups: Groups; stats: SearchStats } {
  const nG = groups.length;
  const gb = opts.groupBounds;
  if (gb !== undefined && gb.length !== nG) throw new RangeError(`${gb.length} per-group size bounds for ${nG} groups`);
  const minSize = new Int32Array(nG);
  const maxSize = new Int32Array(nG);
  let cap = 0;
  for (let g = 0; g < nG; g++) {
    [minSize[g], maxSize[g]] = gb !== undefined ? gb[g] : opts.bounds;
    cap = Math.max(cap, maxSize[g], groups[g].length);
  }
  cap++; // a swap briefly holds one extra member in the receiving group
  const members = new Int32Array(nG * cap);
  const size = new Int32Array(nG);
  const groupOf = new Int32Array(n).fill(-1);
  const slot = new Int32Array(n);
  // share[2u] = s_u; share[2u + 1] = u's list floor when the graph prices outside pairs as the mean of
  // the two floors (read with s_u in one cache line)
  const share = new Float64Array(2 * n);
  let nUsers = 0;
  for (let g = 0; g < nG; g++) {
    const grp = groups[g];
    for (let t = 0; t < grp.length; t++) {
      const u = grp[t];
      if (groupOf[u] !== -1) throw new RangeError(`user ${u} is in two groups`);
      members[g * cap + t] = u;
      groupOf[u] = g;
      slot[u] = t;
    }
    size[g] = grp.length;
    nUsers += grp.length;
  }
  const users = new Int32Array(nUsers);
  let at = 0;
  for (const grp of groups) for (const u of grp) users[at++] = u;
  const shareOf = (u: number, g: number, skip: number): number => {
    let s = 0;
    const base = g * cap;
    for (let t = 0; t < size[g]; t++) {
      const y = members[base + t];
      if (y !== u && y !== skip) s += weight(u, y);
    }
    return s;
  };
  for (let t = 0; t < nUsers; t++) share[2 * users[t]] = shareOf(users[t], groupOf[users[t]], -1);

  /** Moves u from its group to g, keeping every share exact. */
  const relocate = (u: number, g: number): void => {
    const a = groupOf[u];
    const baseA = a * cap;
    const last = members[baseA + size[a] - 1];
    members[baseA + slot[u]] = last;
    slot[last] = slot[u];
    size[a]--;
    for (let t = 0; t < size[a]; t++) {
      const y = members[baseA + t];
      share[2 * y] -= weight(u, y);
    }
    const baseB = g * cap;
    let s = 0;
    for (let t = 0; t < size[g]; t++) {
      const y = members[baseB + t];
      const w = weight(u, y);
      share[2 * y] += w;
      s += w;
    }
    members[baseB + size[g]] = u;
    slot[u] = size[g];
    size[g]++;
    groupOf[u] = g;
    share[2 * u] = s;
  };

  // with a graph, every lookup w(y, v) reads the row of y, a member of the visited group (whose row and
  // neighbour filter stay in cache while the group's members are visited) or u itself
  const graph = opts.graph;
  const meanFloors = graph !== undefined && graph.meanOutside;
  if (meanFloors) for (let t = 0; t < nUsers; t++) share[2 * users[t] + 1] = graph.floorOf(users[t]);
  /** w(y, v) = graph.weight(y, v), with v's floor from `share` when outside pairs are floor means. */
  const wTo = (y: number, v: number): number => {
    if (!meanFloors) return graph!.weight(y, v);
    const x = graph!.edgeWeight(y, v);
    if (x === x) return x;
    const m = 0.5 * (share[2 * y + 1] + share[2 * v + 1]);
    return m === m ? m : -FORBIDDEN;
  };
  /** Σ_{y ∈ A∖{v, skip}} w(y, v) for u's group A (same terms, same order as shareOf). */
  const shareFromRows = (v: number, a: number, skip: number): number => {
    let s = 0;
    const base = a * cap;
    for (let t = 0; t < size[a]; t++) {
      const y = members[base + t];
      if (y !== v && y !== skip) s += wTo(y, v);
    }
    return s;
  };

  const wu = new Float64Array(cap);
  const tried = new Int32Array(opts.neighbors + Math.max(opts.randomNeighbors, 64));
  const upper = opts.upperBound ?? Infinity;
  const stats: SearchStats = { passes: 0, moves: 0, swaps: 0, gain: 0 };
  // with a graph, a pass visits the users group by group (groups in a seeded order, as they were at the
  // start of the pass), so the rows of a group's members stay in cache for all its members; without, user by user
  const order = permutation(rng, graph !== undefined ? nG : nUsers);
  const visit = new Int32Array(nUsers);
  let stop = false;
  for (let pass = 0; pass < opts.passes && !stop; pass++) {
    stats.passes++;
    let improved = false;
    if (graph !== undefined) {
      let at = 0;
      for (let o = 0; o < nG; o++) {
        const base = order[o] * cap;
        for (let t = 0; t < size[order[o]]; t++) visit[at++] = members[base + t];
      }
    } else for (let o = 0; o < nUsers; o++) visit[o] = users[order[o]];
    for (let o = 0; o < nUsers; o++) {
      if ((o & 255) === 0 && opts.deadline !== undefined && opts.deadline()) {
        stop = true;
        break;
      }
      const u = visit[o];
      let boundFor = -1;
      let nTried = 0;
      let boundA = Infinity;
      const cand = candidates(u);
      const nc = Math.min(opts.neighbors, cand.length);
      const nr = share[2 * u] <= -FORBIDDEN / 2 ? 64 : opts.randomNeighbors;
      for (let t = 0; t < nc + nr; t++) {
        const x = t < nc ? cand[t] : users[randInt(rng, nUsers)];
        const a = groupOf[u];
        const b = x >= 0 && x < n ? groupOf[x] : -1;
        if (b < 0 || b === a) continue;
        // a group already tried for u since its last step gives the same answer again: skip it
        let seen = false;
        for (let q = 0; q < nTried; q++) if (tried[q] === b) seen = true;
        if (seen) continue;
        tried[nTried++] = b;
        const baseB = b * cap;
        let sB = 0;
        if (graph !== undefined) {
          if (boundFor !== a) {
            boundFor = a;
            boundA = 0;
            const baseA = a * cap;
            for (let q = 0; q < size[a]; q++) if (members[baseA + q] !== u) boundA += graph.maxWeight[members[baseA + q]];
          }
          for (let q = 0; q < size[b]; q++) {
            wu[q] = wTo(u, members[baseB + q]);
            sB += wu[q];
          }
        } else {
          for (let q = 0; q < size[b]; q++) {
            wu[q] = weight(u, members[baseB + q]);
            sB += wu[q];
          }
        }
        let bestDelta = MIN_GAIN;
        let bestV = -2;
        if (size[a] - 1 >= minSize[a] && size[b] + 1 <= maxSize[b]) {
          const d = sB - share[2 * u];
          if (d > bestDelta) {
            bestDelta = d;
            bestV = -1;
          }
        }
        for (let q = 0; q < size[b]; q++) {
          const v = members[baseB + q];
          const uPart = sB - wu[q] - share[2 * u];
          if (uPart + (size[a] - 1) * upper - share[2 * v] <= bestDelta) continue;
          if (uPart + boundA - share[2 * v] <= bestDelta) continue;
          const d = uPart + (graph !== undefined ? shareFromRows(v, a, u) : shareOf(v, a, u)) - share[2 * v];
          if (d > bestDelta) {
            bestDelta = d;
            bestV = v;
          }
        }
        if (bestV === -2) continue;
        nTried = 0;
        relocate(u, b);
        if (bestV >= 0) {
          relocate(bestV, a);
          stats.swaps++;
        } else stats.moves++;
        stats.gain += bestDelta;
        improved = true;
      }
    }
    if (!improved) break;
  }
  const out: Groups = [];
  for (let g = 0; g < nG; g++) if (size[g] > 0) out.push(members.slice(g * cap, g * cap + size[g]));
  return { groups: out, stats };
}

/** Size bounds for `input`: input.sizeBounds, else [min, max] of the target sizes. */
export function boundsOf(input: GroupingInput, sizes: readonly number[]): readonly [number, number] {
  if (input.sizeBounds !== undefined) return input.sizeBounds;
  return [Math.min(...sizes), Math.max(...sizes)];
}

/** Counts the pairs of `groups` that `weights` forbids. */
export function countForbidden(groups: Groups, weights: PairWeights): number {
  let c = 0;
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) if (weights.forbidden(g[a], g[b])) c++;
  return c;
}

/**
 * Makes `groups` respect the blocked pairs and the never-again rule: when some group holds a forbidden
 * pair, runs local search on the violation count alone (weight −1 per forbidden pair, sizes kept) with
 * random partners. Throws when violations remain (the rules may be unsatisfiable).
 */
export function repairForbidden(groups: Groups, input: GroupingInput, weights: PairWeights): Groups {
  if (input.blocked === undefined && !(input.neverAgainAfter !== undefined && input.neverAgainAfter > 0)) return groups;
  if (countForbidden(groups, weights) === 0) return groups;
  const none = new Int32Array(0);
  const sizes = groups.map((g) => g.length);
  const bounds = input.sizeBounds ?? ([Math.min(...sizes), Math.max(...sizes)] as const);
  const { groups: fixed } = localSearch(groups, (i, j) => (weights.forbidden(i, j) ? -FORBIDDEN : 0), () => none, input.scores.n, input.rng, {
    passes: 50,
    neighbors: 0,
    randomNeighbors: 0,
    bounds,
    groupBounds: input.groupBounds,
  });
  const left = countForbidden(fixed, weights);
  if (left > 0) throw new RangeError(`could not separate ${left} forbidden pair(s) (blocked or never-again): the rules may be unsatisfiable for these group sizes`);
  return fixed;
}

/** Options of the local-search policy. */
export interface LocalSearchPolicyOptions {
  usePenalty: boolean;
  neighbors?: number;
  randomNeighbors?: number;
}

/**
 * The "local-search" policy: greedy, then swap/move local search on the same weights (passes from
 * input.searchPasses, default 4; input.deadline honoured), then — with a deadline or input.searchIterations —
 * iterated tabu search (≤ TABU_MAX_USERS users) or iterated local search (more) until the budget is spent,
 * then the forbidden-pair repair if needed.
 */
export function makeLocalSearchPolicy(opts: LocalSearchPolicyOptions): GroupingPolicy {
  const neighbors = opts.neighbors ?? 8;
  const randomNeighbors = opts.randomNeighbors ?? 1;
  return {
    name: opts.usePenalty ? "local-search" : "local-search-nopenalty",
    formGroups(input: GroupingInput): Groups {
      const weights = new PairWeights(input, opts.usePenalty ? input.repeatPenalty : 0);
      const graph = new CandidateGraph(input, weights);
      const start = greedyGroups(input, graph);
      const weight = (i: number, j: number): number => graph.weight(i, j);
      const candidates = (u: number): Int32Array => input.scores.candidates(u);
      const search: SearchOptions = {
        passes: input.searchPasses ?? 4,
        neighbors,
        randomNeighbors,
        bounds: boundsOf(input, start.map((g) => g.length)),
        groupBounds: input.groupBounds,
        deadline: input.deadline,
        upperBound: weights.upperBound(),
        graph,
      };
      let { groups } = localSearch(start, weight, candidates, input.scores.n, input.rng, search);
      const iterations = input.searchIterations ?? (input.deadline === undefined ? 0 : Number.POSITIVE_INFINITY);
      if (iterations > 0) {
        const budget = { maxIterations: iterations, deadline: input.deadline };
        if (input.present.length <= TABU_MAX_USERS) {
          const bounds = input.groupBounds ?? groups.map(() => search.bounds);
          groups = tabuSearch(groups, weight, bounds, input.rng, budget).groups;
        } else groups = iteratedLocalSearch(groups, weight, candidates, input.scores.n, input.rng, search, budget).groups;
      }
      return repairForbidden(groups, input, weights);
    },
  };
}
