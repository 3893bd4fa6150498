/**
 * `fedrec sweep`: a grid of grouping policy × repetition penalty × exploration, each cell simulated on the
 * same worlds and seeds as the others (one Simulation per cell and seed, via the same code as
 * `fedrec simulate`), with the oracle and random policies run once per seed for the ratios. Rows are
 * averaged per cell over the seeds and the cells on the Pareto front of (cumulative repeat-pair rate ↓,
 * cumulative satisfaction ↑) are flagged; the default configuration is always part of the grid.
 */
import type { SimConfig, SimPolicy } from "./config.js";
import { Simulation, type PolicyOutcome } from "./simulation.js";
import { DEFAULT_SIM_CONFIG } from "./config.js";
import type { Exploration } from "../core/groups/types.js";
import { paretoFront } from "../core/metrics/pareto.js";

export interface SweepGrid {
  policies: SimPolicy[];
  penalties: number[];
  explorations: Exploration[];
  seeds: string[];
}

/** One grid cell: the knobs a run differs by. */
export interface SweepCell {
  policy: SimPolicy;
  penalty: number;
  exploration: Exploration;
}

/** One run: a cell on one seed. */
export interface SweepRow extends SweepCell {
  seed: string;
  cumulative: number;
  mean: number;
  leastMisery: number;
  vsOracle: number;
  vsRandom: number;
  repeatPairRate: number;
  uniquePartners: number;
  novelty: number;
  fairnessGini: number;
}

/** A cell's figures averaged over the seeds, with its place on the front. */
export interface SweepSummaryCell extends SweepCell {
  label: string;
  seeds: number;
  cumulative: number;
  vsOracle: number;
  vsRandom: number;
  repeatPairRate: number;
  pareto: boolean;
  isDefault: boolean;
}

export interface SweepResult {
  rows: SweepRow[];
  cells: SweepSummaryCell[];
}

/** Policies whose weights read the repetition penalty / the exploration. */
const USES_PENALTY = new Set<SimPolicy>(["greedy-penalty", "local-search"]);
const USES_EXPLORATION = new Set<SimPolicy>(["greedy", "greedy-penalty", "local-search", "local-search-nopenalty"]);

/** "none", "epsilon:0.1", "softmax:0.2", "ucb:0.5". */
export function explorationLabel(e: Exploration): string {
  switch (e.kind) {
    case "none":
      return "none";
    case "epsilon":
      return `epsilon:${e.epsilon}`;
    case "softmax":
      return `softmax:${e.temperature}`;
    case "ucb":
      return `ucb:${e.bonus}`;
  }
}

export function cellLabel(c: SweepCell): string {
  return `${c.policy} λ=${c.penalty} ${explorationLabel(c.exploration)}`;
}

/**
 * The grid's distinct cells, canonicalised: a policy that ignores the penalty gets λ = 0 and one that
 * ignores exploration gets none (so e.g. `random` runs once, not once per penalty). The default
 * configuration (`base`'s policy, penalty and exploration) is added when missing.
 */
export function sweepCells(grid: SweepGrid, base: SimConfig): SweepCell[] {
  const cells: SweepCell[] = [];
  const seen = new Set<string>();
  const add = (policy: SimPolicy, penalty: number, exploration: Exploration): void => {
    const c: SweepCell = {
      policy,
      penalty: USES_PENALTY.has(policy) ? penalty : 0,
      exploration: USES_EXPLORATION.has(policy) ? exploration : { kind: "none" },
    };
    const key = cellLabel(c);
    if (seen.has(key)) return;
    seen.add(key);
    cells.push(c);
  };
  for (const p of grid.policies) for (const l of grid.penalties) for (const e of grid.explorations) add(p, l, e);
  add(base.policy, base.repeatPenalty, base.exploration);
  return cells;
}

/** True when `c` is `base`'s configuration. */
function isDefaultCell(c: SweepCell, base: SimConfig): boolean {
  const d = sweepCells({ policies: [base.policy], penalties: [base.repeatPenalty], explorations: [base.exploration], seeds: [] }, base)[0];
  return cellLabel(c) === cellLabel(d);
}

export type SweepProgress = (done: number, total: number, what: string) => void;

/**
 * Runs every cell on every seed (learning policies train FCF as in `simulate`); `base` supplies everything
 * else (users, rounds, group size, world, FCF). Deterministic: same grid and base ⇒ same rows.
 */
export async function runSweep(base: SimConfig, grid: SweepGrid, onProgress?: SweepProgress): Promise<SweepResult> {
  const cells = sweepCells(grid, base);
  const total = grid.seeds.length * (cells.length + 2);
  let done = 0;
  const rows: SweepRow[] = [];
  for (const seed of grid.seeds) {
    const cfgOf = (c: SweepCell): SimConfig => ({ ...base, seed, policy: c.policy, repeatPenalty: c.penalty, exploration: c.exploration });
    const runOne = async (c: SweepCell, learn: boolean): Promise<PolicyOutcome> => {
      const out = await new Simulation(cfgOf(c), c.policy, learn).run();
      onProgress?.(++done, total, `seed ${seed}: ${cellLabel(c)}`);
      return out;
    };
    const none: Exploration = { kind: "none" };
    const oracle = await runOne({ policy: "oracle", penalty: 0, exploration: none }, false);
    const random = await runOne({ policy: "random", penalty: 0, exploration: none }, false);
    for (const c of cells) {
      const learn = c.policy !== "oracle" && c.policy !== "random"; // as in simulate: every other policy runs with the learner
      const o = c.policy === "oracle" ? oracle : c.policy === "random" ? random : await runOne(c, learn);
      if (c.policy === "oracle" || c.policy === "random") onProgress?.(done, total, `seed ${seed}: ${cellLabel(c)} (baseline)`);
      rows.push({
        ...c,
        seed,
        cumulative: o.satisfaction.cumulative,
        mean: o.satisfaction.mean,
        leastMisery: o.satisfaction.leastMisery,
        vsOracle: o.satisfaction.cumulative / oracle.satisfaction.cumulative,
        vsRandom: o.satisfaction.cumulative / random.satisfaction.cumulative,
        repeatPairRate: o.diversity.repeatPairRate,
        uniquePartners: o.diversity.uniquePartnersMean,
        novelty: o.diversity.noveltyMean,
        fairnessGini: o.satisfaction.fairnessGini,
      });
    }
  }
  return { rows, cells: summarise(cells, rows, base) };
}

/** Seed means per cell and the Pareto flags (repeat-pair rate ↓, cumulative satisfaction ↑). */
export function summarise(cells: SweepCell[], rows: SweepRow[], base: SimConfig = DEFAULT_SIM_CONFIG): SweepSummaryCell[] {
  const out: SweepSummaryCell[] = cells.map((c) => {
    const mine = rows.filter((r) => cellLabel(r) === cellLabel(c));
    const mean = (pick: (r: SweepRow) => number): number => mine.reduce((s, r) => s + pick(r), 0) / mine.length;
    return {
      ...c,
      label: cellLabel(c),
      seeds: mine.length,
      cumulative: mean((r) => r.cumulative),
      vsOracle: mean((r) => r.vsOracle),
      vsRandom: mean((r) => r.vsRandom),
      repeatPairRate: mean((r) => r.repeatPairRate),
      pareto: false,
      isDefault: isDefaultCell(c, base),
    };
  });
  for (const i of paretoFront(out.map((c) => c.repeatPairRate), out.map((c) => c.cumulative))) out[i].pareto = true;
  return out;
}
