/**
 * The FCF model face (DESIGN §2): state, initialisation, one federated round, and the cost J.
 * One round: the master broadcasts Y (and YᵀY); each reporting client solves its x_u in closed form from
 * its own CSR row and uploads G_u; the master sums the uploads, forms ∂J/∂Y (λ once, data term rescaled
 * by nUsers/|clients|) and takes one Adam step on Y.
 */
import { gram } from "../linalg/kernels.js";
import { normal, type Rng } from "../rng.js";
import type { Csr } from "../sparse/csr.js";
import { denseUpload, makeClientScratch, solveUserFactor, type ClientScratch } from "./client.js";
import { factoredAggregate } from "./factored.js";
import type { FcfHyper } from "./hyper.js";
import { adamStep, makeAdamState, masterGradient, type AdamState } from "./master.js";

/** Model state: X (nUsers×f, the clients' private factors, kept here by the simulation), Y the master model. */
export interface FcfState {
  nUsers: number;
  nItems: number;
  f: number;
  X: Float64Array;
  Y: Float64Array;
  YtY: Float64Array;
  adam: AdamState;
  round: number;
}

/** Options of one round: which clients report (null = all) and how their uploads are summed. */
export interface FcfRoundOptions {
  clients: Int32Array | null;
  aggregate: "dense" | "factored";
}

/** Scale of the initial item factors: Y ~ N(0, INIT_STD²) iid. */
export const INIT_STD = 0.1;

interface RoundBuffers {
  scratch: ClientScratch;
  sumG: Float64Array;
  grad: Float64Array;
  upload: Float64Array | null;
}

const buffersOf = new WeakMap<FcfState, RoundBuffers>();

function roundBuffers(state: FcfState): RoundBuffers {
  let b = buffersOf.get(state);
  if (b === undefined) {
    const size = state.nItems * state.f;
    b = { scratch: makeClientScratch(state.f), sumG: new Float64Array(size), grad: new Float64Array(size), upload: null };
    buffersOf.set(state, b);
  }
  return b;
}

/**
 * Fresh FCF state: Y ~ N(0, 0.1²) iid (small, so the first solves are well conditioned and symmetric
 * factors are broken), X = 0 (clients compute it in the first round), Adam at t = 0, round 0.
 */
export function initFcf(nUsers: number, nItems: number, hyper: FcfHyper, rng: Rng): FcfState {
  const f = hyper.factors;
  if (!(Number.isInteger(f) && f > 0)) throw new RangeError(`factors must be a positive integer, got ${f}`);
  const Y = new Float64Array(nItems * f);
  for (let i = 0; i < Y.length; i++) Y[i] = INIT_STD * normal(rng);
  return {
    nUsers,
    nItems,
    f,
    X: new Float64Array(nUsers * f),
    Y,
    YtY: new Float64Array(f * f),
    adam: makeAdamState(nItems * f),
    round: 0,
  };
}

function checkShape(state: FcfState, R: Csr): void {
  if (R.rows !== state.nUsers || R.cols !== state.nItems) {
    throw new RangeError(`R is ${R.rows}×${R.cols} but the FCF state is ${state.nUsers}×${state.nItems}`);
  }
}

/**
 * Client step for every reporting client: YᵀY from the current Y (once), then x_u solved in closed form
 * from u's row of R, stored in state.X. This is also how a device recomputes x_u to score (recommend).
 */
export function solveClients(state: FcfState, R: Csr, hyper: Pick<FcfHyper, "alpha" | "lambda">, clients: Int32Array | null): void {
  checkShape(state, R);
  const { f, X, Y, YtY } = state;
  const scratch = roundBuffers(state).scratch;
  gram(Y, state.nItems, f, YtY);
  const count = clients === null ? state.nUsers : clients.length;
  for (let q = 0; q < count; q++) {
    const u = clients === null ? q : clients[q];
    solveUserFactor(Y, f, YtY, hyper.lambda, hyper.alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, u * f, scratch);
  }
}

/**
 * Solves the clients (solveClients) and writes the master's ∂J/∂Y = −2·(nUsers/|clients|)·Σ G_u + 2λY
 * into out (nItems×f), summing uploads densely (denseUpload per client) or by factoredAggregate.
 */
export function fcfGradient(state: FcfState, R: Csr, hyper: FcfHyper, opts: FcfRoundOptions, out: Float64Array): Float64Array {
  const clients = opts.clients;
  const count = clients === null ? state.nUsers : clients.length;
  if (count === 0) throw new RangeError("an FCF round needs at least one reporting client");
  solveClients(state, R, hyper, clients);
  const { f, X, Y, nItems } = state;
  const buf = roundBuffers(state);
  const sumG = buf.sumG;
  if (opts.aggregate === "factored") {
    factoredAggregate(R, X, Y, f, hyper.alpha, sumG, clients);
  } else {
    if (buf.upload === null) buf.upload = new Float64Array(nItems * f);
    const upload = buf.upload;
    sumG.fill(0);
    for (let q = 0; q < count; q++) {
      const u = clients === null ? q : clients[q];
      denseUpload(Y, nItems, f, X, u * f, hyper.alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], upload);
      for (let i = 0; i < upload.length; i++) sumG[i] += upload[i];
    }
  }
  return masterGradient(sumG, Y, hyper.lambda, state.nUsers / count, out);
}

/** One FCF round: client solves, aggregated uploads, master gradient, one Adam step on Y; round += 1. */
export function fcfIteration(state: FcfState, R: Csr, hyper: FcfHyper, opts: FcfRoundOptions): void {
  const buf = roundBuffers(state);
  fcfGradient(state, R, hyper, opts, buf.grad);
  adamStep(state.adam, state.Y, buf.grad, hyper);
  state.round += 1;
}

/**
 * The cost J = Σ_u Σ_v c_uv (p_uv − x_uᵀy_v)² + λ(Σ_u ‖x_u‖² + Σ_v ‖y_v‖²) at the state's X and Y.
 * Uses Σ_v (x_uᵀy_v)² = x_uᵀ(YᵀY)x_u plus a correction on observed entries: O(nUsers·f² + nnz·f).
 * Meant for tests, diagnostics and small runs (it reads every user's private x_u).
 */
export function fcfLoss(state: FcfState, R: Csr, lambda: number, alpha: number): number {
  checkShape(state, R);
  const { f, X, Y } = state;
  const G = gram(Y, state.nItems, f, new Float64Array(f * f));
  let data = 0;
  for (let u = 0; u < state.nUsers; u++) {
    const xo = u * f;
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let b = 0; b < f; b++) s += G[a * f + b] * X[xo + b];
      data += X[xo + a] * s;
    }
    for (let k = R.indptr[u]; k < R.indptr[u + 1]; k++) {
      const rv = R.data[k];
      const c = 1 + alpha * rv;
      const p = rv > 0 ? 1 : 0;
      const o = R.indices[k] * f;
      let s = 0;
      for (let a = 0; a < f; a++) s += X[xo + a] * Y[o + a];
      data += c * (p - s) * (p - s) - s * s;
    }
  }
  let reg = 0;
  for (let i = 0; i < X.length; i++) reg += X[i] * X[i];
  for (let i = 0; i < Y.length; i++) reg += Y[i] * Y[i];
  return data + lambda * reg;
}
