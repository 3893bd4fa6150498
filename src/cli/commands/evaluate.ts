/**
 * `fedrec evaluate`: score a recommender on the held-out part of a per-user split — a saved model
 * (--model DIR rebuilds the split it was trained on) or one fitted here (--data … --algorithm).
 */
import { Command, Option } from "commander";
import type { EvalReport } from "../../core/eval/evaluate.js";
import { factorScorer } from "../../core/eval/models.js";
import { prepareData } from "../../sim/data/prepare.js";
import { bundleFactorModel, bundleHyper, readTrainBundle } from "../../backend/train-bundle.js";
import { evaluateOn, fitRecommender } from "../../sim/offline.js";
import { UsageError } from "../errors.js";
import { ALGORITHMS, addDataModelOptions, validateDataModel, type DataModelOptions } from "../data-options.js";
import { intAtLeast } from "../parse.js";
import { fmt, makePalette, renderTable } from "../render.js";

interface EvaluateOptions extends DataModelOptions {
  model?: string;
  k: number;
  json: boolean;
}

/** Renders an evaluation report as the human table. */
export function renderReport(title: string, r: EvalReport): string {
  const k = r.k;
  return renderTable(title, [
    [`accuracy (${r.users} users with held-out items)`, [
      [`precision@${k}`, fmt(r.precision, 4)],
      [`recall@${k}`, fmt(r.recall, 4)],
      [`F1@${k}`, fmt(r.f1, 4)],
      [`MAP@${k}`, fmt(r.map, 4)],
      [`NDCG@${k}`, fmt(r.ndcg, 4)],
      ["AUC", fmt(r.auc, 4)],
    ]],
    ["beyond accuracy", [
      ["catalog coverage", fmt(r.coverage, 4)],
      ["novelty (bits)", fmt(r.novelty, 3)],
      ["exposure Gini", fmt(r.exposureGini, 4)],
    ]],
  ], makePalette());
}

async function action(o: EvaluateOptions, cmd: Command): Promise<void> {
  let report: EvalReport;
  let label: string;
  if (o.model !== undefined) {
    const clash = ["data", "algorithm", "rounds"].filter((n) => cmd.getOptionValueSource(n) === "cli");
    if (clash.length > 0) throw new UsageError(`option '--model <dir>': the model records its own data and algorithm; drop --${clash.join(", --")}`);
    const { bundle, source } = readTrainBundle(o.model);
    const prepared = await prepareData(source.data, source.seed);
    const users = bundle.manifest.userRows ?? bundle.manifest.n;
    if (prepared.train.rows !== users || prepared.train.cols !== bundle.manifest.n) {
      throw new Error(`${o.model}: model is ${users}×${bundle.manifest.n} but ${source.data.path} now gives ${prepared.train.rows}×${prepared.train.cols}`);
    }
    const state = bundleFactorModel(bundle, bundleHyper(bundle), prepared.train);
    report = evaluateOn(factorScorer({ X: state.X, Y: state.Y, cols: state.nItems, f: state.f }), prepared, o.k, prepared.data.shared);
    label = `${source.algorithm} model ${o.model} on ${source.data.path}`;
  } else {
    const { data, model: spec } = validateDataModel(o, true);
    if (data === null) throw new UsageError("give --model <dir> or --data <path>");
    const prepared = await prepareData(data, o.seed);
    const fitted = fitRecommender(prepared.train, spec, o.seed);
    report = evaluateOn(fitted.scorer, prepared, o.k, prepared.data.shared);
    label = `${spec.algorithm} on ${data.path}`;
  }
  if (o.json) process.stdout.write(JSON.stringify({ model: label, ...report }) + "\n");
  else process.stderr.write(renderReport(`fedrec evaluate — ${label}`, report));
}

/** Builds the `evaluate` command. */
export function makeEvaluateCommand(): Command {
  const cmd = new Command("evaluate").description(
    "Evaluate on held-out interactions: precision/recall/F1/MAP/NDCG@k and AUC (the metric code of simulate), " +
      "catalog coverage, novelty and exposure Gini. Either --model DIR (a bundle written by train, verified; its split is rebuilt " +
      "from the recorded data spec and seed, and each x_u is solved from the bundle's Y and the user's training row, as on a device) or --data PATH with --algorithm als|fcf|popularity|random (fitted here).",
  );
  addDataModelOptions(cmd, ALGORITHMS);
  return cmd
    .addOption(new Option("--model <dir>", "a model bundle written by `fedrec train --out/--export`"))
    .addOption(new Option("--k <k>", "cut-off of the top-k metrics").argParser(intAtLeast(1)).default(10))
    .addOption(new Option("--json", "print one JSON object on stdout").default(false))
    .addHelpText("after", "\nExamples:\n  fedrec evaluate --model model/\n  fedrec evaluate --data ../shared/datasets/ml-100k/u.data --format movielens --min-weight 4 --algorithm popularity\n")
    .action(action);
}
