/** Hyperparameters of implicit-feedback FCF (DESIGN §2): model size, cost weights and the master's Adam. */

/**
 * factors f; alpha in c = 1 + α·r; lambda the L2 weight of the cost (added once, on the master);
 * lr, beta1, beta2, eps the master's Adam step on Y.
 */
export interface FcfHyper {
  factors: number;
  alpha: number;
  lambda: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Defaults: f = 16, α = 2, λ = 0.1, Adam lr = 0.05 with the usual β1 = 0.9, β2 = 0.999, ε = 1e-8. */
export const DEFAULT_FCF_HYPER: FcfHyper = {
  factors: 16,
  alpha: 2,
  lambda: 0.1,
  lr: 0.05,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};
