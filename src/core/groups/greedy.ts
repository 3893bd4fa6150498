/**
 * Greedy grouping (DESIGN §4): fill one group at a time. Each group is seeded with the free user whose best
 * free candidate edge is the best of all, plus that partner; then the free user with the largest gain
 * Σ_{members i} w_ij, w_ij = m_ij − λ·c_eff(i, j)², joins until the group has its size. Candidates for a group
 * are the union of its members' candidate lists; when none is free, a bounded number of free users taken in
 * a seeded order are evaluated instead.
 *
 * Cost, for N present users with candidate lists of length ≤ m and groups of size ≤ s: O(N·m) edge values
 * computed once and sorted per user (O(N·m log m)), a heap of users keyed by their best free edge
 * (decrease-key at the root as edges go stale, O(N·m + N log N) in all), and O(s²·m) per group for the gains.
 * No O(n²) step. Deterministic for a given input: ties go to the smaller id; input.rng only orders leftovers.
 */
import { permutation } from "../rng.js";
import { targetSizes } from "./sizes.js";
import { repairForbidden } from "./local-search.js";
import type { GroupingInput, GroupingPolicy, Groups } from "./types.js";
import { PairWeights } from "./weights.js";
import { CandidateGraph } from "./graph.js";

/** How many free users the fallback evaluates when no member's candidate is free. */
const FALLBACK_EVALS = 32;

const ABSENT = 0;
const FREE = 1;
const TAKEN = 2;

/** The greedy policy; "greedy" ignores the repetition penalty (λ = 0), "greedy-penalty" uses input.repeatPenalty. */
export function makeGreedyPolicy(opts: { usePenalty: boolean }): GroupingPolicy {
  const usePenalty = opts.usePenalty;
  return {
    name: usePenalty ? "greedy-penalty" : "greedy",
    formGroups: (input: GroupingInput): Groups => {
      const weights = new PairWeights(input, usePenalty ? input.repeatPenalty : 0);
      return repairForbidden(greedyGroups(input, new CandidateGraph(input, weights)), input, weights);
    },
  };
}

/**
 * The greedy partition of `input.present` into `targetSizes(input)` groups under the weights of the round's
 * candidate graph (shared with local search, which starts from it).
 */
