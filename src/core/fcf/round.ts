/**
 * One FCF round (DESIGN §2) split into independent tasks, so that any number of threads computes exactly
 * the same bits. Three phases, each a set of tasks with no shared writes:
 *   1. gram — YᵀY as partial sums over FIXED blocks of item rows (ITEM_BLOCK rows each);
 *   2. solve — client solves over FIXED blocks of clients (USER_BLOCK each), each block also forming its
 *      partial X_SᵀX_S;
 *   3. update — FIXED blocks of item rows, item-major through R's column index: for each item row v, the
 *      exact factored aggregate Σ_{u∈obs(v)} (c·p − (c−1)·x_uᵀy_v)·x_u − (XᵀX) y_v gathered over the
 *      column's reporting users (ascending u), then the master gradient (λ once, data term scaled by
 *      nUsers/|clients|) and the Adam step on that row, all row-local (no nItems×f sum buffer, no scattered
 *      writes: each row is owned by one task).
 * Between phases the driver reduces the block partials IN BLOCK ORDER (reducePartials). The blocks do not
 * depend on the thread count, and every item row's sum runs in ascending user order, so one thread and many
 * threads give bit-identical results. Memory: O(nnz + (nUsers + nItems)·f) plus one f×f partial per block;
 * never nUsers×nItems.
 */
import { touchRows, type FactorArray } from "../linalg/kernels.js";
import { makeClientScratch, solveUserFactor, type ClientScratch } from "./client.js";
import { addRows, makeCgScratch, rowDots, solveUserFactorCg, symMatVec, type CgScratch } from "./cg.js";

/** Item rows per partial of YᵀY, and per update task. */
export const ITEM_BLOCK = 4096;
/** Clients per solve task (and per partial of XᵀX). */
export const USER_BLOCK = 2048;

/** The client solver: exact Cholesky, or a fixed number of warm-started conjugate-gradient steps. */
export type ClientSolver = "cholesky" | "cg";

/** Scalars of one round, computed by the driver (Adam's t and bias corrections included). */
export interface RoundScalars {
  lambda: number;
  alpha: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1 − β1^t and 1 − β2^t for this step's t. */
  bc1: number;
  bc2: number;
  /** nUsers / |clients|. */
  scale: number;
  solver: ClientSolver;
  cgSteps: number;
}

/** Every array a round reads or writes (views that may live in SharedArrayBuffers). */
export interface RoundArrays {
  f: number;
  nUsers: number;
  nItems: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  /** R's column index (sparse/transpose.ts): column v's users rowOf[colptr[v]..colptr[v+1]) and CSR positions. */
  colptr: Int32Array;
  rowOf: Int32Array;
  entryOf: Int32Array;
  /** Reporting clients in order (distinct), or null for every user 0..nUsers-1. */
  clients: Int32Array | null;
  /** member[u] = 1 when u reports this round (length nUsers), or null when clients is null. */
  member: Int32Array | null;
  /** skip[u] = 1: keep x_u as it is (a stateful device whose data did not change); null: solve every client. */
  skip: Int32Array | null;
  /** When set, the update phase writes the aggregate Σ_u G_u (nItems×f) here and leaves Y, m, v alone (the caller steps). */
  sumOut: Float64Array | null;
  /** Factor matrices and Adam moments: Float64 or Float32 storage (arithmetic in double either way). */
  X: FactorArray;
  Y: FactorArray;
  YtY: Float64Array;
  XtX: Float64Array;
  /** Adam moments. */
  m: FactorArray;
  v: FactorArray;
  /** f×f partial per block: max(gram blocks, solve blocks) of them. */
  partials: Float64Array;
}

/** The phases of a round, in order. */
export type RoundPhase = "gram" | "solve" | "update";

/** Reusable per-thread scratch for the solvers. */
export interface RoundScratch {
  chol: ClientScratch;
  cg: CgScratch;
  /** One item row's aggregate (length f). */
  g: Float64Array;
  /** One item's reporting users: their x_u rows gathered, and per-user coefficients (grown as needed). */
  xs: Float64Array;
  coef: Float64Array;
  cm1: Float64Array;
  /** Per reporting user: x_uᵀy_v. */
  dots: Float64Array;
  /** Sum of the values loaded by the cache-line touch passes (kept so the loads are not optimised away). */
  sink: number;
  /** (XᵀX) y_v for one row. */
  xy: Float64Array;
}

