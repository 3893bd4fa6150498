/**
 * Centralized ALS on the FCF cost (Hu, Koren & Volinsky 2008): the baseline FCF must match (DESIGN §2).
 * Alternates the closed-form user solve and the symmetric item solve (same kernel on Rᵀ).
 */
import { gram } from "../linalg/kernels.js";
import { normal, type Rng } from "../rng.js";
import { csrTranspose, type Csr } from "../sparse/csr.js";
import { makeClientScratch, solveUserFactor, type ClientScratch } from "./client.js";
import { INIT_STD } from "./train.js";

/**
 * Fits X (rows×f) and Y (cols×f) minimising J = Σ c (p − xᵀy)² + λ(‖X‖² + ‖Y‖²). Y starts N(0, 0.1²)
 * like FCF; each iteration solves all users from Y (x_u = (YᵀC_uY + λI)⁻¹YᵀC_u p_u), then all items
 * from X (y_v = (XᵀC_vX + λI)⁻¹XᵀC_v p_v). Returns the factors after the last item solve.
 */
export function alsFit(
  R: Csr,
  f: number,
  lambda: number,
  alpha: number,
  iterations: number,
  rng: Rng,
): { X: Float64Array; Y: Float64Array } {
  const Rt = csrTranspose(R);
  const X = new Float64Array(R.rows * f);
  const Y = new Float64Array(R.cols * f);
  for (let i = 0; i < Y.length; i++) Y[i] = INIT_STD * normal(rng);
  const G = new Float64Array(f * f);
  const scratch = makeClientScratch(f);
  for (let it = 0; it < iterations; it++) {
    sweep(R, Y, X, f, lambda, alpha, G, scratch);
    sweep(Rt, X, Y, f, lambda, alpha, G, scratch);
  }
  return { X, Y };
}

function sweep(
  M: Csr,
  fixed: Float64Array,
  solved: Float64Array,
  f: number,
  lambda: number,
  alpha: number,
  G: Float64Array,
  scratch: ClientScratch,
): void {
  gram(fixed, M.cols, f, G);
  for (let u = 0; u < M.rows; u++) {
    solveUserFactor(fixed, f, G, lambda, alpha, M.indices, M.data, M.indptr[u], M.indptr[u + 1], solved, u * f, scratch);
  }
}
