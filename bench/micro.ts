/**
 * Micro benchmarks, one user-level operation at a time on a synthetic n-user problem: the client solve
 * (Cholesky, CG, and the ml-matrix reference), the dense upload, YᵀY, the master's factored aggregate,
 * scoring + top-k, and one round of greedy grouping. Also the accuracy of CG against Cholesky.
 */
import { denseUpload, makeClientScratch, solveUserFactor } from "../src/core/fcf/client.js";
import { makeCgScratch, solveUserFactorCg } from "../src/core/fcf/cg.js";
import { beginRound, DEFAULT_SOLVER, fastIteration, roundArrays } from "../src/core/fcf/fast.js";
import { makeRoundScratch, runRoundSerial } from "../src/core/fcf/round.js";
import type { FactorArray } from "../src/core/linalg/kernels.js";
import type { Csr } from "../src/core/sparse/csr.js";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../src/core/fcf/hyper.js";
import { scoreUser } from "../src/core/fcf/recommend.js";
import { gram } from "../src/core/linalg/kernels.js";
import { topK } from "../src/core/linalg/topk.js";
import { MeetingHistory } from "../src/core/groups/history.js";
import { makePolicy } from "../src/core/groups/policies.js";
import { TopMScores } from "../src/core/groups/scores.js";
import { deriveRng } from "../src/core/rng.js";
import { factoredAggregate } from "../src/core/fcf/factored.js";
import { aggregateFlops, cgFlops, cholFlops, gramFlops } from "./flops.js";
import { mlMatrixSolves } from "./mlmatrix.js";
import { since, stageResult, type StageResult } from "./result.js";
import { sharedState, sharedStateF32, syntheticCsr } from "./synthetic.js";

export interface MicroOptions {
  n: number;
  f: number;
  perUser: number;
  cgSteps: number;
  seed: string;
  /** Also measure the accuracy of Float32 storage against Float64. */
  float32: boolean;
  peaks: { jsScalarPeak: number; vectorPeak: number };
  progress: (line: string) => void;
}

/** CG accuracy against the exact solve: relative error ‖x_cg − x*‖/‖x*‖ over users. */
export interface CgAccuracy {
  steps: number;
  coldMeanRelErr: number;
  coldMaxRelErr: number;
  warmMeanRelErr: number;
  warmMaxRelErr: number;
}

/** Float32 storage against Float64: ‖Y₃₂ − Y₆₄‖_F / ‖Y₆₄‖_F (and the same for X) after rounds 1, 2, … (exact Cholesky solves). */
export interface Float32Accuracy {
  rounds: number;
  yRelErr: number[];
  xRelErr: number[];
}

