/**
 * `fedrec bench`: micro benchmarks of the hot loops and macro FCF rounds at 10k–1M users, with the
 * ml-matrix and NumPy references; a progress line per stage on stderr, a table on stderr or one JSON
 * object on stdout (--json). The harness lives in bench/.
 */
import { Command, Option } from "commander";
import { availableParallelism } from "node:os";
import { runBench, type BenchOptions, type BenchReport } from "../../../bench/run.js";
import { intAtLeast, listOf, sizeList } from "../parse.js";
import { fmt, makePalette, renderTable } from "../render.js";

/** The harness's options as commander hands them over, plus --json. */
type BenchCliOptions = Omit<BenchOptions, "progress"> & { json: boolean };

/** Renders the report as the human table. */
export function renderBench(r: BenchReport): string {
  const c = makePalette();
  const row = (s: BenchReport["micro"][number]): [string, string] => [
    `${s.stage} (n=${s.n}, ${s.threads} thr)`,
    `${(s.secondsPerOp * 1e3).toPrecision(4)} ms/${s.op}  ${s.opsPerSecond.toPrecision(4)} ${s.op}/s  ` +
      (s.cpuSeconds === null ? "" : `CPU ${fmt(s.cpuSeconds, 2)} s  `) +
      (s.flopsPerSecond === null ? "" : `${fmt(s.flopsPerSecond / 1e9, 2)} GFLOP/s (${fmt(100 * (s.shareOfJsPeak ?? 0), 1)}% JS peak, ${fmt(100 * (s.shareOfVectorPeak ?? 0), 2)}% vector peak)  `) +
      `maxRSS ${fmt(s.maxRssMiB, 0)} MiB`,
  ];
  const refs: Array<[string, string]> = [];
  if (r.mlMatrixRatio !== null) refs.push(["ml-matrix / fedrec client step", `${fmt(r.mlMatrixRatio, 1)}× (target ≥ 20)`]);
  if (r.cgAccuracy !== null) {
    const a = r.cgAccuracy;
    refs.push([`CG(${a.steps}) vs Cholesky rel. error`, `warm mean ${a.warmMeanRelErr.toExponential(2)} max ${a.warmMaxRelErr.toExponential(2)}; cold mean ${a.coldMeanRelErr.toExponential(2)}`]);
  }
  if (r.float32Accuracy !== null) {
    const a = r.float32Accuracy;
    refs.push(["Float32 vs Float64 storage, rel. error", `Y after rounds 1..${a.rounds}: ${a.yRelErr.map((e) => e.toExponential(2)).join(", ")}; X: ${a.xRelErr.map((e) => e.toExponential(2)).join(", ")}`]);
  }
  for (const np of r.numpy) {
    refs.push([`fedrec / NumPy round, n=${np.n} ${np.solver}`, np.ratio === null ? np.note : `${fmt(np.ratio, 2)} (NumPy ${fmt(np.roundSeconds, 2)} s, ${fmt(np.maxRssMiB, 0)} MiB)`]);
  }
  return renderTable(
    `fedrec bench — ${r.machine.cpu}, ${r.machine.cores} cores, ${fmt(r.machine.memoryGiB, 1)} GiB, ${r.date}`,
    [
      ["peaks", [
        ["JS scalar (measured, 1 thread)", `${fmt(r.machine.jsScalarPeak / 1e9, 2)} GFLOP/s`],
        ["vector (documented estimate)", `${fmt(r.machine.vectorPeak / 1e9, 1)} GFLOP/s = ${r.machine.vectorPeakNote}`],
      ]],
      ["micro", r.micro.map(row)],
      ["macro (one FCF round)", r.macro.map(row)],
      ["references", refs],
      ["memory", [["process max RSS", `${fmt(r.maxRssMiB, 0)} MiB`]]],
    ],
    c,
  );
}

async function action(o: BenchCliOptions): Promise<void> {
  const report = await runBench({
    stages: o.stages,
    sizes: o.sizes,
    microUsers: o.microUsers,
    factors: o.factors,
    perUser: o.perUser,
    threads: o.threads,
    solvers: o.solvers,
    cgSteps: o.cgSteps,
    seed: o.seed,
    numpy: o.numpy,
    float32: o.float32,
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  if (o.json) process.stdout.write(JSON.stringify(report) + "\n");
  else process.stderr.write(renderBench(report));
}

/** Builds the `bench` command. */
export function makeBenchCommand(): Command {
  return new Command("bench")
    .description(
      "Benchmark the FCF hot loops (micro: client solve + upload, YᵀY, master aggregation, scoring + top-k, grouping) and one full " +
        "FCF round (client solves + exact factored aggregate + Adam) at the given sizes on synthetic data (exactly --per-user partners per user), " +
        "against a straightforward ml-matrix client step and a batched NumPy reference (run when python3 with numpy exists). " +
        "FLOP/s are estimates from operation counts; the machine's peak is a measured JS multiply-add loop and a documented vector figure.",
    )
    .addOption(new Option("--stages <list>", "stages to run: micro, macro").argParser(listOf(["micro", "macro"] as const)).default(["micro", "macro"], "micro,macro"))
    .addOption(new Option("--sizes <list>", "macro round sizes (users), with k/m suffixes").argParser(sizeList(100)).default([10_000, 100_000, 1_000_000], "10k,100k,1m"))
    .addOption(new Option("--micro-users <n>", "users of the micro benchmarks' problem").argParser(intAtLeast(100)).default(20_000))
    .addOption(new Option("--factors <f>", "latent factors").argParser(intAtLeast(1)).default(32))
    .addOption(new Option("--per-user <k>", "interactions per user in the synthetic data").argParser(intAtLeast(1)).default(30))
    .addOption(new Option("--threads <n>", "threads of the macro rounds (results are identical for any count)").argParser(intAtLeast(1)).default(availableParallelism(), "CPU count"))
    .addOption(new Option("--solvers <list>", "client solvers of the macro rounds: cholesky (exact), cg (fixed conjugate-gradient steps, approximate)").argParser(listOf(["cholesky", "cg"] as const)).default(["cg", "cholesky"], "cg,cholesky"))
    .addOption(new Option("--cg-steps <n>", "conjugate-gradient steps per client solve (implicit's default: 3)").argParser(intAtLeast(1)).default(3))
    .addOption(new Option("--seed <seed>", "seed of the synthetic data").default("1"))
    .addOption(new Option("--no-numpy", "skip the NumPy reference"))
    .addOption(new Option("--float32", "macro rounds store X, Y and Adam's moments as Float32 (half the memory; arithmetic stays in double); micro adds the relative error of Y and X against Float64 storage after 1–3 rounds").default(false))
    .addOption(new Option("--json", "print exactly one JSON object (the report) on stdout").default(false))
    .addHelpText("after", "\nExamples:\n  fedrec bench --sizes 10k --stages macro\n  fedrec bench --json > bench.json\n")
    .action(action);
}
