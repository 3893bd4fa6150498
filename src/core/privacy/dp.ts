/**
 * Client-side Gaussian mechanism for user-level differential privacy (DP-FedAvg style, McMahan et al. 2018):
 * the device clips its whole upload to L2 norm C and adds N(0, (z·C)²) to every coordinate before it
 * leaves the device, so the master sees only a noised upload and the sum carries at least that noise.
 */
import { normal, type Rng } from "../rng.js";

/** DP options: clipping norm C > 0, noise multiplier z ≥ 0 (σ = z·C), target δ of the reported ε. */
export interface DpOptions {
  clip: number;
  noise: number;
  delta: number;
}

/** Clips g in place to ‖g‖₂ ≤ C (g·min(1, C/‖g‖)) and returns the pre-clip norm. */
export function clipL2(g: Float64Array, clip: number): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  const norm = Math.sqrt(s);
  if (norm > clip) {
    const k = clip / norm;
    for (let i = 0; i < g.length; i++) g[i] *= k;
  }
  return norm;
}

/** Clips g to C and adds iid N(0, (z·C)²) noise drawn from rng, in place; returns the pre-clip norm. */
export function privatize(g: Float64Array, dp: Pick<DpOptions, "clip" | "noise">, rng: Rng): number {
  const norm = clipL2(g, dp.clip);
  const sd = dp.noise * dp.clip;
  if (sd > 0) for (let i = 0; i < g.length; i++) g[i] += sd * normal(rng);
  return norm;
}
