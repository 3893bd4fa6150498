/** The record of one benchmark stage and how it is measured. */

/** One measured stage. Rates are per second of wall-clock time. */
export interface StageResult {
  stage: string;
  /** Problem size (users) of the stage. */
  n: number;
  /** What one op is ("user", "round", …) and how many ran. */
  op: string;
  ops: number;
  seconds: number;
  /** CPU seconds of the whole process (all threads) during the stage, or null when not measured. On a shared
   * machine cpuSeconds / threads is the wall time the stage would take with its cores to itself (memory
   * contention with other processes still counts). */
  cpuSeconds: number | null;
  secondsPerOp: number;
  opsPerSecond: number;
  /** Estimated floating-point operations per second (null when the stage is not arithmetic). */
  flopsPerSecond: number | null;
  /** flopsPerSecond / one thread's measured JS scalar peak × threads, and / the documented vector peak. */
  shareOfJsPeak: number | null;
  shareOfVectorPeak: number | null;
  threads: number;
  /** Process high-water RSS after the stage (monotone over the run), and the current RSS, MiB. */
  maxRssMiB: number;
  rssMiB: number;
  note?: string;
}

/** Builds a StageResult from a timing, a flop count and the peaks. */
export function stageResult(
  base: { stage: string; n: number; op: string; ops: number; seconds: number; cpuSeconds?: number; flops: number | null; threads: number; note?: string },
  peaks: { jsScalarPeak: number; vectorPeak: number },
): StageResult {
  const rate = base.flops === null ? null : base.flops / base.seconds;
  return {
    stage: base.stage,
    n: base.n,
    op: base.op,
    ops: base.ops,
    seconds: base.seconds,
    cpuSeconds: base.cpuSeconds ?? null,
    secondsPerOp: base.seconds / base.ops,
    opsPerSecond: base.ops / base.seconds,
    flopsPerSecond: rate,
    shareOfJsPeak: rate === null ? null : rate / (peaks.jsScalarPeak * base.threads),
    shareOfVectorPeak: rate === null ? null : rate / peaks.vectorPeak,
    threads: base.threads,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    rssMiB: process.memoryUsage().rss / 1024 / 1024,
    ...(base.note === undefined ? {} : { note: base.note }),
  };
}

/** CPU seconds (user + system, all threads of the process) since `from` (a process.cpuUsage() reading). */
export function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

/** Seconds since t0 (performance.now() milliseconds). */
export function since(t0: number): number {
  return (performance.now() - t0) / 1000;
}
