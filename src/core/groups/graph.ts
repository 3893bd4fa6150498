/**
 * The per-round candidate graph shared by greedy and local search: a symmetric sparse graph in CSR form
 * over the present users whose edges are every pair {i, j} with j in i's candidate list, i in j's, or
 * {i, j} having met before, each with its precomputed weight w_ij (weights.ts):
 *   w_ij = AGG(â_ij, â_ji) − λ·c_eff(i, j)² + exploration_ij − FORBIDDEN·[forbidden].
 * Rows are sorted by neighbour id, so weight(i, j) is a binary search in i's short row, done only when
 * i's neighbour filter (a two-hash Bloom filter per row, ≈ 3% false positives) admits j. A pair outside
 * the graph has met no one's list and never met: when the scores publish a per-user floor
 * (`unlistedScore`) and the history can list its pairs (`forEachPair`), its weight is composed in O(1)
 * from the two floors (count 0); otherwise it falls back to the full PairWeights lookup. Values are
 * bit-identical to PairWeights.weight either way.
 *
 * Build, for N present users with lists of length ≤ m and P past pairs: O(N·m + P) with three
 * transpositions (each fills rows in ascending source order, so rows come out sorted without a sort) and
 * one merge (which also fills the filters and each row's bound); one history lookup per past pair and one
 * score lookup per listed entry, none per edge later.
 */
import type { GroupingInput, MutualAggregate } from "./types.js";
import { FORBIDDEN, type PairWeights } from "./weights.js";
import { mutualScore } from "./mutual.js";

/** Multipliers of the neighbour filter's two hashes (the top bits of id · HASH pick a bit). */
const HASH = 0x9e3779b1 | 0;
const HASH2 = 0x85ebca77 | 0;
const MUTUAL_CODE: Record<MutualAggregate, number> = { mean: 1, min: 2, harmonic: 3 };

type Ints = Int32Array<ArrayBuffer>;
type Floats = Float64Array<ArrayBuffer>;

/** A CSR of rows 0..n−1 with one payload per entry. */
interface Rows {
  start: Ints;
  col: Ints;
  a: Floats;
  /** A second payload, or null. */
  b: Floats | null;
}

/**
 * Transposes `src` (entries of row r at start[r]..start[r+1]) into rows by column: row c lists the source
 * rows r in ascending order (the scatter walks r ascending), each entry keeping its payloads.
 */
function transpose(n: number, src: Rows): Rows {
  const start = new Int32Array(n + 1);
  const nnz = src.start[n];
  for (let p = 0; p < nnz; p++) start[src.col[p] + 1]++;
  for (let r = 0; r < n; r++) start[r + 1] += start[r];
  const fill = start.slice(0, n);
  const col = new Int32Array(nnz);
  const a = new Float64Array(nnz);
  const sb = src.b;
  const b = sb === null ? null : new Float64Array(nnz);
  for (let r = 0; r < n; r++) {
    for (let p = src.start[r]; p < src.start[r + 1]; p++) {
      const q = fill[src.col[p]]++;
      col[q] = r;
      a[q] = src.a[p];
      if (b !== null) b[q] = sb![p];
    }
  }
  return { start, col, a, b };
}

export class CandidateGraph {
  readonly n: number;
  /** Row i is rowStart[i]..rowStart[i+1] (empty for absent users). */
  readonly rowStart: Int32Array;
  /** Neighbour ids, ascending within a row. */
  readonly col: Int32Array;
  /** w_ij of each entry. */
  readonly w: Float64Array;
  /**
   * Greedy's directed edges: row u's entries that are in u's own candidate list, at ownStart[u] ..
   * ownStart[u+1], sorted by weight descending, then id ascending.
   */
  readonly ownStart: Int32Array;
  readonly ownTo: Int32Array;
  readonly ownW: Float64Array;
  private readonly weights: PairWeights;
  private readonly floors: Float64Array | null;

