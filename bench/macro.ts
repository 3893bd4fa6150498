/**
 * Macro benchmark: one full FCF round (client solves + exact factored aggregate + master gradient + Adam)
 * on a synthetic n-user problem, per client solver, on a RoundPool of the chosen thread count; and the
 * NumPy reference of the same round on the same data (when python3 + numpy exist).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../src/core/fcf/hyper.js";
import type { ClientSolver } from "../src/core/fcf/round.js";
import type { RoundPool } from "../src/sim/parallel/pool.js";
import { ParallelTrainer } from "../src/sim/parallel/trainer.js";
import { aggregateFlops, cgFlops, cholFlops, gramFlops } from "./flops.js";
import { cpuSince, since, stageResult, type StageResult } from "./result.js";
import { resetState, sharedState, sharedStateF32, syntheticCsr } from "./synthetic.js";

export interface MacroOptions {
  sizes: number[];
  f: number;
  perUser: number;
  solvers: ClientSolver[];
  cgSteps: number;
  seed: string;
  numpy: boolean;
  /** Float32 storage of X, Y and Adam's moments. */
  float32: boolean;
  pool: RoundPool;
  peaks: { jsScalarPeak: number; vectorPeak: number };
  progress: (line: string) => void;
}

/** The NumPy reference's answer for one size and solver (null fields when it was skipped). */
export interface NumpyResult {
  n: number;
  solver: ClientSolver;
  roundSeconds: number | null;
  maxRssMiB: number | null;
  /** fedrec seconds / NumPy seconds for the same round (≤ 1: fedrec is faster). */
  ratio: number | null;
  note: string;
}

const NUMPY_SCRIPT = fileURLToPath(new URL("./numpy_round.py", import.meta.url));

/** True when `python3 -c "import numpy"` succeeds. */
export function numpyAvailable(): boolean {
  const r = spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
  return r.status === 0;
}

/** Runs the macro rounds for every size and solver. */
export function runMacro(o: MacroOptions): { stages: StageResult[]; numpy: NumpyResult[] } {
  const stages: StageResult[] = [];
  const numpy: NumpyResult[] = [];
  const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: o.f };
  for (const n of o.sizes) {
    o.progress(`macro n=${n}: generating ${n}×${o.perUser} interactions`);
    const t0 = performance.now();
    const R = syntheticCsr(n, o.perUser, o.seed);
    const state = o.float32 ? sharedStateF32(n, o.f, o.seed) : sharedState(n, o.f, o.seed);
    o.progress(`macro n=${n}: data ready in ${since(t0).toFixed(1)} s`);
    let dir: string | null = null;
    if (o.numpy) {
      dir = mkdtempSync(join(tmpdir(), "fedrec-bench-"));
      writeRaw(join(dir, "indptr.i32"), R.indptr);
      writeRaw(join(dir, "indices.i32"), R.indices);
      writeRaw(join(dir, "data.f64"), R.data);
      writeRaw(join(dir, "Y.f64"), Float64Array.from(state.Y));
    }
    const trainer = new ParallelTrainer(o.pool);
    for (const solver of o.solvers) {
      resetState(state, o.seed);
      const opts = { solver, cgSteps: o.cgSteps };
      let t = performance.now();
      trainer.iterate(state, R, hyper, null, opts);
      const warm = since(t);
      t = performance.now();
      const cpu0 = process.cpuUsage();
      trainer.iterate(state, R, hyper, null, opts);
      const seconds = since(t);
      const cpuSeconds = cpuSince(cpu0);
      const nnz = n * o.perUser;
      const clientFlops = n * (solver === "cholesky" ? cholFlops(o.f, o.perUser) : cgFlops(o.f, o.perUser, o.cgSteps));
      const flops = clientFlops + aggregateFlops(n, n, nnz, o.f) + gramFlops(n, o.f);
      const label = (solver === "cholesky" ? "cholesky" : `cg${o.cgSteps}`) + (o.float32 ? "-f32" : "");
      const r = stageResult(
        { stage: `round-${label}`, n, op: "round", ops: 1, seconds, cpuSeconds, flops, threads: o.pool.threads, note: `second round (first, with JIT warm-up: ${warm.toFixed(2)} s)` },
        o.peaks,
      );
      stages.push(r);
      o.progress(`macro n=${n} ${label} ×${o.pool.threads} threads: ${seconds.toFixed(2)} s/round (CPU ${cpuSeconds.toFixed(2)} s over ${o.pool.threads} threads), ${(r.flopsPerSecond ?? 0) / 1e9 > 0 ? ((r.flopsPerSecond ?? 0) / 1e9).toFixed(2) : "?"} GFLOP/s, max RSS ${r.maxRssMiB.toFixed(0)} MiB`);
      if (dir !== null) {
        o.progress(`macro n=${n} ${label}: NumPy reference…`);
        const np = runNumpy(dir, n, o.f, solver, o.cgSteps, hyper);
        numpy.push({ ...np, ratio: np.roundSeconds === null ? null : seconds / np.roundSeconds });
        o.progress(`macro n=${n} ${label}: NumPy ${np.roundSeconds === null ? np.note : np.roundSeconds.toFixed(2) + " s/round"}`);
      }
    }
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
  if (!o.numpy) for (const n of o.sizes) for (const solver of o.solvers) numpy.push({ n, solver, roundSeconds: null, maxRssMiB: null, ratio: null, note: "skipped: python3 with numpy not found (or --no-numpy)" });
  return { stages, numpy };
}

function writeRaw(path: string, a: Int32Array | Float64Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

function runNumpy(dir: string, n: number, f: number, solver: ClientSolver, cgSteps: number, hyper: FcfHyper): Omit<NumpyResult, "ratio"> {
  const args = [NUMPY_SCRIPT, dir, String(n), String(f), solver, String(cgSteps), String(hyper.alpha), String(hyper.lambda), String(hyper.lr)];
  const r = spawnSync("python3", args, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) return { n, solver, roundSeconds: null, maxRssMiB: null, note: `NumPy reference failed: ${(r.stderr || "").trim().split("\n").pop() ?? ""}` };
  const out = JSON.parse(r.stdout) as { roundSeconds: number; maxRssMiB: number; numpy: string; scipy: boolean };
  return { n, solver, roundSeconds: out.roundSeconds, maxRssMiB: out.maxRssMiB, note: `numpy ${out.numpy}${out.scipy ? " + scipy.sparse" : ""}, second round` };
}
