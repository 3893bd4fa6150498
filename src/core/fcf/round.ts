/**
 * One FCF round (DESIGN §2) split into independent tasks, so that any number of threads computes exactly
 * the same bits. Three phases, each a set of tasks with no shared writes:
 *   1. gram — YᵀY as partial sums over FIXED blocks of item rows (ITEM_BLOCK rows each);
 *   2. solve — client solves over FIXED blocks of clients (USER_BLOCK each), each block also forming its
 *      partial X_SᵀX_S;
 *   3. update — item rows split in ranges: the exact factored aggregate for those rows, the master gradient
 *      (λ once, data term scaled by nUsers/|clients|) and the Adam step, all row-local.
 * Between phases the driver reduces the block partials IN BLOCK ORDER (reducePartials). The blocks do not
 * depend on the thread count, and in phase 3 every item row is summed in the clients' order whatever the
 * ranges, so one thread and many threads give bit-identical results. Memory: O(nnz + (nUsers + nItems)·f)
 * plus one f×f partial per block; never nUsers×nItems.
 */
import { makeClientScratch, solveUserFactor, type ClientScratch } from "./client.js";
import { makeCgScratch, solveUserFactorCg, type CgScratch } from "./cg.js";

/** Item rows per partial of YᵀY. */
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
  /** Reporting clients in order, or null for every user 0..nUsers-1. */
  clients: Int32Array | null;
  X: Float64Array;
  Y: Float64Array;
  YtY: Float64Array;
  XtX: Float64Array;
  /** Adam moments. */
  m: Float64Array;
  v: Float64Array;
  /** The summed uploads (nItems×f), overwritten by the gradient. */
  sumG: Float64Array;
  /** f×f partial per block: max(gram blocks, solve blocks) of them. */
  partials: Float64Array;
}

/** The phases of a round, in order. */
export type RoundPhase = "gram" | "solve" | "update";

/** Reusable per-thread scratch for the solvers. */
export interface RoundScratch {
  chol: ClientScratch;
  cg: CgScratch;
}

/** Allocates one thread's solver scratch. */
export function makeRoundScratch(f: number): RoundScratch {
  return { chol: makeClientScratch(f), cg: makeCgScratch(f) };
}

/** Number of reporting clients. */
export function clientCount(w: RoundArrays): number {
  return w.clients === null ? w.nUsers : w.clients.length;
}

/** Number of tasks of a phase; phase 3 uses `ranges` item ranges (any count gives the same result). */
export function taskCount(w: RoundArrays, phase: RoundPhase, ranges: number): number {
  if (phase === "gram") return Math.ceil(w.nItems / ITEM_BLOCK);
  if (phase === "solve") return Math.ceil(clientCount(w) / USER_BLOCK);
  return Math.max(1, Math.min(ranges, w.nItems));
}

/** Number of f×f partials the arrays must hold. */
export function partialCount(nUsers: number, nItems: number): number {
  return Math.max(Math.ceil(nItems / ITEM_BLOCK), Math.ceil(nUsers / USER_BLOCK), 1);
}