  /** Builds the graph of `input` under `weights` (which must have been built from the same input). */
  constructor(input: GroupingInput, weights: PairWeights) {
    const { scores, present, history } = input;
    const n = scores.n;
    this.n = n;
    this.weights = weights;
    const isPresent = new Uint8Array(n);
    for (let t = 0; t < present.length; t++) {
      const u = present[t];
      if (!Number.isInteger(u) || u < 0 || u >= n) throw new RangeError(`present user ${u} outside 0..${n - 1}`);
      isPresent[u] = 1;
    }
    const canFloor = scores.unlistedScore !== undefined && history.forEachPair !== undefined;
    let floors: Float64Array | null = null;
    if (canFloor) {
      floors = new Float64Array(n);
      for (let t = 0; t < present.length; t++) floors[present[t]] = scores.unlistedScore!(present[t]);
    }
    this.floors = floors;

    // own lists D(u) (present, ≠ u) with â_uv, sorted by id (directly, or by transposing twice)
    const byId = scores.candidatesById !== undefined;
    const dStart = new Int32Array(n + 1);
    for (let t = 0; t < present.length; t++) {
      const u = present[t];
      const cand = byId ? scores.candidatesById!(u).ids : scores.candidates(u);
      let c = 0;
      for (let q = 0; q < cand.length; q++) if (cand[q] !== u && isPresent[cand[q]] === 1) c++;
      dStart[u + 1] = c;
    }
    for (let r = 0; r < n; r++) dStart[r + 1] += dStart[r];
    const dCol = new Int32Array(dStart[n]);
    const dS = new Float64Array(dStart[n]);
    for (let t = 0; t < present.length; t++) {
      const u = present[t];
      let p = dStart[u];
      if (byId) {
        const { ids, scores: sc } = scores.candidatesById!(u);
        for (let q = 0; q < ids.length; q++) {
          const v = ids[q];
          if (v === u || isPresent[v] !== 1) continue;
          dCol[p] = v;
          dS[p] = sc[q];
          p++;
        }
      } else {
        const cand = scores.candidates(u);
        for (let q = 0; q < cand.length; q++) {
          const v = cand[q];
          if (v === u || isPresent[v] !== 1) continue;
          dCol[p] = v;
          dS[p] = scores.score(u, v);
          p++;
        }
      }
    }
    const ownRows: Rows = { start: dStart, col: dCol, a: dS, b: null };
    const inRows = transpose(n, ownRows); // row v: u with v ∈ D(u), a = â_uv
    const outRows = byId ? ownRows : transpose(n, inRows); // row u: v ∈ D(u) ascending, a = â_uv

    // past pairs among present users, both orientations, with c_eff and the count; transposed → sorted
    const pairs: number[] = [];
    if (history.forEachPair !== undefined) {
      history.forEachPair((i, j) => {
        if (isPresent[i] === 1 && isPresent[j] === 1 && i !== j) pairs.push(i, j);
      });
    } else {
      // no pair listing: the pairs that met among the listed ones (duplicates merge below)
      for (let t = 0; t < present.length; t++) {
        const u = present[t];
        for (const v of scores.candidates(u)) if (v !== u && isPresent[v] === 1 && history.count(u, v) > 0) pairs.push(u, v);
      }
    }
    const hStart = new Int32Array(n + 1);
    for (let p = 0; p < pairs.length; p++) hStart[pairs[p] + 1]++;
    for (let r = 0; r < n; r++) hStart[r + 1] += hStart[r];
    const hFill = hStart.slice(0, n);
    const hCol = new Int32Array(pairs.length);
    const hC = new Float64Array(pairs.length);
    const hN = new Float64Array(pairs.length);
    for (let p = 0; p < pairs.length; p += 2) {
      const i = pairs[p];
      const j = pairs[p + 1];
      const c = weights.needsDecayed ? history.decayedCount(i, j, input.round, input.repeatDecay) : 0;
      const cnt = weights.needsCount ? history.count(i, j) : 0;
      let q = hFill[i]++;
      hCol[q] = j;
      hC[q] = c;
      hN[q] = cnt;
      q = hFill[j]++;
      hCol[q] = i;
      hC[q] = c;
      hN[q] = cnt;
    }
    const hist = transpose(n, { start: hStart, col: hCol, a: hC, b: hN });

    // merge out ∪ in ∪ hist per row (each sorted), computing w once per entry; on the way, each row's
    // largest weight (for maxWeight) and its neighbour filter
    const cap = outRows.start[n] + inRows.start[n] + hist.start[n];
    const rowStart = new Int32Array(n + 1);
    const col = new Int32Array(cap);
    const w = new Float64Array(cap);
    // own candidate edges, row by row (at most the out entries)
    const ownStart = new Int32Array(n + 1);
    const ownTo = new Int32Array(outRows.start[n]);
    const ownW = new Float64Array(outRows.start[n]);
    let o = 0;
    let maxFloor = -Infinity;
    if (floors !== null) for (let t = 0; t < present.length; t++) maxFloor = Math.max(maxFloor, floors[present[t]]);
    const maxW = new Float64Array(n).fill(Infinity);
    // filter: ≈ 10 bits per entry on average (a power of 2, 64..8192 bits per row), two hashes: ≈ 3%
    // false positives
    let bits = 64;
    while (bits < 8192 && bits < (10 * cap) / Math.max(1, present.length)) bits *= 2;
    const words = bits >>> 5;
    const shift = 32 - Math.log2(bits);
    const filter = new Int32Array(n * words);
    // w_uv = AGG(sOut, sIn) − λ·c² exactly as PairWeights.compose when no exploration or rule applies
    const plain = weights.plain ? MUTUAL_CODE[input.mutual] : 0;
    const lambda = weights.repeatWeight;
    let e = 0;
    for (let u = 0; u < n; u++) {
      let po = outRows.start[u];
      const eo = outRows.start[u + 1];
      let pi = inRows.start[u];
      const ei = inRows.start[u + 1];
      let ph = hist.start[u];
      const eh = hist.start[u + 1];
      let rowMax = floors !== null ? weights.unmetBound(floors[u], maxFloor) : Infinity;
      const fBase = u * words;
      while (po < eo || pi < ei || ph < eh) {
        let v = 0x7fffffff;
        if (po < eo && outRows.col[po] < v) v = outRows.col[po];
        if (pi < ei && inRows.col[pi] < v) v = inRows.col[pi];
        if (ph < eh && hist.col[ph] < v) v = hist.col[ph];
        let sOut = NaN;
        let sIn = NaN;
        let c = 0;
        let cnt = 0;
        let isOwn = 0;
        while (po < eo && outRows.col[po] === v) {
          sOut = outRows.a[po++];
          isOwn = 1;
        }
        while (pi < ei && inRows.col[pi] === v) sIn = inRows.a[pi++];
        while (ph < eh && hist.col[ph] === v) {
          c = hist.a[ph];
          cnt = hist.b![ph++];
        }
        if (isOwn === 0) sOut = floors !== null ? floors[u] : scores.score(u, v);
        if (sIn !== sIn) sIn = floors !== null ? floors[v] : scores.score(v, u);
        let x: number;
        if (plain === 1) {
          x = 0.5 * (sOut + sIn);
          if (lambda > 0) x -= lambda * c * c;
          if (x !== x) x = -FORBIDDEN;
        } else x = weights.compose(u, v, sOut, sIn, c, cnt);
        col[e] = v;
        w[e] = x;
        if (isOwn === 1) {
          ownTo[o] = v;
          ownW[o++] = x;
        }
        if (x > rowMax) rowMax = x;
        const h1 = Math.imul(v, HASH) >>> shift;
        const h2 = Math.imul(v, HASH2) >>> shift;
        filter[fBase + (h1 >>> 5)] |= 1 << (h1 & 31);
        filter[fBase + (h2 >>> 5)] |= 1 << (h2 & 31);
        e++;
      }
      rowStart[u + 1] = e;
      ownStart[u + 1] = o;
      sortEdges(ownTo, ownW, ownStart[u], o);
      if (floors !== null && isPresent[u] === 1) maxW[u] = rowMax;
    }
    // views, not copies: the few slots left by pairs listed on both sides stay unused
    this.rowStart = rowStart;
    this.col = col.subarray(0, e);
    this.w = w.subarray(0, e);
    this.ownStart = ownStart;
    this.ownTo = ownTo;
    this.ownW = ownW;
    // per-user bound on w_u· : the row's largest weight, and the bound for pairs outside the graph
    this.maxWeight = maxW;
    this.filter = filter;
    this.filterWords = words;
    this.filterShift = shift;
    this.plainOutside = floors !== null ? plain : 0;
  }

