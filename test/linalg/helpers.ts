/** Shared test helpers: seeded random buffers and relative comparison. */
import { normal, type Rng } from "../../src/core/rng.js";

/** A Float64Array of n standard-normal draws scaled by `scale`. */
export function randn(rng: Rng, n: number, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * normal(rng);
  return a;
}

/** Largest per-entry relative error |a − b| / max(|b|, floor). */
export function maxRelErr(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-12): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  }
  return worst;
}
