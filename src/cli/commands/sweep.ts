/**
 * `fedrec sweep`: a grid of grouping policy × repetition penalty × exploration over the same worlds and
 * seeds; writes sweep.csv (one row per cell × seed), sweep.json and pareto.svg (satisfaction against the
 * repeat-pair rate, Pareto front drawn, the default configuration marked) to --out, atomically.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { join } from "node:path";
import { DEFAULT_SIM_CONFIG, type SimConfig, type SimPolicy } from "../../sim/config.js";
import { POLICY_NAMES } from "../../core/groups/policies.js";
import type { Exploration } from "../../core/groups/types.js";
import { explorationLabel, runSweep, type SweepGrid, type SweepResult } from "../../sim/sweep.js";
import { sweepChartSpec, sweepCsv } from "../../sim/sweep-output.js";
import { renderVegaLiteSvg } from "../../sim/charts/vega.js";
import { writeFilesAtomic } from "../../sim/io/atomic.js";
import { UsageError } from "../errors.js";
import { intAtLeast, listOf } from "../parse.js";
import { fmt } from "../render.js";

const POLICIES: readonly SimPolicy[] = [...POLICY_NAMES, "oracle"];

/** "0,2,20" → [0, 2, 20] (non-negative numbers, duplicates removed). */
export function numberList(raw: string): number[] {
  const out = raw.split(",").map((p) => {
    const v = Number(p.trim());
    if (p.trim() === "" || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`expected non-negative numbers like 0,2,20, got "${p}"`);
    return v;
  });
  return [...new Set(out)];
}

/** "none,epsilon:0.1,softmax:0.2,ucb:0.5" → explorations. */
export function explorationList(raw: string): Exploration[] {
  const seen = new Set<string>();
  const out: Exploration[] = [];
  for (const part of raw.split(",").map((p) => p.trim())) {
    let e: Exploration;
    const m = /^(epsilon|softmax|temperature|ucb):([0-9.eE+-]+)$/.exec(part);
    if (part === "none") e = { kind: "none" };
    else if (m !== null && Number.isFinite(Number(m[2])) && Number(m[2]) >= 0) {
      const v = Number(m[2]);
      if (m[1] === "epsilon") {
        if (v > 1) throw new InvalidArgumentError(`epsilon must be in [0, 1], got "${part}"`);
        e = { kind: "epsilon", epsilon: v };
      } else if (m[1] === "ucb") e = { kind: "ucb", bonus: v };
      else e = { kind: "softmax", temperature: v };
    } else throw new InvalidArgumentError(`expected none, epsilon:<e>, softmax:<t> or ucb:<b>, got "${part}"`);
    const key = explorationLabel(e);
    if (!seen.has(key)) out.push(e);
    seen.add(key);
  }
  return out;
}

interface SweepOptions {
  policies: SimPolicy[];
  penalties: number[];
  exploration: Exploration[];
  seeds: string;
  users: number;
  rounds: number;
  groupSize: number;
  y: "cumulative" | "vsOracle";
  out?: string;
  json: boolean;
}

/** Cross-field checks; the base configuration and the grid. */
export function validateSweepOptions(o: SweepOptions): { base: SimConfig; grid: SweepGrid } {
  if (o.groupSize > o.users) throw new UsageError(`option '--group-size <k>': ${o.groupSize} is larger than --users (${o.users})`);
  const seeds = [...new Set(o.seeds.split(",").map((s) => s.trim()))];
  if (seeds.some((s) => s === "")) throw new UsageError(`option '--seeds <list>': empty seed in "${o.seeds}"`);
  const base: SimConfig = {
    ...DEFAULT_SIM_CONFIG,
    users: o.users,
    rounds: o.rounds,
    groupSize: o.groupSize,
    candidates: Math.min(DEFAULT_SIM_CONFIG.candidates, o.users - 1),
  };
  return { base, grid: { policies: o.policies, penalties: o.penalties, explorations: o.exploration, seeds } };
}

