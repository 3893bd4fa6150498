import { describe, it, expect } from "vitest";
import { groupSizes, sizesWithinGroupBounds, targetSizes } from "../../src/core/groups/sizes.js";

describe("groupSizes", () => {
  it("sums to n, sizes differ by ≤ 1, all ≥ 2, and are k or k+1 when n mod k ≤ ⌊n/k⌋", () => {
    const failures: string[] = [];
    let checkedKOrK1 = 0;
    for (let k = 2; k <= 9; k++) {
      for (let n = 2; n <= 300; n++) {
        const s = groupSizes(n, k);
        const ok =
          s.reduce((a, b) => a + b, 0) === n &&
          s.length === Math.max(1, Math.floor(n / k)) &&
          Math.max(...s) - Math.min(...s) <= 1 &&
          s.every((x) => x >= 2);
        if (!ok) failures.push(`n=${n} k=${k}: ${s.join(",")}`);
        if (n >= k && n % k <= Math.floor(n / k)) {
          checkedKOrK1++;
          if (!s.every((x) => x === k || x === k + 1)) failures.push(`n=${n} k=${k} not in {k, k+1}: ${s.join(",")}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checkedKOrK1).toBeGreaterThan(2000);
  });

  it("gives concrete splits", () => {
    expect(groupSizes(10, 3)).toEqual([4, 3, 3]);
    expect(groupSizes(12, 4)).toEqual([4, 4, 4]);
    expect(groupSizes(7, 4)).toEqual([7]);
    expect(groupSizes(3, 5)).toEqual([3]);
  });

  it("rejects k < 2 and n < 2", () => {
    expect(() => groupSizes(10, 1)).toThrow(RangeError);
    expect(() => groupSizes(1, 3)).toThrow(RangeError);
    expect(() => groupSizes(0, 3)).toThrow(RangeError);
  });
});

describe("sizesWithinGroupBounds / targetSizes with per-group bounds", () => {
  it("starts each group at a_t and fills the smallest (even) or largest (largest) group below its b_t, keeping the bounds' order", () => {
    expect(sizesWithinGroupBounds(10, [[5, 6], [4, 5]])).toEqual([5, 5]);
    expect(sizesWithinGroupBounds(11, [[5, 6], [4, 5]])).toEqual([6, 5]);
    expect(sizesWithinGroupBounds(12, [[2, 3], [3, 5], [4, 6]])).toEqual([3, 5, 4]);
    expect(sizesWithinGroupBounds(12, [[2, 3], [3, 5], [4, 6]], "largest")).toEqual([2, 4, 6]);
    expect(sizesWithinGroupBounds(13, [[2, 3], [3, 5], [4, 6]], "largest")).toEqual([2, 5, 6]);
    expect(() => sizesWithinGroupBounds(20, [[5, 6], [4, 5]])).toThrow("Σ b = 11");
    expect(() => sizesWithinGroupBounds(8, [[5, 6], [4, 5]])).toThrow("Σ a = 9");
  });

  it("returns the sizes in their order when they are non-increasing and within each group's bounds, else throws", () => {
    const present = Int32Array.from({ length: 10 }, (_, i) => i);
    expect(targetSizes({ present, groupSize: 2, sizes: [6, 4], groupBounds: [[5, 6], [4, 5]] })).toEqual([6, 4]);
    expect(() => targetSizes({ present, groupSize: 2, sizes: [4, 6], groupBounds: [[4, 5], [5, 6]] })).toThrow("non-increasing");
    expect(() => targetSizes({ present, groupSize: 2, sizes: [7, 3], groupBounds: [[5, 6], [3, 5]] })).toThrow("group 0's size 7 is outside its bounds [5, 6]");
    expect(() => targetSizes({ present, groupSize: 2, groupBounds: [[5, 6], [4, 5]] })).toThrow("need the initial group sizes");
  });
});