/** Runs every micro stage; returns the stages, the CG accuracy and the ml-matrix speed ratio. */
export function runMicro(o: MicroOptions): { stages: StageResult[]; cgAccuracy: CgAccuracy; mlMatrixRatio: number; mlMatrixMaxAbsDiff: number; float32Accuracy: Float32Accuracy | null } {
  const { n, f, perUser } = o;
  const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: f };
  const R = syntheticCsr(n, perUser, o.seed);
  const state = sharedState(n, f, o.seed);
  // one round so that Y is a trained-looking model and X a previous-round warm start
  fastIteration(state, R, hyper, null, { solver: "cholesky", cgSteps: o.cgSteps });
  const { Y, X: Xprev } = state;
  const YtY = gram(Y, n, f, new Float64Array(f * f));
  const stages: StageResult[] = [];
  const add = (s: Parameters<typeof stageResult>[0]) => {
    const r = stageResult(s, o.peaks);
    stages.push(r);
    o.progress(`micro ${r.stage}: ${(r.secondsPerOp * 1e6).toFixed(2)} µs/${r.op}, ${r.flopsPerSecond === null ? "" : (r.flopsPerSecond / 1e9).toFixed(2) + " GFLOP/s"}`);
  };
  const { indices, data, indptr } = R;
  const { lambda, alpha } = hyper;

  const Xchol = new Float64Array(n * f);
  const chol = makeClientScratch(f);
  let t0 = performance.now();
  for (let u = 0; u < n; u++) solveUserFactor(Y, f, YtY, lambda, alpha, indices, data, indptr[u], indptr[u + 1], Xchol, u * f, chol);
  const cholSeconds = since(t0);
  add({ stage: "client-solve-cholesky", n, op: "user", ops: n, seconds: cholSeconds, flops: n * cholFlops(f, perUser), threads: 1 });

  const Xcg = Float64Array.from(Xprev);
  const cg = makeCgScratch(f);
  t0 = performance.now();
  for (let u = 0; u < n; u++) solveUserFactorCg(Y, f, YtY, lambda, alpha, indices, data, indptr[u], indptr[u + 1], Xcg, u * f, o.cgSteps, cg);
  add({ stage: `client-solve-cg${o.cgSteps}`, n, op: "user", ops: n, seconds: since(t0), flops: n * cgFlops(f, perUser, o.cgSteps), threads: 1, note: "warm start from the previous round's x_u" });

  const Xcold = new Float64Array(n * f);
  for (let u = 0; u < n; u++) solveUserFactorCg(Y, f, YtY, lambda, alpha, indices, data, indptr[u], indptr[u + 1], Xcold, u * f, o.cgSteps, cg);
  const cgAccuracy = { steps: o.cgSteps, ...relErrors(Xcold, Xchol, n, f, "cold"), ...relErrors(Xcg, Xchol, n, f, "warm") } as CgAccuracy;

  const mlUsers = Math.min(n, 2000);
  const Xml = new Float64Array(mlUsers * f);
  t0 = performance.now();
  mlMatrixSolves(Y, f, YtY, lambda, alpha, R, mlUsers, Xml);
  const mlSeconds = since(t0);
  add({ stage: "client-solve-ml-matrix", n, op: "user", ops: mlUsers, seconds: mlSeconds, flops: mlUsers * cholFlops(f, perUser), threads: 1, note: "straightforward ml-matrix (Matrix ops + solve) on the first users" });
  let mlDiff = 0;
  for (let i = 0; i < mlUsers * f; i++) mlDiff = Math.max(mlDiff, Math.abs(Xml[i] - Xchol[i]));
  const mlMatrixRatio = mlSeconds / mlUsers / (cholSeconds / n);

  const upUsers = Math.max(1, Math.min(n, Math.floor(2e7 / (n * f))));
  const upload = new Float64Array(n * f);
  t0 = performance.now();
  for (let u = 0; u < upUsers; u++) denseUpload(Y, n, f, Xchol, u * f, alpha, indices, data, indptr[u], indptr[u + 1], upload);
  add({ stage: "client-upload-dense", n, op: "user", ops: upUsers, seconds: since(t0), flops: upUsers * 4 * n * f, threads: 1, note: "paper-faithful dense G_u over all n partners" });

  t0 = performance.now();
  gram(Y, n, f, YtY);
  add({ stage: "gram-YtY", n, op: "round", ops: 1, seconds: since(t0), flops: gramFlops(n, f), threads: 1 });

  const sumG = new Float64Array(n * f);
  t0 = performance.now();
  factoredAggregate(R, Xchol, Y, f, alpha, sumG, null);
  add({ stage: "master-aggregate-factored", n, op: "round", ops: 1, seconds: since(t0), flops: aggregateFlops(n, n, n * perUser, f), threads: 1, note: "exact Σ_u G_u over all n clients" });

  const m = 50;
  const scoreUsers = Math.min(n, Math.max(1, Math.floor(5e7 / (n * f))));
  const scores = new TopMScores(n, m);
  const buf = new Float64Array(n);
  const idx = new Int32Array(m);
  const val = new Float64Array(m);
  t0 = performance.now();
  for (let u = 0; u < scoreUsers; u++) {
    scoreUser(Xchol, u, Y, n, f, buf);
    const c = topK(buf, m, idx, val, (v) => v === u);
    scores.setUser(u, idx.subarray(0, c), val.subarray(0, c), c, val[c - 1]);
  }
  add({ stage: "score-topk", n, op: "user", ops: scoreUsers, seconds: since(t0), flops: scoreUsers * 2 * n * f, threads: 1, note: `x_uᵀY over all n, then top-${m} by partial selection` });

  // grouping needs every user's list: fill the rest cheaply from their own CSR rows (same list length)
  for (let u = scoreUsers; u < n; u++) {
    const c = Math.min(m, indptr[u + 1] - indptr[u]);
    for (let j = 0; j < c; j++) {
      idx[j] = indices[indptr[u] + j];
      val[j] = data[indptr[u] + j];
    }
    scores.setUser(u, idx.subarray(0, c), val.subarray(0, c), c, 0);
  }
  const present = new Int32Array(n);
  for (let u = 0; u < n; u++) present[u] = u;
  const policy = makePolicy("greedy-penalty");
  t0 = performance.now();
  policy.formGroups({ round: 1, present, groupSize: 4, scores, history: new MeetingHistory(n), repeatPenalty: 0.5, repeatDecay: 0.9, mutual: "mean", rng: deriveRng(o.seed, "bench-policy") });
  add({ stage: "grouping-greedy-penalty", n, op: "round", ops: 1, seconds: since(t0), flops: null, threads: 1, note: `groups of 4 from top-${m} lists` });

  let float32Accuracy: Float32Accuracy | null = null;
  if (o.float32) {
    float32Accuracy = float32Vs64(R, n, f, o.seed, hyper, 3);
    o.progress(`micro float32 storage: relative error of Y vs Float64 after rounds 1..3: ${float32Accuracy.yRelErr.map((e) => e.toExponential(2)).join(", ")}`);
  }
  return { stages, cgAccuracy, mlMatrixRatio, mlMatrixMaxAbsDiff: mlDiff, float32Accuracy };
}