  /** Per row, a two-hash Bloom filter of its neighbour ids (filterWords 32-bit words per row). */
  private readonly filter: Int32Array;
  private readonly filterWords: number;
  private readonly filterShift: number;
  /**
   * When a pair outside the graph weighs exactly AGG(floor_i, floor_j) (no exploration, no rules): 1 mean,
   * 2 min, 3 harmonic; 0 otherwise (use PairWeights.compose).
   */
  private readonly plainOutside: number;

  /** Per user u, an upper bound on w_uv over every v (+∞ when no cheap bound exists). */
  readonly maxWeight: Float64Array;

  /**
   * Position of j in i's row, or −1. Ids in a row are spread over 0..n−1, so the search starts at the
   * interpolated position len·j/n and gallops from there (one or two cache lines of the row for ids that
   * look uniform; O(log len) in any case), then finishes with a binary search in the bracket.
   */
  find(i: number, j: number): number {
    const col = this.col;
    const start = this.rowStart[i];
    const end = this.rowStart[i + 1];
    const len = end - start;
    if (len === 0) return -1;
    const guess = start + Math.min(len - 1, Math.floor((len * j) / this.n));
    // bracket: col[lo] < j ≤ col[hi] with lo = start − 1 / hi = end as sentinels
    let lo: number;
    let hi: number;
    if (col[guess] < j) {
      lo = guess;
      let step = 1;
      while (lo + step < end && col[lo + step] < j) {
        lo += step;
        step <<= 1;
      }
      hi = Math.min(lo + step, end);
    } else {
      hi = guess;
      let step = 1;
      while (hi - step >= start && col[hi - step] >= j) {
        hi -= step;
        step <<= 1;
      }
      lo = Math.max(hi - step, start - 1);
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (col[mid] < j) lo = mid;
      else hi = mid;
    }
    return hi < end && col[hi] === j ? hi : -1;
  }

