/**
 * Master-side FCF math (DESIGN §2): the gradient of the cost in Y from the summed client uploads, and the
 * Adam step that updates the master model Y.
 */
import type { FcfHyper } from "./hyper.js";

/**
 * ∂J/∂Y = −2·scale·Σ_u G_u + 2λY, written into out (which may alias sumG). The regulariser is added ONCE
 * here, never by clients (STYLE anti-pattern 1). The data term is a SUM over users; when only a fraction
 * reports, scale = nUsers/|sampled| makes it an unbiased estimate of the full sum (anti-pattern 6).
 */
export function masterGradient(
  sumG: Float64Array,
  Y: Float64Array,
  lambda: number,
  scale: number,
  out: Float64Array,
): Float64Array {
  const a = -2 * scale;
  const b = 2 * lambda;
  for (let i = 0; i < Y.length; i++) out[i] = a * sumG[i] + b * Y[i];
  return out;
}

/** Adam moments and step counter t (t = number of steps taken; the first step uses t = 1). */
export interface AdamState {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

/** Zero moments for `size` parameters, t = 0. */
export function makeAdamState(size: number): AdamState {
  return { m: new Float64Array(size), v: new Float64Array(size), t: 0 };
}

/**
 * One Adam step (Kingma & Ba 2015), in place: t += 1; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 * m̂ = m/(1−β1^t); v̂ = v/(1−β2^t); params −= lr·m̂/(√v̂ + ε). Bias correction uses the step's own t,
 * so the first step moves each coordinate by ≈ lr·sign(g) (STYLE anti-pattern 2).
 */
export function adamStep(
  state: AdamState,
  params: Float64Array,
  grad: Float64Array,
  hyper: Pick<FcfHyper, "lr" | "beta1" | "beta2" | "eps">,
): void {
  const { lr, beta1, beta2, eps } = hyper;
  state.t += 1;
  const bc1 = 1 - Math.pow(beta1, state.t);
  const bc2 = 1 - Math.pow(beta2, state.t);
  const m = state.m;
  const v = state.v;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    params[i] -= (lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + eps);
  }
}
