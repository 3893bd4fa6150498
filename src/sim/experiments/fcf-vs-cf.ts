/**
 * Experiment fcf-vs-cf: does federated CF match centralized ALS (the FCF paper's claim)? Every model of
 * the config is fitted on the same per-user split for each seed and evaluated with the offline metrics;
 * the gap is the paired relative difference to the reference model, (model − ref)/ref, per seed.
 * On the first seed the FCF models also record a convergence curve (precision@k and MAP@k every `every` rounds).
 */
import { join } from "node:path";
import type { EvalReport } from "../../core/eval/evaluate.js";
import { factorScorer, type ModelSpec } from "../../core/eval/models.js";
import { DEFAULT_FCF_HYPER } from "../../core/fcf/hyper.js";
import { parseLrSchedule } from "../../core/fcf/lr-schedule.js";
import { solveClients } from "../../core/fcf/train.js";
import { prepareData } from "../data/prepare.js";
import { evaluateOn, fitRecommender } from "../offline.js";
import type { FcfVsCfConfig } from "./config.js";
import { meanSd, pm } from "./stats.js";

const METRICS = ["precision", "recall", "f1", "map", "ndcg", "auc", "coverage", "novelty", "exposureGini"] as const;
type Metric = (typeof METRICS)[number];

export interface CurvePoint {
  model: string;
  round: number;
  precision: number;
  map: number;
}

export interface FcfVsCfResult {
  name: string;
  version: number;
  k: number;
  seeds: string[];
  perSeed: Array<{ seed: string; model: string; report: EvalReport }>;
  summary: Array<{ model: string } & Record<Metric, { mean: number; sd: number }> & { gapPrecision: { mean: number; sd: number }; gapMap: { mean: number; sd: number } }>;
  reference: { model: string; rounds: number };
  curve: CurvePoint[];
}

/** Default rounds when a model entry leaves them out. */
const ROUNDS = { als: 30, fcf: 300, popularity: 0, random: 0 } as const;

function specOf(cfg: FcfVsCfConfig, m: FcfVsCfConfig["models"][number]): ModelSpec {
  const rounds = m.rounds ?? ROUNDS[m.algorithm];
  let lrSchedule;
  try {
    lrSchedule = m.lrSchedule === undefined ? undefined : parseLrSchedule(m.lrSchedule, rounds);
  } catch (err) {
    throw new Error(`model "${m.label}": lrSchedule: ${(err as Error).message}`);
  }
  return {
    algorithm: m.algorithm,
    hyper: { ...DEFAULT_FCF_HYPER, ...cfg.hyper, lr: m.lr ?? cfg.hyper.lr },
    rounds,
    clientsFraction: m.clientsFraction ?? 1,
    lrSchedule,
  };
}

/** Runs the experiment; `progress` is told each (seed, model) as it starts. */
export async function runFcfVsCf(cfg: FcfVsCfConfig, root: string, progress?: (msg: string) => void): Promise<FcfVsCfResult> {
  if (!cfg.models.some((m) => m.label === cfg.reference)) throw new Error(`reference "${cfg.reference}" is not one of the models`);
  const perSeed: FcfVsCfResult["perSeed"] = [];
  const curve: CurvePoint[] = [];
  for (const [si, seed] of cfg.seeds.entries()) {
    const prepared = await prepareData(
      { path: join(root, cfg.data.file), format: cfg.data.format, skipBadRows: false, feedback: { minWeight: cfg.data.minWeight, value: cfg.data.value }, split: cfg.split },
      seed,
    );
    for (const m of cfg.models) {
      progress?.(`seed ${seed}: ${m.label}`);
      const spec = specOf(cfg, m);
      const record = si === 0 && spec.algorithm === "fcf";
      const fitted = fitRecommender(prepared.train, spec, seed, record ? (round, state) => {
        if (round % cfg.curve.every !== 0 && round !== 1) return;
        solveClients(state, prepared.train, spec.hyper, null);
        const r = evaluateOn(factorScorer({ X: state.X, Y: state.Y, cols: state.nItems, f: state.f }), prepared, cfg.k, prepared.data.shared);
        curve.push({ model: m.label, round, precision: r.precision, map: r.map });
      } : undefined);
      perSeed.push({ seed, model: m.label, report: evaluateOn(fitted.scorer, prepared, cfg.k, prepared.data.shared) });
    }
  }
  const refRuns = perSeed.filter((p) => p.model === cfg.reference);
  const summary = cfg.models.map((m) => {
    const runs = perSeed.filter((p) => p.model === m.label);
    const stat = {} as Record<Metric, { mean: number; sd: number }>;
    for (const k of METRICS) stat[k] = meanSd(runs.map((r) => r.report[k]));
    const gap = (k: "precision" | "map") => meanSd(runs.map((r, i) => (r.report[k] - refRuns[i].report[k]) / refRuns[i].report[k]));
    return { model: m.label, ...stat, gapPrecision: gap("precision"), gapMap: gap("map") };
  });
  const ref = cfg.models.find((m) => m.label === cfg.reference)!;
  return { name: cfg.name, version: cfg.version, k: cfg.k, seeds: cfg.seeds, perSeed, summary, reference: { model: ref.label, rounds: specOf(cfg, ref).rounds }, curve };
}