/** The same rounds from the same initial draws with Float64 and with Float32 storage; Frobenius relative errors per round. */
function float32Vs64(R: Csr, n: number, f: number, seed: string, hyper: FcfHyper, rounds: number): Float32Accuracy {
  const s64 = sharedState(n, f, seed);
  const s32 = sharedStateF32(n, f, seed);
  const w64 = roundArrays(s64, R, null);
  const w32 = roundArrays(s32, R, null);
  const scratch = makeRoundScratch(f);
  const out: Float32Accuracy = { rounds, yRelErr: [], xRelErr: [] };
  for (let r = 0; r < rounds; r++) {
    runRoundSerial(w64, beginRound(s64, w64, hyper, DEFAULT_SOLVER), scratch);
    runRoundSerial(w32, beginRound(s32, w32, hyper, DEFAULT_SOLVER), scratch);
    out.yRelErr.push(frobRel(s32.Y, s64.Y));
    out.xRelErr.push(frobRel(s32.X, s64.X));
  }
  return out;
}

function frobRel(a: FactorArray, ref: FactorArray): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = a[i] - ref[i];
    num += d * d;
    den += ref[i] * ref[i];
  }
  return Math.sqrt(num / den);
}

function relErrors(X: Float64Array, ref: Float64Array, n: number, f: number, kind: "cold" | "warm"): Record<string, number> {
  let sum = 0;
  let max = 0;
  let users = 0;
  for (let u = 0; u < n; u++) {
    let num = 0;
    let den = 0;
    for (let a = 0; a < f; a++) {
      const d = X[u * f + a] - ref[u * f + a];
      num += d * d;
      den += ref[u * f + a] * ref[u * f + a];
    }
    if (den === 0) continue;
    const e = Math.sqrt(num / den);
    sum += e;
    max = Math.max(max, e);
    users++;
  }
  return { [`${kind}MeanRelErr`]: sum / Math.max(users, 1), [`${kind}MaxRelErr`]: max };
}
