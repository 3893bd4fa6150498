/**
 * The mutual score m_ij = AGG(â_ij, â_ji) of two directed affinities (DESIGN §4).
 */
import type { MutualAggregate } from "./types.js";

/**
 * Combines the directed scores a = â_ij and b = â_ji:
 * - "mean": (a + b) / 2;
 * - "min": min(a, b) (least misery: the pair is as good as its less keen member);
 * - "harmonic": 2ab / (a + b) (as in RECON), with a and b first clamped to ≥ 0 and 0 returned when
 *   a + b ≤ 0, so a negative or zero score on either side gives 0.
 */
export function mutualScore(aij: number, aji: number, agg: MutualAggregate): number {
  switch (agg) {
    case "mean":
      return 0.5 * (aij + aji);
    case "min":
      return aij < aji ? aij : aji;
    case "harmonic": {
      const a = aij > 0 ? aij : 0;
      const b = aji > 0 ? aji : 0;
      const s = a + b;
      return s > 0 ? (2 * a * b) / s : 0;
    }
    default: {
      const never: never = agg;
      throw new RangeError(`unknown mutual aggregate ${String(never)}`);
    }
  }
}
