import { describe, it, expect } from "vitest";
import { binaryAuc } from "../../src/core/metrics/auc.js";
import { makeRng } from "../../src/core/rng.js";

describe("binaryAuc", () => {
  it("equals the brute-force pair count P(s+ > s−) + ½ P(tie), with ties", () => {
    const rng = makeRng(3);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(rng() * 40);
      const s = Array.from({ length: n }, () => Math.floor(rng() * 6));
      const y = Array.from({ length: n }, () => (rng() < 0.4 ? 1 : 0));
      let num = 0, den = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (y[i] === 1 && y[j] === 0) { den++; num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0; }
      const want = den === 0 ? NaN : num / den;
      if (Number.isNaN(want)) expect(binaryAuc(s, y)).toBeNaN();
      else expect(binaryAuc(s, y)).toBeCloseTo(want, 12);
    }
  });
});
