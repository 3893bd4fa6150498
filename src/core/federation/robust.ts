/**
 * Robust aggregators (Byzantine-tolerant stand-ins for the plain sum), pure like the others: (state, replies)
 * → {state, update, count, metrics}. Each returns a SUM-scaled estimate (estimate of the mean upload × the
 * summed weights), so the strategy's n/count rescaling is unchanged (DESIGN §2):
 *  - norm-bound(C): every upload is clipped to L2 norm ≤ C, then summed (C = the round's median upload norm
 *    when not given: adaptive clipping, Sun et al. 2019 "Can you really backdoor FL?").
 *  - median: coordinate-wise median of the uploads × m (Yin et al. 2018).
 *  - trimmed-mean(β): per coordinate, drop the ⌊β·m⌋ largest and smallest values, mean of the rest × m.
 * Replies are sorted by clientId first, so arrival order never changes a bit.
 */
import type { Aggregator, ClientReply } from "./types.js";

/** The robust aggregation rule selected with --robust-agg. */
export type RobustAgg =
  | { kind: "none" }
  | { kind: "norm-bound"; bound: number | null }
  | { kind: "median" }
  | { kind: "trimmed-mean"; trim: number };

function sorted(replies: readonly ClientReply[]): ClientReply[] {
  const r = [...replies].sort((a, b) => a.clientId - b.clientId);
  for (let k = 1; k < r.length; k++) if (r[k].clientId === r[k - 1].clientId) throw new Error(`two replies from client ${r[k].clientId}`);
  if (r.length > 0) {
    const len = r[0].update.length;
    for (const x of r) if (x.update.length !== len) throw new Error(`client ${x.clientId} sent ${x.update.length} values, expected ${len}`);
  }
  return r;
}

function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Median of the first m values of `a` (sorted in place). */
function medianOf(a: Float64Array, m: number): number {
  const v = a.subarray(0, m).sort();
  return m % 2 === 1 ? v[(m - 1) >> 1] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

/** Norm bounding: Σ_u min(1, C/‖G_u‖)·G_u; C = median_u ‖G_u‖ when `bound` is null. */
export function normBoundAggregator(bound: number | null): Aggregator<null> {
  return (state, replies): ReturnType<Aggregator<null>> => {
    const r = sorted(replies);
    if (r.length === 0) return { state, update: null, count: 0, metrics: { replies: 0 } };
    const norms = Float64Array.from(r, (x) => norm(x.update));
    const C = bound ?? medianOf(norms.slice(), norms.length);
    const out = new Float64Array(r[0].update.length);
    let count = 0;
    let clipped = 0;
    r.forEach((x, k) => {
      const s = norms[k] > C && norms[k] > 0 ? C / norms[k] : 1;
      if (s < 1) clipped++;
      const u = x.update;
      for (let i = 0; i < out.length; i++) out[i] += s * u[i];
      count += x.count;
    });
    return { state, update: out, count, metrics: { replies: r.length, clipped, bound: C } };
  };
}

/** Coordinate-wise order statistics: for each coordinate, `pick(values, m)` → the estimate of the mean upload. */
function coordinateWise(pick: (values: Float64Array, m: number) => number, name: string): Aggregator<null> {
  return (state, replies) => {
    const r = sorted(replies);
    const m = r.length;
    if (m === 0) return { state, update: null, count: 0, metrics: { replies: 0 } };
    const len = r[0].update.length;
    const out = new Float64Array(len);
    const col = new Float64Array(m);
    let count = 0;
    for (const x of r) count += x.count;
    for (let i = 0; i < len; i++) {
      for (let k = 0; k < m; k++) col[k] = r[k].update[i];
      out[i] = pick(col, m) * count;
    }
    return { state, update: out, count, metrics: { replies: m, [name]: 1 } };
  };
}

/** Coordinate-wise median × Σcount. */
export const medianAggregator: Aggregator<null> = coordinateWise(medianOf, "median");

/** Coordinate-wise β-trimmed mean × Σcount (β in [0, 0.5)). */
export function trimmedMeanAggregator(trim: number): Aggregator<null> {
  if (!(trim >= 0 && trim < 0.5)) throw new RangeError(`trim must be in [0, 0.5), got ${trim}`);
  return coordinateWise((values, m) => {
    const v = values.subarray(0, m).sort();
    const t = Math.floor(trim * m);
    let s = 0;
    for (let k = t; k < m - t; k++) s += v[k];
    return s / (m - 2 * t);
  }, "trimmedMean");
}

/** The aggregator of a --robust-agg rule (null: the plain sum). */
export function robustAggregator(rule: RobustAgg): Aggregator<null> | null {
  switch (rule.kind) {
    case "none":
      return null;
    case "norm-bound":
      return normBoundAggregator(rule.bound);
    case "median":
      return medianAggregator;
    case "trimmed-mean":
      return trimmedMeanAggregator(rule.trim);
  }
}