  /**
   * w_ij for any two present users (symmetric): the stored edge weight, else the weight of a pair outside
   * the graph. i's neighbour filter rules most non-edges out without searching i's row.
   */
  weight(i: number, j: number): number {
    const base = i * this.filterWords;
    const h1 = Math.imul(j, HASH) >>> this.filterShift;
    const h2 = Math.imul(j, HASH2) >>> this.filterShift;
    if ((((this.filter[base + (h1 >>> 5)] >>> (h1 & 31)) & (this.filter[base + (h2 >>> 5)] >>> (h2 & 31))) & 1) === 0) {
      return this.outside(i, j);
    }
    const p = this.find(i, j);
    return p >= 0 ? this.w[p] : this.outside(i, j);
  }

  /** w_ij when {i, j} is an edge, else NaN (same filter and search as `weight`). */
  edgeWeight(i: number, j: number): number {
    const base = i * this.filterWords;
    const h1 = Math.imul(j, HASH) >>> this.filterShift;
    const h2 = Math.imul(j, HASH2) >>> this.filterShift;
    if ((((this.filter[base + (h1 >>> 5)] >>> (h1 & 31)) & (this.filter[base + (h2 >>> 5)] >>> (h2 & 31))) & 1) === 0) return NaN;
    const p = this.find(i, j);
    return p >= 0 ? this.w[p] : NaN;
  }

  /** True when a pair outside the graph weighs exactly ½(floor_i + floor_j) (or −FORBIDDEN if NaN). */
  get meanOutside(): boolean {
    return this.plainOutside === 1;
  }

  /** u's list floor (0 when the scores publish none). */
  floorOf(u: number): number {
    return this.floors !== null ? this.floors[u] : 0;
  }

  /** w_ij of a pair known not to be an edge: O(1) from the floors when available, else the full lookup. */
  outside(i: number, j: number): number {
    const f = this.floors;
    if (f === null) return this.weights.weight(i, j);
    const mode = this.plainOutside;
    if (mode === 1) {
      const m = 0.5 * (f[i] + f[j]);
      return m === m ? m : -FORBIDDEN;
    }
    if (mode === 0) return this.weights.compose(i, j, f[i], f[j], 0, 0);
    const m = mutualScore(f[i], f[j], mode === 2 ? "min" : "harmonic");
    return m === m ? m : -FORBIDDEN;
  }
}

/**
 * Sorts edges [from, end) by weight descending, then target id ascending (insertion sort: lists are short;
 * ids within a row are distinct, so the order is total).
 */
function sortEdges(to: Int32Array, w: Float64Array, from: number, end: number): void {
  for (let a = from + 1; a < end; a++) {
    const id = to[a];
    const v = w[a];
    let b = a - 1;
    while (b >= from && (w[b] < v || (w[b] === v && to[b] > id))) {
      to[b + 1] = to[b];
      w[b + 1] = w[b];
      b--;
    }
    to[b + 1] = id;
    w[b + 1] = v;
  }
}