export function greedyGroups(input: GroupingInput, graph: CandidateGraph): Groups {
  const { scores, present } = input;
  const n = scores.n;
  const nPresent = present.length;
  const sizes = targetSizes(input);
  const state = new Uint8Array(n);
  const localOf = new Int32Array(n).fill(-1);
  for (let l = 0; l < nPresent; l++) {
    const u = present[l];
    if (!Number.isInteger(u) || u < 0 || u >= n) throw new RangeError(`present user ${u} outside 0..${n - 1}`);
    if (state[u] !== ABSENT) throw new RangeError(`user ${u} listed twice in present`);
    state[u] = FREE;
    localOf[u] = l;
  }

  /** w_ij of weights.ts (affinity − penalty + exploration − forbidden), symmetric in i and j. */
  const value = (i: number, j: number): number => graph.weight(i, j);

  // each present user's own candidate edges (present others), sorted by (w desc, id asc), from the graph;
  // local user l's edges are edgeStart[l] .. edgeEnd[l]
  const edgeTo = graph.ownTo;
  const edgeW = graph.ownW;
  const edgeStart = new Int32Array(nPresent);
  const edgeEnd = new Int32Array(nPresent);
  let maxDegree = 0;
  for (let l = 0; l < nPresent; l++) {
    const u = present[l];
    edgeStart[l] = graph.ownStart[u];
    edgeEnd[l] = graph.ownStart[u + 1];
    maxDegree = Math.max(maxDegree, edgeEnd[l] - edgeStart[l]);
  }

  // max-heap of local users by (best free edge desc, id asc); keys only decrease, at the root
  const ptr = edgeStart.slice();
  const heap = new Int32Array(nPresent);
  const heapKey = new Float64Array(nPresent);
  let heapSize = 0;
  const above = (a: number, b: number): boolean =>
    heapKey[a] > heapKey[b] || (heapKey[a] === heapKey[b] && present[heap[a]] < present[heap[b]]);
  const swap = (a: number, b: number): void => {
    const t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
    const k = heapKey[a];
    heapKey[a] = heapKey[b];
    heapKey[b] = k;
  };
  const siftDown = (start: number): void => {
    let c = start;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let best = c;
      if (l < heapSize && above(l, best)) best = l;
      if (r < heapSize && above(r, best)) best = r;
      if (best === c) return;
      swap(c, best);
      c = best;
    }
  };
  for (let l = 0; l < nPresent; l++) {
    if (edgeEnd[l] > edgeStart[l]) {
      heap[heapSize] = l;
      heapKey[heapSize] = edgeW[edgeStart[l]];
      heapSize++;
    }
  }
  for (let c = (heapSize >> 1) - 1; c >= 0; c--) siftDown(c);
  const popRoot = (): void => {
    heapSize--;
    heap[0] = heap[heapSize];
    heapKey[0] = heapKey[heapSize];
    siftDown(0);
  };
  /** Local index of the free user with the best free edge (left at ptr[l]), or −1 when there is none. */
  const popSeed = (): number => {
    while (heapSize > 0) {
      const l = heap[0];
      if (state[present[l]] !== FREE) {
        popRoot();
        continue;
      }
      const end = edgeEnd[l];
      let p = ptr[l];
      while (p < end && state[edgeTo[p]] !== FREE) p++;
      ptr[l] = p;
      if (p === end) {
        popRoot();
        continue;
      }
      if (edgeW[p] !== heapKey[0]) {
        heapKey[0] = edgeW[p];
        siftDown(0);
        continue;
      }
      popRoot();
      return l;
    }
    return -1;
  };

  // free users in a seeded order, removed by swap with the last: the leftover pool
  const pool = permutation(input.rng, nPresent);
  for (let t = 0; t < nPresent; t++) pool[t] = present[pool[t]];
  const poolPos = new Int32Array(n);
  for (let t = 0; t < nPresent; t++) poolPos[pool[t]] = t;
  let poolSize = nPresent;

  const maxSize = sizes[0];
  const members = new Int32Array(maxSize);
  let size = 0;
  const frontier = new Int32Array(maxSize * maxDegree + 1);
  let frontierLen = 0;
  const gain = new Float64Array(n);
  const stamp = new Int32Array(n);
  const touched = new Int32Array(n);
  let groupStamp = 0;
  let step = 0;

  const gainAgainstMembers = (c: number, skip: number): number => {
    let s = 0;
    for (let t = 0; t < size; t++) if (members[t] !== skip) s += value(members[t], c);
    return s;
  };
  /** Puts u in the group; unless the group is then full, updates the gains of the free users around it. */
  const add = (u: number, full: boolean): void => {
    state[u] = TAKEN;
    const at = poolPos[u];
    const last = pool[--poolSize];
    pool[at] = last;
    poolPos[last] = at;
    members[size++] = u;
    step++;
    if (full) return;
    const lu = localOf[u];
    for (let p = edgeStart[lu]; p < edgeEnd[lu]; p++) {
      const c = edgeTo[p];
      if (state[c] !== FREE || touched[c] === step) continue;
      touched[c] = step;
      if (stamp[c] === groupStamp) gain[c] += edgeW[p];
      else {
        stamp[c] = groupStamp;
        gain[c] = edgeW[p] + gainAgainstMembers(c, u);
        frontier[frontierLen++] = c;
      }
    }
    for (let f = 0; f < frontierLen; f++) {
      const c = frontier[f];
      if (state[c] === FREE && touched[c] !== step) gain[c] += value(u, c);
    }
  };
  const fallback = (): number => {
    let best = -1;
    let bestGain = -Infinity;
    const evals = Math.min(FALLBACK_EVALS, poolSize);
    for (let t = 0; t < evals; t++) {
      const c = pool[t];
      const g = gainAgainstMembers(c, -1);
      if (best < 0 || g > bestGain || (g === bestGain && c < best)) {
        best = c;
        bestGain = g;
      }
    }
    return best;
  };

  const groups: Groups = [];
  for (const s of sizes) {
    groupStamp++;
    size = 0;
    frontierLen = 0;
    const seed = popSeed();
    if (seed >= 0) {
      const partner = edgeTo[ptr[seed]];
      add(present[seed], s === 1);
      add(partner, s === 2);
    } else add(pool[0], s === 1);
    while (size < s) {
      let best = -1;
      let bestGain = -Infinity;
      for (let f = 0; f < frontierLen; f++) {
        const c = frontier[f];
        if (state[c] !== FREE) continue;
        const g = gain[c];
        if (best < 0 || g > bestGain || (g === bestGain && c < best)) {
          best = c;
          bestGain = g;
        }
      }
      add(best >= 0 ? best : fallback(), size + 1 === s);
    }
    groups.push(members.slice(0, size));
  }
  return groups;
}
