/**
 * The fast FCF round on an FcfState: the blocked round of round.ts (YᵀY once per round, exact factored
 * aggregate, gradient and Adam fused per item row) with a choice of client solver. Numerically the same
 * round as fcfIteration with aggregate "factored" (sums are regrouped by blocks, so equal to rounding),
 * and with solver "cg" the client step is approximate (fixed CG steps, warm-started from the previous x_u).
 */
import type { Csr } from "../sparse/csr.js";
import { columnIndex, type AllocInt } from "../sparse/transpose.js";
import type { FcfHyper } from "./hyper.js";
import {
  clientCount,
  makeRoundScratch,
  partialCount,
  runRoundSerial,
  type ClientSolver,
  type RoundArrays,
  type RoundScalars,
  type RoundScratch,
} from "./round.js";
import type { FcfState } from "./train.js";
import type { FactorArray } from "../linalg/kernels.js";

/**
 * What a round reads of an FCF model: an FcfState, or the same fields with Float32 storage of X, Y and
 * Adam's moments (bench --float32).
 */
export interface RoundState {
  nUsers: number;
  nItems: number;
  f: number;
  X: FactorArray;
  Y: FactorArray;
  YtY: Float64Array;
  adam: { m: FactorArray; v: FactorArray; t: number };
  round: number;
}

/** Solver options of the fast round. cgSteps is used only by "cg" (the implicit library's default is 3). */
export interface SolverOptions {
  solver: ClientSolver;
  cgSteps: number;
}

/** Default: exact Cholesky solves; 3 CG steps when "cg" is chosen. */
export const DEFAULT_SOLVER: SolverOptions = { solver: "cholesky", cgSteps: 3 };

/** Allocates a Float64Array of n entries, in shared memory when `shared` (for worker threads). */
export type Alloc = (n: number) => Float64Array;

/** Plain allocation. */
export const heapAlloc: Alloc = (n) => new Float64Array(n);

/** Plain Int32 allocation. */
export const heapAllocInt: AllocInt = (n) => new Int32Array(n);

/**
 * The arrays of a round over state and R: the state's X, Y, YtY and Adam moments, R's CSR arrays, and
 * round buffers (R's column index, the clients' membership, XᵀX, block partials) from `alloc`/`allocInt`.
 * Throws when a client is listed twice or is out of range.
 */
export function roundArrays(state: RoundState, R: Csr, clients: Int32Array | null, alloc: Alloc = heapAlloc, allocInt: AllocInt = heapAllocInt): RoundArrays {
  if (R.rows !== state.nUsers || R.cols !== state.nItems) {
    throw new RangeError(`R is ${R.rows}×${R.cols} but the FCF state is ${state.nUsers}×${state.nItems}`);
  }
  const f = state.f;
  const cols = columnIndex(R, allocInt);
  let member: Int32Array | null = null;
  if (clients !== null) {
    member = allocInt(state.nUsers);
    for (const u of clients) {
      if (!(u >= 0 && u < state.nUsers) || member[u] !== 0) throw new RangeError(`client ${u} is out of range or listed twice`);
      member[u] = 1;
    }
  }
  return {
    f,
    nUsers: state.nUsers,
    nItems: state.nItems,
    indptr: R.indptr,
    indices: R.indices,
    data: R.data,
    colptr: cols.colptr,
    rowOf: cols.rowOf,
    entryOf: cols.entryOf,
    clients,
    member,
    skip: null,
    sumOut: null,
    X: state.X,
    Y: state.Y,
    YtY: state.YtY,
    XtX: alloc(f * f),
    m: state.adam.m,
    v: state.adam.v,
    partials: alloc(partialCount(state.nUsers, state.nItems) * f * f),
  };
}

/**
 * Starts a round: Adam's t += 1 and the round's scalars (bias corrections 1 − β^t, scale nUsers/|clients|).
 * Throws when no client reports.
 */
export function beginRound(state: RoundState, w: RoundArrays, hyper: FcfHyper, solver: SolverOptions): RoundScalars {
  const count = clientCount(w);
  if (count === 0) throw new RangeError("an FCF round needs at least one reporting client");
  if (!(Number.isInteger(solver.cgSteps) && solver.cgSteps >= 0)) throw new RangeError(`cgSteps must be an integer ≥ 0, got ${solver.cgSteps}`);
  state.adam.t += 1;
  return {
    lambda: hyper.lambda,
    alpha: hyper.alpha,
    lr: hyper.lr,
    beta1: hyper.beta1,
    beta2: hyper.beta2,
    eps: hyper.eps,
    bc1: 1 - Math.pow(hyper.beta1, state.adam.t),
    bc2: 1 - Math.pow(hyper.beta2, state.adam.t),
    scale: state.nUsers / count,
    solver: solver.solver,
    cgSteps: solver.cgSteps,
  };
}

/** Reusable buffers of fastIteration, cached per (state, R, clients). */
interface FastCache {
  R: Csr;
  clients: Int32Array | null;
  arrays: RoundArrays;
  scratch: RoundScratch;
}
const cacheOf = new WeakMap<FcfState, FastCache>();

/**
 * One FCF round on the calling thread: client solves (Cholesky or CG), exact factored aggregate, master
 * gradient with λ once and one Adam step on Y; round += 1. Buffers are reused across calls.
 */
export function fastIteration(state: FcfState, R: Csr, hyper: FcfHyper, clients: Int32Array | null, solver: SolverOptions): void {
  let c = cacheOf.get(state);
  if (c === undefined || c.R !== R || c.clients !== clients || c.arrays.X !== state.X || c.arrays.Y !== state.Y) {
    c = { R, clients, arrays: roundArrays(state, R, clients), scratch: c?.scratch ?? makeRoundScratch(state.f) };
    cacheOf.set(state, c);
  }
  const s = beginRound(state, c.arrays, hyper, solver);
  runRoundSerial(c.arrays, s, c.scratch);
  state.round += 1;
}
