/**
 * Floating-point operation counts of the benchmarked operations (a multiply and an add count as 2), and
 * the machine's peak: measured by a tight JavaScript multiply-add loop (the ceiling for scalar JS code), and
 * documented from /proc/cpuinfo (cores × SIMD width × 2 FMA pipes × 2 flops × clock).
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Cholesky client step with k observations: rank-1 updates, right-hand side, factorisation, two solves. */
export function cholFlops(f: number, k: number): number {
  return k * (f * (f + 1) + 2 * f) + f * f + (f * f * f) / 3 + 2 * f * f;
}

/** CG client step with k observations and `steps` steps: initial residual plus one product per step. */
export function cgFlops(f: number, k: number, steps: number): number {
  const product = 2 * f * f + 4 * k * f;
  return product + steps * (product + 10 * f);
}

/** Factored aggregate + gradient + Adam per round for nUsers clients, nItems items, nnz entries. */
export function aggregateFlops(nUsers: number, nItems: number, nnz: number, f: number): number {
  return nnz * 4 * f + nUsers * f * (f + 1) + nItems * 2 * f * f + nItems * f * 12;
}

/** YᵀY over n rows (upper triangle). */
export function gramFlops(n: number, f: number): number {
  return n * f * (f + 1);
}

/** The machine's figures for the report. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  flags: string;
  /** Documented double-precision vector peak of all cores, FLOP/s (estimate; see note). */
  vectorPeak: number;
  vectorPeakNote: string;
  /** Measured scalar JS multiply-add throughput of one thread, FLOP/s. */
  jsScalarPeak: number;
}

/** Reads /proc/cpuinfo and /proc/meminfo (Linux), and measures the JS scalar peak. */
export function machineInfo(): MachineInfo {
  let cpuinfo = "";
  let meminfo = "";
  try {
    cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    meminfo = readFileSync("/proc/meminfo", "utf8");
  } catch {
    // not Linux: figures stay unknown
  }
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(cpuinfo)?.[1]?.trim() ?? "unknown";
  const flags = field("flags");
  const cores = availableParallelism();
  const mhz = Number(field("cpu MHz"));
  const bogo = Number(field("bogomips"));
  const ghz = Number.isFinite(mhz) && mhz > 0 ? mhz / 1000 : Number.isFinite(bogo) && bogo > 0 ? bogo / 2000 : 2;
  const width = flags.includes("avx512f") ? 8 : flags.includes("avx") ? 4 : 2;
  const family = field("cpu family");
  const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(meminfo)?.[1] ?? 0);
  return {
    cpu: `${field("model name")} (family ${family}, model ${field("model")})`,
    cores,
    memoryGiB: memKb / 1024 / 1024,
    flags: ["avx2", "fma", "avx512f"].filter((fl) => flags.split(" ").includes(fl)).join(" "),
    vectorPeak: cores * width * 2 * 2 * ghz * 1e9,
    vectorPeakNote: `${cores} cores × ${width} doubles (${width === 8 ? "AVX-512" : "AVX"}) × 2 FMA pipes × 2 flops × ${ghz.toFixed(2)} GHz (${Number.isFinite(mhz) && mhz > 0 ? "cpu MHz" : "bogomips/2, no cpu MHz in /proc/cpuinfo"})`,
    jsScalarPeak: measureJsPeak(),
  };
}

/** Best of 5 runs of 8 independent multiply-add chains over 2·10⁷ iterations, FLOP/s of one thread. */
export function measureJsPeak(): number {
  let best = 0;
  const seed = new Float64Array([0.999999, 1e-9]);
  for (let rep = 0; rep < 5; rep++) {
    const a = seed[0];
    const b = seed[1];
    let s0 = 1, s1 = 1.1, s2 = 1.2, s3 = 1.3, s4 = 1.4, s5 = 1.5, s6 = 1.6, s7 = 1.7;
    const iters = 20_000_000;
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) {
      s0 = s0 * a + b; s1 = s1 * a + b; s2 = s2 * a + b; s3 = s3 * a + b;
      s4 = s4 * a + b; s5 = s5 * a + b; s6 = s6 * a + b; s7 = s7 * a + b;
    }
    const dt = (performance.now() - t0) / 1000;
    seed[1] = (s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7) * 1e-30 + 1e-9;
    best = Math.max(best, (iters * 16) / dt);
  }
  return best;
}
