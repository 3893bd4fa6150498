/**
 * Iterated tabu search for budgeted grouping on up to a few thousand users (the maximally diverse grouping
 * problem's instance sizes). It keeps the dense pair weights W (n×n) and a gain table D[u][g] = Σ_{y∈g} w_uy,
 * so every step evaluates the whole neighbourhood exactly:
 *   move u: A → B   (group sizes stay within [a_t, b_t]):  Δ = D[u][B] − D[u][A]
 *   swap u ∈ A ↔ v ∈ B:                                   Δ = D[u][B] − D[u][A] + D[v][A] − D[v][B] − 2·w_uv
 * and takes the best step that is not tabu (a user moved recently stays put for a random tenure unless the
 * step beats the best value found: aspiration), even when Δ < 0. After a long stretch without a new best,
 * the search restarts from the best partition kicked hard (about 0.6·n random swaps and moves: with
 * per-group bounds the search otherwise stays with one pattern of group sizes; measured on MDGPLIB's
 * RanInt n = 120 "ds" instances, a kick of 0.05·n left 5 of 8 runs more than 1% below the best-known
 * value on one instance, 0.6·n none). Swaps that cannot reach the best step even with the largest gain
 * of the other group are skipped unevaluated. A step costs O(n² + n·G) to choose and O(n·G) to apply. Randomness (ties, tenures, kicks): the rng passed in; deterministic for an
 * iteration budget, machine-dependent under a deadline.
 */
import { randInt, type Rng } from "../rng.js";
import type { Groups } from "./types.js";
import { partitionValue } from "./iterated.js";

/** Largest number of users the dense search takes (W needs 8·n² bytes: 72 MB at 3,000). */
export const TABU_MAX_USERS = 3000;

/** Budget of the search: a maximum number of steps and/or an injected deadline (the CLI's clock). */
export interface TabuBudget {
  maxIterations: number;
  deadline?: () => boolean;
}

/** Search parameters, as fractions of the number of users n (defaults in brackets). */
export interface TabuParams {
  /** A moved user stays tabu for tenure + U{0..tenure−1} steps, tenure = max(2, ⌊f·n⌋) [0.05]. */
  tenure: number;
  /** Steps without a new best before the kick: max(min(2000, 20·n), f·n) [10]. */
  stall: number;
  /** Random swaps or moves of the kick: max(2, ⌈f·n⌉) [0.6]. */
  kick: number;
}

export const DEFAULT_TABU_PARAMS: TabuParams = { tenure: 0.05, stall: 10, kick: 0.6 };

const EPS = 1e-9;

/**
 * Improves `start` (group t bounded by bounds[t] = [a_t, b_t]; every start size within them) for the
 * symmetric `weight` and returns the best partition found, its value Σ_groups Σ_{i<j} w_ij and the number
 * of steps taken. Groups keep their order.
 */
