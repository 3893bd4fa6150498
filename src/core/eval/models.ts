/**
 * The recommenders `fedrec train`/`evaluate` and the experiments compare: centralized ALS, FCF (with client
 * sampling), popularity and random — behind one face: fit on a training CSR, then score a user.
 */
import { alsFit } from "../fcf/als.js";
import type { FcfHyper } from "../fcf/hyper.js";
import { CONSTANT_LR, lrFactor, type LrSchedule } from "../fcf/lr-schedule.js";
import { scoreUser } from "../fcf/recommend.js";
import { fcfIteration, initFcf, solveClients, type FcfState } from "../fcf/train.js";
import { deriveRng, permutation, type Rng } from "../rng.js";
import type { Csr } from "../sparse/csr.js";
import type { Scorer } from "./evaluate.js";

export type Algorithm = "als" | "fcf" | "popularity" | "random";
export const ALGORITHMS: readonly Algorithm[] = ["als", "fcf", "popularity", "random"];

/**
 * What to fit: the algorithm, FCF hyperparameters, rounds (ALS sweeps, or the FCF round to train up to)
 * and FCF's client fraction and learning-rate schedule (absent = constant).
 */
export interface ModelSpec {
  algorithm: Algorithm;
  hyper: FcfHyper;
  rounds: number;
  clientsFraction: number;
  lrSchedule?: LrSchedule;
}

/** A fitted factor model (ALS or FCF): X (rows×f), Y (cols×f), and FCF's Adam state (null for ALS). */
export interface FactorModel {
  rows: number;
  cols: number;
  f: number;
  X: Float64Array;
  Y: Float64Array;
  adam: { m: Float64Array; v: Float64Array; t: number } | null;
  rounds: number;
}

/** Called after FCF round r (1-based) with the live state (e.g. to record a convergence curve). */
export type RoundHook = (round: number, state: FcfState) => void;

/**
 * The clients reporting in one FCF round: all (null) when fraction ≥ 1, else ⌈fraction·n⌉ distinct users
 * drawn without replacement (a seeded permutation prefix), sorted.
 */
export function sampleClients(n: number, fraction: number, rng: Rng): Int32Array | null {
  if (fraction >= 1) return null;
  const m = Math.max(1, Math.ceil(fraction * n));
  return permutation(rng, n).subarray(0, m).sort();
}

/**
 * Fits ALS (alsFit, `rounds` sweeps) or FCF (federated rounds up to round `rounds`: sampled clients solve,
 * the master takes one Adam step on Y with lr_r = lr·s(r) from spec.lrSchedule; then every client solves
 * x_u once from the final Y, as a device does before scoring). Seeds: init from deriveRng(seed, "init"),
 * sampling from deriveRng(seed, "sampling", round). `from` continues a restored FCF state (its round r0 <
 * rounds): rounds r0+1..rounds then draw the same clients and step sizes as the uninterrupted run.
 */
export function fitFactorModel(R: Csr, spec: ModelSpec, seed: string, onRound?: RoundHook, from?: FcfState): FactorModel {
  const h = spec.hyper;
  if (spec.algorithm === "als") {
    const { X, Y } = alsFit(R, h.factors, h.lambda, h.alpha, spec.rounds, deriveRng(seed, "init"));
    return { rows: R.rows, cols: R.cols, f: h.factors, X, Y, adam: null, rounds: spec.rounds };
  }
  if (spec.algorithm !== "fcf") throw new RangeError(`${spec.algorithm} is not a factor model`);
  const state = from ?? initFcf(R.rows, R.cols, h, deriveRng(seed, "init"));
  const schedule = spec.lrSchedule ?? CONSTANT_LR;
  for (let r = state.round + 1; r <= spec.rounds; r++) {
    const clients = sampleClients(R.rows, spec.clientsFraction, deriveRng(seed, "sampling", r));
    fcfIteration(state, R, { ...h, lr: h.lr * lrFactor(schedule, r) }, { clients, aggregate: "factored" });
    onRound?.(r, state);
  }
  solveClients(state, R, h, null);
  return { rows: R.rows, cols: R.cols, f: h.factors, X: state.X, Y: state.Y, adam: state.adam, rounds: state.round };
}

/** Scorer of a factor model: x_uᵀ y_v. */
export function factorScorer(m: Pick<FactorModel, "X" | "Y" | "cols" | "f">): Scorer {
  return (u, out) => void scoreUser(m.X, u, m.Y, m.cols, m.f, out);
}

/** Popularity: the number of training users of each column, the same list for everyone. */
export function popularityScorer(train: Csr): Scorer {
  const pop = new Float64Array(train.cols);
  for (let q = 0; q < train.indptr[train.rows]; q++) pop[train.indices[q]]++;
  return (_u, out) => out.set(pop);
}

/** Random: i.i.d. uniform scores, fixed per user (deriveRng(seed, "random-scores", u)) so repeated calls agree. */
export function randomScorer(seed: string): Scorer {
  return (u, out) => {
    const rng = deriveRng(seed, "random-scores", u);
    for (let i = 0; i < out.length; i++) out[i] = rng();
  };
}