/** Allocates one thread's solver scratch. */
export function makeRoundScratch(f: number): RoundScratch {
  return { chol: makeClientScratch(f), cg: makeCgScratch(f), g: new Float64Array(f), xs: new Float64Array(64 * f), coef: new Float64Array(64), cm1: new Float64Array(64), dots: new Float64Array(64), sink: 0, xy: new Float64Array(f) };
}

/** Number of reporting clients. */
export function clientCount(w: RoundArrays): number {
  return w.clients === null ? w.nUsers : w.clients.length;
}

/** Number of tasks of a phase (fixed blocks: the same for every thread count). */
export function taskCount(w: RoundArrays, phase: RoundPhase): number {
  if (phase === "solve") return Math.ceil(clientCount(w) / USER_BLOCK);
  return Math.ceil(w.nItems / ITEM_BLOCK);
}

/** Number of f×f partials the arrays must hold. */
export function partialCount(nUsers: number, nItems: number): number {
  return Math.max(Math.ceil(nItems / ITEM_BLOCK), Math.ceil(nUsers / USER_BLOCK), 1);
}

/** Adds the upper triangle of Σ_{rows} z zᵀ over rows [lo, hi) of Z into out[off..off+f²) (zeroed first). */
function gramInto(Z: FactorArray, f: number, lo: number, hi: number, out: Float64Array, off: number): void {
  out.fill(0, off, off + f * f);
  for (let r = lo; r < hi; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const za = Z[o + a];
      if (za === 0) continue;
      const rowA = off + a * f;
      for (let b = a; b < f; b++) out[rowA + b] += za * Z[o + b];
    }
  }
}

/** Like gramInto over the listed rows clients[lo..hi). */
function gramListInto(Z: FactorArray, f: number, list: Int32Array, lo: number, hi: number, out: Float64Array, off: number): void {
  out.fill(0, off, off + f * f);
  for (let q = lo; q < hi; q++) {
    const o = list[q] * f;
    for (let a = 0; a < f; a++) {
      const za = Z[o + a];
      if (za === 0) continue;
      const rowA = off + a * f;
      for (let b = a; b < f; b++) out[rowA + b] += za * Z[o + b];
    }
  }
}

/**
 * out = Σ_{b<count} partials[b] (upper triangles, summed in block order b = 0, 1, …), mirrored to full
 * symmetric storage. The fixed order is what makes the result independent of the thread count.
 */
export function reducePartials(partials: Float64Array, count: number, f: number, out: Float64Array): void {
  const ff = f * f;
  out.fill(0, 0, ff);
  for (let b = 0; b < count; b++) {
    const off = b * ff;
    for (let a = 0; a < f; a++) for (let c = a; c < f; c++) out[a * f + c] += partials[off + a * f + c];
  }
  for (let a = 0; a < f; a++) for (let c = 0; c < a; c++) out[a * f + c] = out[c * f + a];
}

/** Runs task `task` of `phase`. Pure: writes only that task's outputs. */
export function runTask(w: RoundArrays, s: RoundScalars, phase: RoundPhase, task: number, scratch: RoundScratch): void {
  const f = w.f;
  if (phase === "gram") {
    const lo = task * ITEM_BLOCK;
    gramInto(w.Y, f, lo, Math.min(w.nItems, lo + ITEM_BLOCK), w.partials, task * f * f);
  } else if (phase === "solve") {
    const lo = task * USER_BLOCK;
    const hi = Math.min(clientCount(w), lo + USER_BLOCK);
    solveRange(w, s, lo, hi, scratch);
    if (w.clients === null) gramInto(w.X, f, lo, hi, w.partials, task * f * f);
    else gramListInto(w.X, f, w.clients, lo, hi, w.partials, task * f * f);
  } else {
    const lo = task * ITEM_BLOCK;
    updateRows(w, s, lo, Math.min(w.nItems, lo + ITEM_BLOCK), scratch);
  }
}

/** Client solves for clients [lo, hi) (positions in the client list). */
function solveRange(w: RoundArrays, s: RoundScalars, lo: number, hi: number, scratch: RoundScratch): void {
  const { f, Y, YtY, X, indptr, indices, data, clients } = w;
  const skip = w.skip;
  for (let q = lo; q < hi; q++) {
    const u = clients === null ? q : clients[q];
    if (skip !== null && skip[u] !== 0) continue;
    if (s.solver === "cholesky") {
      // touch the user's rows of Y first (all cache misses in flight at once; matters at 1M users)
      scratch.sink += touchRows(Y, f, indices, indptr[u], indptr[u + 1]);
      solveUserFactor(Y, f, YtY, s.lambda, s.alpha, indices, data, indptr[u], indptr[u + 1], X, u * f, scratch.chol);
    } else {
      solveUserFactorCg(Y, f, YtY, s.lambda, s.alpha, indices, data, indptr[u], indptr[u + 1], X, u * f, s.cgSteps, scratch.cg);
    }
  }
}

