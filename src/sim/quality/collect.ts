/**
 * What the quality gate measures: fixed-seed `simulate` runs (always; 300 users × 15 rounds, seeds 1 and 2,
 * with the oracle and random baselines) and, when the data set is present, experiments/fcf-vs-cf.json
 * reduced to its first seed (no convergence curve).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_SIM_CONFIG } from "../config.js";
import { runSimulation } from "../run.js";
import { parseExperimentConfig } from "../experiments/config.js";
import { runFcfVsCf } from "../experiments/fcf-vs-cf.js";
import type { BaselineMetric, Tolerance } from "./compare.js";

/** Tolerances per suite (stated in the README): simulate ±3% relative (abs 0.005); MovieLens ±1% relative (abs 0.002). */
export const QUALITY_TOLERANCES: Record<string, Tolerance> = {
  simulate: { relative: 0.03, absolute: 0.005 },
  movielens: { relative: 0.01, absolute: 0.002 },
};

export const SIM_SEEDS = ["1", "2"];
export const SIM_SIZE = { users: 300, rounds: 15 };

export interface Collected {
  metrics: Record<string, BaselineMetric>;
  skipped: Record<string, string>;
}

/** Runs the suites; `fcfVsCfConfig` is the experiment config path, `root` the data root. */
export async function collectQuality(fcfVsCfConfig: string, root: string, progress?: (m: string) => void): Promise<Collected> {
  const metrics: Record<string, BaselineMetric> = {};
  const skipped: Record<string, string> = {};
  const put = (suite: string, name: string, value: number | null, higherIsBetter = true) => {
    metrics[`${suite}.${name}`] = { value: value ?? NaN, higherIsBetter, suite };
  };
  for (const seed of SIM_SEEDS) {
    progress?.(`simulate seed ${seed}`);
    const { summary: s } = await runSimulation({ ...DEFAULT_SIM_CONFIG, ...SIM_SIZE, seed }, { baselines: true, now: () => 0 });
    const p = `seed${seed}`;
    put("simulate", `${p}.satisfaction.mean`, s.satisfaction.mean);
    put("simulate", `${p}.satisfaction.vsOracle`, s.satisfaction.vsOracle);
    put("simulate", `${p}.satisfaction.vsRandom`, s.satisfaction.vsRandom);
    put("simulate", `${p}.diversity.repeatPairRate`, s.diversity.repeatPairRate, false);
    put("simulate", `${p}.diversity.uniquePartnersMean`, s.diversity.uniquePartnersMean);
    put("simulate", `${p}.accuracy.precisionAt10`, s.accuracy.precisionAt10);
    put("simulate", `${p}.accuracy.ndcgAt10`, s.accuracy.ndcgAt10);
    put("simulate", `${p}.accuracy.auc`, s.accuracy.auc);
  }
  const cfg = parseExperimentConfig(JSON.parse(readFileSync(fcfVsCfConfig, "utf8")), fcfVsCfConfig);
  if (cfg.kind !== "fcf-vs-cf") throw new Error(`${fcfVsCfConfig}: expected kind fcf-vs-cf`);
  const file = join(root, cfg.data.file);
  if (!existsSync(file)) {
    skipped.movielens = `${file} absent (see \`fedrec datasets\`; set FEDREC_DATA_ROOT)`;
    return { metrics, skipped };
  }
  progress?.("MovieLens fcf-vs-cf (1 seed)");
  const r = await runFcfVsCf({ ...cfg, seeds: cfg.seeds.slice(0, 1), curve: { every: Number.MAX_SAFE_INTEGER } }, root);
  for (const s of r.summary) {
    const key = s.model.replace(/[^A-Za-z0-9%]+/g, "-").replace(/-+$/, "");
    put("movielens", `${key}.precisionAt${r.k}`, s.precision.mean);
    put("movielens", `${key}.mapAt${r.k}`, s.map.mean);
    put("movielens", `${key}.ndcgAt${r.k}`, s.ndcg.mean);
    if (s.model !== r.reference.model && s.model.startsWith("FCF")) {
      put("movielens", `${key}.gapPrecisionVsRef`, s.gapPrecision.mean);
      put("movielens", `${key}.gapMapVsRef`, s.gapMap.mean);
    }
  }
  return { metrics, skipped };
}