/** Adds the upper triangle of Σ_{rows} z zᵀ over rows [lo, hi) of Z into out[off..off+f²) (zeroed first). */
function gramInto(Z: Float64Array, f: number, lo: number, hi: number, out: Float64Array, off: number): void {
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
function gramListInto(Z: Float64Array, f: number, list: Int32Array, lo: number, hi: number, out: Float64Array, off: number): void {
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

/** Runs task `task` of `phase` (of `ranges` ranges in phase 3). Pure: writes only that task's outputs. */
export function runTask(w: RoundArrays, s: RoundScalars, phase: RoundPhase, task: number, ranges: number, scratch: RoundScratch): void {
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
    const n = taskCount(w, "update", ranges);
    const vLo = Math.floor((task * w.nItems) / n);
    const vHi = Math.floor(((task + 1) * w.nItems) / n);
    aggregateRows(w, s.alpha, vLo, vHi);
    masterStepRows(w, s, vLo * f, vHi * f);
  }
}

/** Client solves for clients [lo, hi) (positions in the client list). */
function solveRange(w: RoundArrays, s: RoundScalars, lo: number, hi: number, scratch: RoundScratch): void {
  const { f, Y, YtY, X, indptr, indices, data, clients } = w;
  for (let q = lo; q < hi; q++) {
    const u = clients === null ? q : clients[q];
    if (s.solver === "cholesky") {
      solveUserFactor(Y, f, YtY, s.lambda, s.alpha, indices, data, indptr[u], indptr[u + 1], X, u * f, scratch.chol);
    } else {
      solveUserFactorCg(Y, f, YtY, s.lambda, s.alpha, indices, data, indptr[u], indptr[u + 1], X, u * f, s.cgSteps, scratch.cg);
    }
  }
}

/**
 * The exact factored aggregate (DESIGN §2) restricted to item rows [vLo, vHi): scans every client's row in
 * client order, adds (c·p − (c−1)·x_uᵀy_v)·x_u to row v when v is in range, then subtracts (XᵀX) y_v.
 * Each row's sum runs in client order, so splitting the rows differently never changes a bit.
 */
function aggregateRows(w: RoundArrays, alpha: number, vLo: number, vHi: number): void {
  const { f, X, Y, XtX, sumG, indptr, indices, data, clients } = w;
  sumG.fill(0, vLo * f, vHi * f);
  const count = clientCount(w);
  const whole = vLo === 0 && vHi === w.nItems;
  for (let q = 0; q < count; q++) {
    const u = clients === null ? q : clients[q];
    const xo = u * f;
    for (let k = indptr[u], end = indptr[u + 1]; k < end; k++) {
      const v = indices[k];
      if (!whole && (v < vLo || v >= vHi)) continue;
      const rv = data[k];
      const c = 1 + alpha * rv;
      const cp = rv > 0 ? c : 0;
      const o = v * f;
      let dotXY = 0;
      for (let a = 0; a < f; a++) dotXY += X[xo + a] * Y[o + a];
      const wgt = cp - (c - 1) * dotXY;
      for (let a = 0; a < f; a++) sumG[o + a] += wgt * X[xo + a];
    }
  }
  for (let v = vLo; v < vHi; v++) {
    const o = v * f;
    for (let a = 0; a < f; a++) {
      let acc = 0;
      const row = a * f;
      for (let b = 0; b < f; b++) acc += XtX[row + b] * Y[o + b];
      sumG[o + a] -= acc;
    }
  }
}

/**
 * Over flat entries [lo, hi): g = −2·scale·ΣG + 2λY (stored in sumG), then Adam with the round's bias
 * corrections: m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; Y −= lr·(m/bc1)/(√(v/bc2) + ε) — the same
 * arithmetic as masterGradient and adamStep.
 */
function masterStepRows(w: RoundArrays, s: RoundScalars, lo: number, hi: number): void {
  const { Y, m, v, sumG } = w;
  const ga = -2 * s.scale;
  const gb = 2 * s.lambda;
  const { beta1, beta2, lr, eps, bc1, bc2 } = s;
  for (let i = lo; i < hi; i++) {
    const g = ga * sumG[i] + gb * Y[i];
    sumG[i] = g;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    Y[i] -= (lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + eps);
  }
}

/** The reduction that follows a phase: YᵀY after gram, XᵀX after solve, nothing after update. */
export function afterPhase(w: RoundArrays, phase: RoundPhase): void {
  if (phase === "gram") reducePartials(w.partials, taskCount(w, "gram", 1), w.f, w.YtY);
  else if (phase === "solve") reducePartials(w.partials, taskCount(w, "solve", 1), w.f, w.XtX);
}

/** The phases in order. */
export const ROUND_PHASES: readonly RoundPhase[] = ["gram", "solve", "update"];

/** Runs a whole round on the calling thread (the one-thread reference of the parallel engine). */
export function runRoundSerial(w: RoundArrays, s: RoundScalars, scratch: RoundScratch): void {
  for (const phase of ROUND_PHASES) {
    const n = taskCount(w, phase, 1);
    for (let t = 0; t < n; t++) runTask(w, s, phase, t, 1, scratch);
    afterPhase(w, phase);
  }
}