/**
 * Item rows [vLo, vHi): for each row v, g = Σ_{u∈obs(v), u reports} (c·p − (c−1)·x_uᵀy_v)·x_u − (XᵀX) y_v
 * (the exact factored aggregate, DESIGN §2, summed in ascending u), then the master gradient
 * grad = −2·scale·g + 2λ·y_v and Adam with the round's bias corrections:
 *   m = β1 m + (1−β1) grad;  v = β2 v + (1−β2) grad²;  y_v −= lr·(m/bc1)/(√(v/bc2) + ε)
 * — the arithmetic of factoredAggregate, masterGradient and adamStep. Reads and writes only rows of
 * [vLo, vHi) of Y, m and v (X and XᵀX are read-only in this phase).
 */
function updateRows(w: RoundArrays, s: RoundScalars, vLo: number, vHi: number, scratch: RoundScratch): void {
  const { f, X, Y, XtX, m, v: vv, data, colptr, rowOf, entryOf, member, sumOut } = w;
  const g = scratch.g;
  const alpha = s.alpha;
  const ga = -2 * s.scale;
  const gb = 2 * s.lambda;
  const { beta1, beta2, lr, eps, bc1, bc2 } = s;
  for (let v = vLo; v < vHi; v++) {
    const o = v * f;
    const len = colptr[v + 1] - colptr[v];
    if (scratch.coef.length < len) {
      scratch.coef = new Float64Array(2 * len);
      scratch.cm1 = new Float64Array(2 * len);
      scratch.dots = new Float64Array(2 * len);
      scratch.xs = new Float64Array(2 * len * f);
    }
    const { xs, coef, cm1, dots, xy } = scratch;
    // touch every needed cache line first (all misses in flight at once), then gather the reporting users'
    // x_u into a contiguous copy and work on it
    let sink = touchRows(X, f, rowOf, colptr[v], colptr[v + 1]);
    for (let j = colptr[v], end = colptr[v + 1]; j < end; j++) sink += data[entryOf[j]];
    scratch.sink += sink;
    let k = 0;
    for (let j = colptr[v], end = colptr[v + 1]; j < end; j++) {
      const u = rowOf[j];
      if (member !== null && member[u] === 0) continue;
      const rv = data[entryOf[j]];
      const c = 1 + alpha * rv;
      coef[k] = rv > 0 ? c : 0;
      cm1[k] = c - 1;
      const xo = u * f;
      const d = k * f;
      for (let a = 0; a < f; a++) xs[d + a] = X[xo + a];
      k++;
    }
    rowDots(xs, k, f, Y, o, dots);
    for (let q = 0; q < k; q++) coef[q] -= cm1[q] * dots[q];
    g.fill(0);
    addRows(xs, k, f, coef, g);
    symMatVec(XtX, f, 0, Y, o, xy);
    if (sumOut !== null) {
      for (let a = 0; a < f; a++) sumOut[o + a] = g[a] - xy[a];
      continue;
    }
    for (let a = 0; a < f; a++) {
      const i = o + a;
      const grad = ga * (g[a] - xy[a]) + gb * Y[i];
      m[i] = beta1 * m[i] + (1 - beta1) * grad;
      vv[i] = beta2 * vv[i] + (1 - beta2) * grad * grad;
      Y[i] -= (lr * (m[i] / bc1)) / (Math.sqrt(vv[i] / bc2) + eps);
    }
  }
}

/** The reduction that follows a phase: YᵀY after gram, XᵀX after solve, nothing after update. */
export function afterPhase(w: RoundArrays, phase: RoundPhase): void {
  if (phase === "gram") reducePartials(w.partials, taskCount(w, "gram"), w.f, w.YtY);
  else if (phase === "solve") reducePartials(w.partials, taskCount(w, "solve"), w.f, w.XtX);
}

/** The phases in order. */
export const ROUND_PHASES: readonly RoundPhase[] = ["gram", "solve", "update"];

/** Runs a whole round on the calling thread (the one-thread reference of the parallel engine). */
export function runRoundSerial(w: RoundArrays, s: RoundScalars, scratch: RoundScratch): void {
  for (const phase of ROUND_PHASES) {
    const n = taskCount(w, phase);
    for (let t = 0; t < n; t++) runTask(w, s, phase, t, scratch);
    afterPhase(w, phase);
  }
}
