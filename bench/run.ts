/**
 * The `fedrec bench` harness: machine figures and peaks, micro stages, macro rounds (with the NumPy
 * reference), assembled into one report object. Progress lines go to the given callback.
 */
import { RoundPool } from "../src/sim/parallel/pool.js";
import type { ClientSolver } from "../src/core/fcf/round.js";
import { machineInfo, type MachineInfo } from "./flops.js";
import { runMacro, numpyAvailable, type NumpyResult } from "./macro.js";
import { runMicro, type CgAccuracy, type Float32Accuracy } from "./micro.js";
import type { StageResult } from "./result.js";

export type BenchStage = "micro" | "macro";

export interface BenchOptions {
  stages: BenchStage[];
  sizes: number[];
  microUsers: number;
  factors: number;
  perUser: number;
  threads: number;
  solvers: ClientSolver[];
  cgSteps: number;
  seed: string;
  numpy: boolean;
  /** Float32 storage in the macro rounds, and the Float32-vs-Float64 accuracy stage in micro. */
  float32: boolean;
  progress: (line: string) => void;
}

export interface BenchReport {
  date: string;
  node: string;
  machine: MachineInfo;
  options: Omit<BenchOptions, "progress">;
  micro: StageResult[];
  macro: StageResult[];
  cgAccuracy: CgAccuracy | null;
  /** ml-matrix seconds per client step / fedrec Cholesky seconds per client step (target ≥ 20). */
  mlMatrixRatio: number | null;
  mlMatrixMaxAbsDiff: number | null;
  /** With --float32: relative error of Float32-stored Y and X against Float64 after each of a few rounds. */
  float32Accuracy: Float32Accuracy | null;
  numpy: NumpyResult[];
  maxRssMiB: number;
}

/** Runs the selected stages and returns the report. */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  o.progress("machine: measuring the JS scalar multiply-add peak");
  const machine = machineInfo();
  const peaks = { jsScalarPeak: machine.jsScalarPeak, vectorPeak: machine.vectorPeak };
  o.progress(`machine: ${machine.cpu}, ${machine.cores} cores; JS scalar peak ${(machine.jsScalarPeak / 1e9).toFixed(2)} GFLOP/s/thread`);
  const { progress, ...options } = o;
  const report: BenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    machine,
    options,
    micro: [],
    macro: [],
    cgAccuracy: null,
    mlMatrixRatio: null,
    mlMatrixMaxAbsDiff: null,
    float32Accuracy: null,
    numpy: [],
    maxRssMiB: 0,
  };
  if (o.stages.includes("micro")) {
    const m = runMicro({ n: o.microUsers, f: o.factors, perUser: o.perUser, cgSteps: o.cgSteps, seed: o.seed, float32: o.float32, peaks, progress });
    report.micro = m.stages;
    report.cgAccuracy = m.cgAccuracy;
    report.mlMatrixRatio = m.mlMatrixRatio;
    report.mlMatrixMaxAbsDiff = m.mlMatrixMaxAbsDiff;
    report.float32Accuracy = m.float32Accuracy;
    progress(`micro: ml-matrix client step is ${m.mlMatrixRatio.toFixed(1)}× slower than fedrec's`);
  }
  if (o.stages.includes("macro")) {
    const useNumpy = o.numpy && numpyAvailable();
    if (o.numpy && !useNumpy) progress("macro: python3 with numpy not found; the NumPy reference is skipped");
    const pool = await RoundPool.start(o.threads);
    try {
      const m = runMacro({ sizes: o.sizes, f: o.factors, perUser: o.perUser, solvers: o.solvers, cgSteps: o.cgSteps, seed: o.seed, numpy: useNumpy, float32: o.float32, pool, peaks, progress });
      report.macro = m.stages;
      report.numpy = m.numpy;
    } finally {
      await pool.close();
    }
  }
  report.maxRssMiB = process.resourceUsage().maxRSS / 1024;
  return report;
}
