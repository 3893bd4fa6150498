/**
 * Robust aggregators under the aggregator contract (order-independent, empty → null, sum-scaled) and
 * against brute force: median and trimmed mean recomputed per coordinate with plain JS sorts, norm
 * bounding recomputed from the norms; and robustness itself: one huge upload moves them by a bounded amount.
 */
import { describe, expect, it } from "vitest";
import { makeRng, normal } from "../../src/core/rng.js";
import { medianAggregator, normBoundAggregator, trimmedMeanAggregator } from "../../src/core/federation/robust.js";
import { sumAggregator } from "../../src/core/federation/aggregators.js";
import type { Aggregator, ClientReply } from "../../src/core/federation/types.js";

const reply = (clientId: number, update: Float64Array): ClientReply => ({ clientId, round: 1, attempt: 0, update, count: 1, metrics: {} });
function uploads(n: number, len: number, seed: string): Float64Array[] {
  const rng = makeRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: len }, () => 2 * normal(rng)));
}
const us = uploads(11, 40, "robust");
const replies = us.map((u, id) => reply(id, u));

const RULES: Array<[string, Aggregator<null>]> = [
  ["norm-bound(median)", normBoundAggregator(null)],
  ["norm-bound(3)", normBoundAggregator(3)],
  ["median", medianAggregator],
  ["trimmed-mean(0.2)", trimmedMeanAggregator(0.2)],
];

function brute(kind: "median" | "trim", trim = 0): Float64Array {
  return Float64Array.from({ length: 40 }, (_, i) => {
    const col = us.map((u) => u[i]).sort((a, b) => a - b);
    if (kind === "median") return 11 * col[5];
    const t = Math.floor(trim * 11);
    const kept = col.slice(t, 11 - t);
    return (11 * kept.reduce((s, v) => s + v, 0)) / kept.length;
  });
}

describe("robust aggregators: the aggregator contract", () => {
  it.each(RULES)("%s: same bits whatever the reply order; no replies → null; count = Σ weights", (_n, agg) => {
    const a = agg(null, replies);
    const b = agg(null, [...replies].reverse());
    expect(Array.from(a.update!)).toEqual(Array.from(b.update!));
    expect(a.count).toBe(11);
    expect(agg(null, []).update).toBeNull();
    expect(() => agg(null, [replies[0], replies[0]])).toThrow(/two replies from client 0/);
  });

  it.each(RULES)("%s: identical uploads give exactly their sum (it is sum-scaled like the plain sum)", (_n, agg) => {
    const same = Array.from({ length: 6 }, (_, id) => reply(id, Float64Array.from({ length: 8 }, (_, i) => (i - 3) * 0.25)));
    const r = agg(null, same);
    const s = sumAggregator(null, same);
    r.update!.forEach((v, i) => expect(v).toBeCloseTo(s.update![i], 12));
  });
});

describe("robust aggregators against brute force", () => {
  it("median = 11 × the per-coordinate median", () => {
    expect(Array.from(medianAggregator(null, replies).update!)).toEqual(Array.from(brute("median")));
  });
  it("trimmed mean (β = 0.2 drops 2 at each end) = 11 × the mean of the kept values", () => {
    const r = trimmedMeanAggregator(0.2)(null, replies).update!;
    brute("trim", 0.2).forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });
  it("trimmed mean with β = 0 is the plain sum", () => {
    const r = trimmedMeanAggregator(0)(null, replies).update!;
    sumAggregator(null, replies).update!.forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });
  it("norm bound C clips exactly the uploads with ‖G‖ > C to norm C", () => {
    const C = 12;
    const expected = new Float64Array(40);
    let clipped = 0;
    for (const u of us) {
      const n = Math.hypot(...u);
      const s = n > C ? C / n : 1;
      if (s < 1) clipped++;
      u.forEach((v, i) => (expected[i] += s * v));
    }
    const r = normBoundAggregator(C)(null, replies);
    r.update!.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(r.metrics.clipped).toBe(clipped);
    expect(clipped).toBeGreaterThan(0);
  });
});

describe("robustness: one attacker boosting its upload 1000×", () => {
  const attacked = replies.map((r) => (r.clientId === 3 ? reply(3, r.update.map((v) => v * 1000)) : r));
  it.each(RULES)("%s moves far less than the plain sum does", (_n, agg) => {
    const dist = (a: Float64Array, b: Float64Array) => Math.hypot(...a.map((v, i) => v - b[i]));
    const clean = agg(null, replies).update!;
    const shifted = dist(agg(null, attacked).update!, clean);
    const plainShift = dist(sumAggregator(null, attacked).update!, sumAggregator(null, replies).update!);
    expect(shifted).toBeLessThan(plainShift / 20);
  });
});
