/**
 * `fedrec simulate` end to end: the configured policy learns on its world; the oracle and random
 * policies run on an identical world (same seed) so the satisfaction ratios are honest.
 */
import type { SimConfig } from "./config.js";
import type { FcfState } from "../core/fcf/train.js";
import { Simulation, type PolicyOutcome, type RoundRecord } from "./simulation.js";
import type { PrivacySummary } from "./deployments/options.js";
import { restoreState, writeCheckpoint, type Checkpoint } from "./checkpoint.js";

/** The run summary printed by `--json` and written to summary.json (DESIGN §7). */
export interface SimSummary {
  users: number;
  rounds: number;
  groupSize: number;
  policy: string;
  seed: string;
  satisfaction: { mean: number; leastMisery: number; vsOracle: number | null; vsRandom: number | null; cumulative: number; fairnessGini: number };
  diversity: { repeatPairRate: number; uniquePartnersMean: number; exposureGini: number | null; pairCoverage: number; noveltyMean: number };
  accuracy: { precisionAt10: number | null; recallAt10: number | null; ndcgAt10: number | null; mapAt10: number | null; auc: number | null };
  baselines: { oracle: PolicyOutcome | null; random: PolicyOutcome | null };
  /** Privacy and bandwidth of the deployment (payload audit, secure aggregation, DP ε, leakage-attack AUC). */
  privacy: PrivacySummary | null;
  config: SimConfig;
  timing: { seconds: number };
}

/** Progress callback: which run is going (main, oracle, random) and the round just finished. */
export type ProgressHook = (run: string, record: RoundRecord, totalRounds: number) => void;

export interface SimulationResult {
  summary: SimSummary;
  rounds: RoundRecord[];
  /** The main run's final FCF state (for export), null when the policy did not learn. */
  model: FcfState | null;
}

/** Ratio a/b, or null when the baseline is zero or missing. */
function ratio(a: number, b: number | undefined): number | null {
  return b === undefined || b === 0 ? null : a / b;
}

/**
 * Runs the configured policy (with learning) and, unless `baselines` is false, the oracle and random
 * policies on the same world and seed. `now` supplies the clock (seconds) so timing stays outside core.
 */
export async function runSimulation(
  config: SimConfig,
  options: {
    baselines: boolean;
    onRound?: ProgressHook;
    now: () => number;
    /** Write the whole state to `dir` (atomically) after every `every`-th round of each run. */
    checkpoint?: { every: number; dir: string } | null;
    /** Continue from this checkpoint (same config) instead of starting afresh. */
    resume?: Checkpoint | null;
  },
): Promise<SimulationResult> {
  const start = options.now();
  const sims: Record<string, Simulation> = {};
  const cp = options.checkpoint ?? null;
  const make = async (key: string, policy: SimConfig["policy"], learn: boolean): Promise<Simulation> => {
    const sim = new Simulation(config, policy, learn);
    const saved = options.resume?.runs[key];
    if (saved !== undefined) {
      await sim.init();
      restoreState(sim, saved);
    }
    sims[key] = sim;
    return sim;
  };
  const hook = (label: string) => (r: RoundRecord) => {
    options.onRound?.(label, r, config.rounds);
    if (cp !== null && r.round % cp.every === 0) writeCheckpoint(cp.dir, config, sims);
  };
  const main = await make("main", config.policy, true);
  const mainOutcome = await main.run(hook(config.policy));
  const baseline = async (name: "oracle" | "random"): Promise<PolicyOutcome | null> => {
    if (!options.baselines) return null;
    if (config.policy === name) return mainOutcome;
    return (await make(name, name, false)).run(hook(name));
  };
  const oracle = await baseline("oracle");
  const random = await baseline("random");
  const s = mainOutcome.satisfaction;
  const d = mainOutcome.diversity;
  const a = mainOutcome.accuracy;
  const summary: SimSummary = {
    users: config.users,
    rounds: config.rounds,
    groupSize: config.groupSize,
    policy: config.policy,
    seed: config.seed,
    satisfaction: {
      mean: s.mean,
      leastMisery: s.leastMisery,
      vsOracle: ratio(s.cumulative, oracle?.satisfaction.cumulative),
      vsRandom: ratio(s.cumulative, random?.satisfaction.cumulative),
      cumulative: s.cumulative,
      fairnessGini: s.fairnessGini,
    },
    diversity: {
      repeatPairRate: d.repeatPairRate,
      uniquePartnersMean: d.uniquePartnersMean,
      exposureGini: d.exposureGini,
      pairCoverage: d.pairCoverage,
      noveltyMean: d.noveltyMean,
    },
    accuracy: {
      precisionAt10: a?.precision ?? null,
      recallAt10: a?.recall ?? null,
      ndcgAt10: a?.ndcg ?? null,
      mapAt10: a?.map ?? null,
      auc: a?.auc ?? null,
    },
    baselines: { oracle, random },
    privacy: main.privacy(),
    config,
    timing: { seconds: options.now() - start },
  };
  return { summary, rounds: main.records, model: main.model };
}