/** The markdown table of the result. */
export function fcfVsCfMarkdown(r: FcfVsCfResult, command: string): string {
  const k = r.k;
  const pct = (s: { mean: number; sd: number }) => (Number.isFinite(s.mean) ? `${(100 * s.mean).toFixed(2)}% ± ${(100 * s.sd).toFixed(2)}` : "—");
  const lines = [
    `# ${r.name} (config v${r.version})`,
    "",
    `Command: \`${command}\` — ${r.seeds.length} seed(s) (${r.seeds.join(", ")}); mean ± sd over seeds; gap = paired (model − ${r.reference.model}) / ${r.reference.model}.`,
    "",
    `| model | precision@${k} | recall@${k} | MAP@${k} | NDCG@${k} | AUC | coverage | novelty | exposure Gini | gap P@${k} | gap MAP@${k} |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...r.summary.map((s) => `| ${s.model} | ${pm(s.precision)} | ${pm(s.recall)} | ${pm(s.map)} | ${pm(s.ndcg)} | ${pm(s.auc)} | ${pm(s.coverage, 3)} | ${pm(s.novelty, 2)} | ${pm(s.exposureGini, 3)} | ${pct(s.gapPrecision)} | ${pct(s.gapMap)} |`),
    "",
  ];
  return lines.join("\n");
}

/** Vega-Lite spec of the convergence curve: FCF precision@k and MAP@k by round, the reference as a rule. */
export function fcfVsCfCurveSpec(r: FcfVsCfResult): object {
  const ref = r.summary.find((s) => s.model === r.reference.model)!;
  const firstSeedRef = r.perSeed.find((p) => p.model === r.reference.model && p.seed === r.seeds[0])!.report;
  const points = r.curve.flatMap((c) => [
    { model: c.model, round: c.round, metric: `precision@${r.k}`, value: c.precision },
    { model: c.model, round: c.round, metric: `MAP@${r.k}`, value: c.map },
  ]);
  const rules = [
    { metric: `precision@${r.k}`, value: firstSeedRef.precision, label: ref.model },
    { metric: `MAP@${r.k}`, value: firstSeedRef.map, label: ref.model },
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `${r.name}: FCF convergence (seed ${r.seeds[0]}), dashed = ${r.reference.model}`,
    facet: { column: { field: "metric", type: "nominal", title: null } },
    resolve: { scale: { y: "independent" } },
    data: { values: [...points.map((p) => ({ ...p, kind: "fcf" })), ...rules.map((q) => ({ ...q, kind: "ref" }))] },
    spec: {
      width: 320,
      height: 220,
      layer: [
        { transform: [{ filter: "datum.kind === 'fcf'" }], mark: { type: "line", point: true }, encoding: { x: { field: "round", type: "quantitative" }, y: { field: "value", type: "quantitative", title: null, scale: { zero: false } }, color: { field: "model", type: "nominal" } } },
        { transform: [{ filter: "datum.kind === 'ref'" }], mark: { type: "rule", strokeDash: [6, 4], color: "black" }, encoding: { y: { field: "value", type: "quantitative" } } },
      ],
    },
  };
}