function renderCells(r: SweepResult): string {
  const lines = ["cell (seed means)                                   cumulative  vsOracle  vsRandom  repeat-pair  front"];
  for (const c of r.cells) {
    lines.push(`${(c.label + (c.isDefault ? " [default]" : "")).padEnd(50)} ${fmt(c.cumulative, 1).padStart(11)} ${fmt(c.vsOracle).padStart(9)} ${fmt(c.vsRandom).padStart(9)} ${fmt(c.repeatPairRate, 4).padStart(12)}  ${c.pareto ? "*" : ""}`);
  }
  return lines.join("\n") + "\n";
}

async function action(o: SweepOptions): Promise<void> {
  const { base, grid } = validateSweepOptions(o);
  const result = await runSweep(base, grid, (done, total, what) => process.stderr.write(`[${done}/${total}] ${what}\n`));
  const title = `fedrec sweep — ${base.users} users, ${base.rounds} rounds, groups of ${base.groupSize}, seeds ${grid.seeds.join(",")}`;
  if (o.out !== undefined) {
    const svg = await renderVegaLiteSvg(sweepChartSpec(result, o.y, title));
    writeFilesAtomic(o.out, {
      "sweep.csv": sweepCsv(result),
      "sweep.json": JSON.stringify({ base, grid, ...result }, null, 2) + "\n",
      "pareto.svg": svg,
    });
  }
  if (o.json) process.stdout.write(JSON.stringify({ users: base.users, rounds: base.rounds, groupSize: base.groupSize, grid, ...result }) + "\n");
  else {
    process.stderr.write(renderCells(result));
    if (o.out !== undefined) process.stderr.write(`wrote ${join(o.out, "sweep.csv")}, ${join(o.out, "sweep.json")} and ${join(o.out, "pareto.svg")}\n`);
  }
}

/** Builds the `sweep` command. */
export function makeSweepCommand(): Command {
  const d = DEFAULT_SIM_CONFIG;
  return new Command("sweep")
    .description(
      "Run a grid of grouping policy × repetition penalty × exploration over the same simulated worlds and seeds (the same runs as " +
        "`fedrec simulate`, other settings at their defaults), report each cell's cumulative satisfaction, ratios to the oracle and random " +
        "policies and cumulative repeat-pair rate, and draw the satisfaction-vs-repeat-rate Pareto front with the default configuration marked. " +
        "Policies that ignore the penalty (or exploration) run once with λ = 0 (or none).",
    )
    .addOption(new Option("--policies <list>", `comma list of policies: ${POLICIES.join(", ")}`).argParser(listOf(POLICIES)).default(["greedy-penalty", "local-search", "greedy", "random"]))
    .addOption(new Option("--penalties <list>", "comma list of repetition penalties λ_rep").argParser(numberList).default([0, 2, 20]))
    .addOption(new Option("--exploration <list>", "comma list of explorations: none, epsilon:<e>, softmax:<t>, ucb:<b>").argParser(explorationList).default([{ kind: "none" }]))
    .addOption(new Option("--seeds <list>", "comma list of run seeds; every cell runs on each").default("1,2,3"))
    .addOption(new Option("--users <n>", "simulated users").argParser(intAtLeast(2)).default(d.users))
    .addOption(new Option("--rounds <n>", "rounds per run").argParser(intAtLeast(1)).default(d.rounds))
    .addOption(new Option("--group-size <k>", "target group size").argParser(intAtLeast(2)).default(d.groupSize))
    .addOption(new Option("--y <metric>", "y axis of the plot: cumulative (satisfaction) or vsOracle").choices(["cumulative", "vsOracle"]).default("cumulative"))
    .addOption(new Option("--out <dir>", "write sweep.csv, sweep.json and pareto.svg to this directory (atomically)"))
    .addOption(new Option("--json", "print one JSON object (grid, rows, cells) on stdout").default(false))
    .addHelpText("after", "\nExample:\n  fedrec sweep --policies greedy-penalty,local-search,random --penalties 0,2,20 --exploration none,epsilon:0.1,ucb:0.5 --seeds 1,2,3 --out sweeps/a\n")
    .action(action);
}