export function tabuSearch(
  start: Groups,
  weight: (i: number, j: number) => number,
  bounds: readonly (readonly [number, number])[],
  rng: Rng,
  budget: TabuBudget,
  params: TabuParams = DEFAULT_TABU_PARAMS,
): { groups: Groups; value: number; iterations: number } {
  const nG = start.length;
  let n = 0;
  for (const g of start) n += g.length;
  if (n > TABU_MAX_USERS) throw new RangeError(`tabu search takes at most ${TABU_MAX_USERS} users, got ${n}`);
  if (bounds.length !== nG) throw new RangeError(`${bounds.length} size bounds for ${nG} groups`);
  // no budget left: skip the O(n²) set-up
  if (budget.maxIterations <= 0 || (budget.deadline !== undefined && budget.deadline())) {
    return { groups: start.map((g) => g.slice()), value: partitionValue(start, weight), iterations: 0 };
  }
  const ids = new Int32Array(n);
  const group = new Int32Array(n);
  const size = new Int32Array(nG);
  const lo = new Int32Array(nG);
  const hi = new Int32Array(nG);
  let at = 0;
  for (let g = 0; g < nG; g++) {
    [lo[g], hi[g]] = bounds[g];
    size[g] = start[g].length;
    if (size[g] < lo[g] || size[g] > hi[g]) throw new RangeError(`group ${g}'s size ${size[g]} is outside [${lo[g]}, ${hi[g]}]`);
    for (const u of start[g]) {
      ids[at] = u;
      group[at++] = g;
    }
  }
  const W = new Float64Array(n * n);
  let wMin = Infinity;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const w = weight(ids[i], ids[j]);
      W[i * n + j] = w;
      W[j * n + i] = w;
      if (w < wMin) wMin = w;
    }
  const D = new Float64Array(n * nG);
  // gain[b·G + a] = max over v in group b of D[v][a] − D[v][b]: bounds every swap of a member of a with one of b
  const gain = new Float64Array(nG * nG);
  let cap = 0;
  for (let g = 0; g < nG; g++) cap = Math.max(cap, hi[g] + 1); // a swap's first move briefly adds one member
  const members = new Int32Array(nG * cap);
  const bestGroup = new Int32Array(n);
  const tabuUntil = new Float64Array(n);

  /** Rebuilds the member lists, the sizes and D from group[]; returns the value of the assignment. */
  const rebuild = (): number => {
    size.fill(0);
    for (let u = 0; u < n; u++) members[group[u] * cap + size[group[u]]++] = u;
    D.fill(0);
    let value = 0;
    for (let u = 0; u < n; u++) {
      const row = u * n;
      for (let y = 0; y < n; y++) D[u * nG + group[y]] += W[row + y];
      value += D[u * nG + group[u]];
    }
    return value / 2;
  };
  /** Moves u to group b, keeping D and the member lists exact. */
  const move = (u: number, b: number): void => {
    const a = group[u];
    const row = u * n;
    for (let y = 0; y < n; y++) {
      const w = W[row + y];
      D[y * nG + a] -= w;
      D[y * nG + b] += w;
    }
    for (let t = 0; t < size[a]; t++) {
      if (members[a * cap + t] === u) {
        members[a * cap + t] = members[a * cap + size[a] - 1];
        break;
      }
    }
    size[a]--;
    members[b * cap + size[b]++] = u;
    group[u] = b;
  };

  let value = rebuild();
  let bestValue = value;
  bestGroup.set(group);
  const tenureSpan = Math.max(2, Math.floor(params.tenure * n));
  const stallLimit = Math.max(Math.min(2000, 20 * n), params.stall * n);
  const kickSwaps = Math.max(2, Math.ceil(params.kick * n));
  let lastBest = 0;
  let it = 0;
  for (; it < budget.maxIterations; it++) {
    if ((it & 15) === 0 && budget.deadline !== undefined && budget.deadline()) break;
    if (it - lastBest > stallLimit) {
      group.set(bestGroup);
      size.fill(0);
      for (let u = 0; u < n; u++) size[group[u]]++;
      for (let s = 0; s < kickSwaps; s++) {
        const u = randInt(rng, n);
        const a = group[u];
        const b = randInt(rng, nG);
        if ((s & 1) === 1 && size[a] > lo[a] && size[b] < hi[b]) {
          group[u] = b;
          size[a]--;
          size[b]++;
          continue;
        }
        const v = randInt(rng, n);
        group[u] = group[v];
        group[v] = a;
      }
      value = rebuild();
      tabuUntil.fill(0);
      lastBest = it;
    }
    gain.fill(-Infinity);
    for (let v = 0; v < n; v++) {
      const b = group[v];
      const dv = v * nG;
      for (let a = 0; a < nG; a++) {
        const y = D[dv + a] - D[dv + b];
        if (y > gain[b * nG + a]) gain[b * nG + a] = y;
      }
    }
    let bestDelta = -Infinity;
    let ties = 0;
    let pu = -1;
    let pv = -1;
    let pb = -1;
    for (let u = 0; u < n; u++) {
      const a = group[u];
      const du = u * nG;
      const dua = D[du + a];
      const tabuU = tabuUntil[u] > it;
      const canLeave = size[a] > lo[a];
      const row = u * n;
      for (let b = 0; b < nG; b++) {
        if (b === a) continue;
        const x = D[du + b] - dua;
        if (canLeave && size[b] < hi[b] && x >= bestDelta - EPS && !(tabuU && value + x <= bestValue + EPS)) {
          if (x > bestDelta + EPS) {
            bestDelta = x;
            ties = 1;
            pu = u;
            pv = -1;
            pb = b;
          } else if (randInt(rng, ++ties) === 0) {
            pu = u;
            pv = -1;
            pb = b;
          }
        }
        // swaps with the members of groups b > a, unless even the best of them cannot reach bestDelta
        if (b < a || x + gain[b * nG + a] - 2 * wMin < bestDelta - EPS) continue;
        const base = b * cap;
        for (let t = 0; t < size[b]; t++) {
          const v = members[base + t];
          const dv = v * nG;
          const d = x + D[dv + a] - D[dv + b] - 2 * W[row + v];
          if (d < bestDelta - EPS || ((tabuU || tabuUntil[v] > it) && value + d <= bestValue + EPS)) continue;
          if (d > bestDelta + EPS) {
            bestDelta = d;
            ties = 1;
          } else if (randInt(rng, ++ties) !== 0) continue;
          pu = u;
          pv = v;
          pb = b;
        }
      }
    }
    if (pu < 0) {
      // every step is tabu (possible on tiny instances): free all users; with none tabu there is no step at all
      let anyTabu = false;
      for (let u = 0; u < n; u++) if (tabuUntil[u] > it) anyTabu = true;
      if (!anyTabu) break;
      tabuUntil.fill(0);
      continue;
    }
    const a = group[pu];
    move(pu, pb);
    tabuUntil[pu] = it + 1 + randInt(rng, tenureSpan) + tenureSpan;
    if (pv >= 0) {
      move(pv, a);
      tabuUntil[pv] = it + 1 + randInt(rng, tenureSpan) + tenureSpan;
    }
    value += bestDelta;
    if (value > bestValue + EPS) {
      bestValue = value;
      bestGroup.set(group);
      lastBest = it;
    }
  }
  const out: Groups = [];
  const fill = new Int32Array(nG);
  for (let u = 0; u < n; u++) fill[bestGroup[u]]++;
  for (let g = 0; g < nG; g++) out.push(new Int32Array(fill[g]));
  fill.fill(0);
  for (let u = 0; u < n; u++) out[bestGroup[u]][fill[bestGroup[u]]++] = ids[u];
  return { groups: out, value: bestValue, iterations: it };
}
