import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { paretoFront } from "../../src/core/metrics/pareto.js";

/** The definition, by brute force: i is on the front when no j dominates it. */
function bruteFront(cost: number[], value: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < cost.length; i++) {
    let dominated = false;
    for (let j = 0; j < cost.length; j++) {
      if (cost[j] <= cost[i] && value[j] >= value[i] && (cost[j] < cost[i] || value[j] > value[i])) dominated = true;
    }
    if (!dominated) out.push(i);
  }
  return out;
}

describe("Pareto front", () => {
  it("equals the brute-force set of non-dominated points (with ties and duplicates)", () => {
    const pts = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(pts, (p) => {
        const cost = p.map((x) => x[0] / 10);
        const value = p.map((x) => x[1] / 7);
        expect([...paretoFront(cost, value)].sort((a, b) => a - b)).toEqual(bruteFront(cost, value));
      }),
      { numRuns: 300 },
    );
  });

  it("orders the front by cost and ignores NaN points", () => {
    expect(paretoFront([0.3, 0.1, 0.2, NaN], [3, 1, 2, 9])).toEqual([1, 2, 0]);
    expect(paretoFront([0.1, 0.1, 0.2], [1, 2, 0.5])).toEqual([1]);
  });
});
