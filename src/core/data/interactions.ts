/**
 * An interaction data set after id mapping: parallel arrays of (row, col, weight, time), and the
 * positive-feedback matrix FCF/ALS learn from. Pure: built row by row by the loaders in src/sim/data.
 */
import { csrFromTriplets, type Csr } from "../sparse/csr.js";
import { IdIndex } from "./ids.js";
import type { Interaction } from "./formats.js";

/** A loaded data set: rows (users) × cols (items, or people when `shared`). */
export interface InteractionData {
  rowIds: string[];
  colIds: string[];
  shared: boolean;
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  time: Float64Array;
  /** Bad rows skipped (only with --skip-bad-rows). */
  skipped: number;
}

/** Accumulates interactions, mapping external ids to dense indices (one id space when `shared`). */
export class InteractionBuilder {
  private readonly rows: IdIndex;
  private readonly cols: IdIndex;
  private readonly src: number[] = [];
  private readonly dst: number[] = [];
  private readonly weight: number[] = [];
  private readonly time: number[] = [];
  /** When true (SocioPatterns contacts), every interaction is also added in the other direction. */
  private readonly symmetric: boolean;

  constructor(readonly shared: boolean, symmetric = false) {
    this.rows = new IdIndex();
    this.cols = shared ? this.rows : new IdIndex();
    this.symmetric = symmetric;
  }

  /** Adds one interaction (and its mirror when symmetric). Self-loops of shared data are dropped. */
  add(it: Interaction): void {
    const r = this.rows.indexOf(it.src);
    const c = this.cols.indexOf(it.dst);
    if (this.shared && r === c) return;
    this.push(r, c, it.weight, it.time);
    if (this.symmetric) this.push(c, r, it.weight, it.time);
  }

  private push(r: number, c: number, w: number, t: number): void {
    this.src.push(r);
    this.dst.push(c);
    this.weight.push(w);
    this.time.push(t);
  }

  /** The finished data set. */
  build(skipped: number): InteractionData {
    return {
      rowIds: this.rows.names.slice(),
      colIds: this.cols.names.slice(),
      shared: this.shared,
      src: Int32Array.from(this.src),
      dst: Int32Array.from(this.dst),
      weight: Float64Array.from(this.weight),
      time: Float64Array.from(this.time),
      skipped,
    };
  }
}

/** How interactions become implicit feedback: keep weight ≥ minWeight; r = 1 ("binary") or r = weight. */
export interface FeedbackRule {
  minWeight: number;
  value: "binary" | "weight";
}

/** Unique (row, col) pairs with their summed feedback r and earliest time: the unit a split holds out. */
export interface PairData {
  rows: number;
  cols: number;
  shared: boolean;
  u: Int32Array;
  v: Int32Array;
  r: Float64Array;
  time: Float64Array;
}

/**
 * Applies the feedback rule and merges repeated pairs: a pair is kept when some interaction has
 * weight ≥ minWeight; r sums the kept weights (or counts them, binary → then clipped to 1); time is the
 * earliest kept time. Order: by first appearance in the file (deterministic).
 */
export function toPairs(data: InteractionData, rule: FeedbackRule): PairData {
  const cols = data.colIds.length;
  const slot = new Map<number, number>();
  const u: number[] = [];
  const v: number[] = [];
  const r: number[] = [];
  const t: number[] = [];
  for (let k = 0; k < data.src.length; k++) {
    if (!(data.weight[k] >= rule.minWeight)) continue;
    const key = data.src[k] * cols + data.dst[k];
    const add = rule.value === "binary" ? 1 : data.weight[k];
    const s = slot.get(key);
    if (s === undefined) {
      slot.set(key, u.length);
      u.push(data.src[k]);
      v.push(data.dst[k]);
      r.push(add);
      t.push(data.time[k]);
    } else {
      r[s] = rule.value === "binary" ? 1 : r[s] + add;
      if (data.time[k] < t[s] || Number.isNaN(t[s])) t[s] = data.time[k];
    }
  }
  return {
    rows: data.rowIds.length,
    cols,
    shared: data.shared,
    u: Int32Array.from(u),
    v: Int32Array.from(v),
    r: Float64Array.from(r),
    time: Float64Array.from(t),
  };
}

/** The rows × cols CSR of the pairs selected by `mask` (all when null), values r. */
export function pairsToCsr(p: PairData, mask: Uint8Array | null): Csr {
  const ru: number[] = [];
  const rv: number[] = [];
  const rr: number[] = [];
  for (let k = 0; k < p.u.length; k++) {
    if (mask !== null && mask[k] === 0) continue;
    ru.push(p.u[k]);
    rv.push(p.v[k]);
    rr.push(p.r[k]);
  }
  return csrFromTriplets(p.rows, p.cols, ru, rv, rr);
}
