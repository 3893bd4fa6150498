/**
 * `fedrec train`: fit centralized ALS or FCF on a data file's training split and save it as a model bundle
 * (--out: float64, for `fedrec evaluate --model` and `--resume`; --export: a deployable bundle with --dtype),
 * or continue an FCF run from a bundle (--resume) exactly as the uninterrupted run would.
 */
import { Command, Option } from "commander";
import { resumeFromBundle, writeBundle } from "../../backend/bundle.js";
import { readTrainBundle, sourceSchedule, trainBundleFiles, type TrainSource } from "../../backend/train-bundle.js";
import { fitFactorModel, factorScorer, type FactorModel, type ModelSpec } from "../../core/eval/models.js";
import type { FcfState } from "../../core/fcf/train.js";
import { formatLrSchedule, CONSTANT_LR } from "../../core/fcf/lr-schedule.js";
import type { NpyDtype } from "../../core/model/npy.js";
import { prepareData } from "../../sim/data/prepare.js";
import type { DataSpec } from "../../core/data/spec.js";
import { evaluateOn } from "../../sim/offline.js";
import { UsageError } from "../errors.js";
import { addDataModelOptions, validateDataModel, type DataModelOptions } from "../data-options.js";
import { oneOf } from "../parse.js";
import { fmt, makePalette, renderTable } from "../render.js";

interface TrainOptions extends DataModelOptions {
  out?: string;
  export?: string;
  dtype: NpyDtype;
  resume?: string;
  json: boolean;
}

/** Options that, given on the command line with --resume, must equal what the bundle recorded. */
function checkResumeClashes(o: TrainOptions, cmd: Command, source: TrainSource, spec: ModelSpec, data: DataSpec | null, bundleHyper: Record<string, unknown>): void {
  const given = (name: string) => cmd.getOptionValueSource(name) === "cli";
  const clash: string[] = [];
  const same = (flag: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) clash.push(`--${flag} ${JSON.stringify(a)} ≠ bundle's ${JSON.stringify(b)}`);
  };
  if (given("algorithm")) same("algorithm", o.algorithm, source.algorithm);
  for (const [flag, key] of [["factors", "factors"], ["alpha", "alpha"], ["lambda", "lambda"], ["lr", "lr"]] as const) {
    if (given(key)) same(flag, spec.hyper[key], bundleHyper[key]);
  }
  if (given("clientsFraction")) same("clients-fraction", spec.clientsFraction, source.clientsFraction);
  if (given("lrSchedule")) same("lr-schedule", formatLrSchedule(spec.lrSchedule ?? CONSTANT_LR), source.lrSchedule);
  if (given("seed")) same("seed", o.seed, source.seed);
  if (data !== null) {
    for (const [name, key] of [["format", "format"], ["skipBadRows", "skipBadRows"]] as const) if (given(name)) same(name, data[key], source.data[key]);
    if (given("minWeight") || given("feedbackValue")) same("min-weight/--feedback-value", data.feedback, source.data.feedback);
    if (given("split") || given("testFraction") || given("leaveK")) same("split/--test-fraction/--leave-k", data.split, source.data.split);
  }
  if (clash.length > 0) throw new UsageError(`option '--resume <bundle>': hyperparameters differ from the bundle's: ${clash.join("; ")}`);
}

interface Plan {
  data: DataSpec;
  spec: ModelSpec;
  seed: string;
  from: FcfState | undefined;
  resumedFrom: number | null;
  mapping: Map<string, number> | null;
}

function planResume(o: TrainOptions, cmd: Command, dir: string): Plan {
  const { source } = readTrainBundle(dir);
  const { state, bundle } = resumeFromBundle(dir);
  const { data: cliData, model: cliSpec } = validateDataModel(o, false);
  checkResumeClashes(o, cmd, source, cliSpec, cliData, bundle.manifest.hyperparameters);
  if (o.rounds === undefined) throw new UsageError("option '--rounds <n>' is required with --resume: the FCF round to train up to");
  if (o.rounds <= state.round) throw new UsageError(`option '--rounds <n>': the bundle is at round ${state.round}; give a later round`);
  const { factors, alpha, lambda, lr, beta1, beta2, eps } = bundle.manifest.hyperparameters;
  const spec: ModelSpec = {
    algorithm: "fcf",
    hyper: { factors, alpha, lambda, lr, beta1, beta2, eps },
    rounds: o.rounds,
    clientsFraction: source.clientsFraction,
    lrSchedule: sourceSchedule(source),
  };
  const data = cliData === null ? source.data : { ...source.data, path: cliData.path };
  return { data, spec, seed: source.seed, from: state, resumedFrom: state.round, mapping: bundle.mapping };
}

async function action(o: TrainOptions, cmd: Command): Promise<void> {
  let plan: Plan;
  if (o.resume !== undefined) plan = planResume(o, cmd, o.resume);
  else {
    const { data, model: spec } = validateDataModel(o, true);
    if (data === null) throw new UsageError("option '--data <path>' is required");
    plan = { data, spec, seed: o.seed, from: undefined, resumedFrom: null, mapping: null };
  }
  const { data, spec, seed } = plan;
  const start = performance.now();
  const prepared = await prepareData(data, seed);
  if (plan.from !== undefined) {
    const s = plan.from;
    if (prepared.train.rows !== s.nUsers || prepared.train.cols !== s.nItems) {
      throw new Error(`${o.resume}: the model is ${s.nUsers}×${s.nItems} (users × items) but ${data.path} gives ${prepared.train.rows}×${prepared.train.cols}`);
    }
    const ids = prepared.data.rowIds;
    const moved = ids.findIndex((id, row) => plan.mapping?.get(id) !== row);
    if (moved >= 0) throw new Error(`${o.resume}: user ${ids[moved]} of ${data.path} is not at row ${moved} of the bundle's mapping.json (a different data set?)`);
  }
  const model: FactorModel = fitFactorModel(prepared.train, spec, seed, undefined, plan.from);
  const seconds = (performance.now() - start) / 1000;
  const report = evaluateOn(factorScorer(model), prepared, 10, prepared.data.shared);
  const metrics = { precisionAt10: report.precision, mapAt10: report.map, ndcgAt10: report.ndcg, auc: report.auc };
  const created = new Date().toISOString();
  const meta = { spec, data, seed, rowIds: prepared.data.rowIds, colIds: prepared.data.colIds, shared: prepared.data.shared, created, metrics };
  if (o.out !== undefined) writeBundle(o.out, trainBundleFiles(model, { ...meta, dtype: "f8" }));
  if (o.export !== undefined) writeBundle(o.export, trainBundleFiles(model, { ...meta, dtype: o.dtype }));
  const summary = {
    algorithm: spec.algorithm,
    rows: prepared.train.rows,
    cols: prepared.train.cols,
    trainPairs: prepared.train.indptr[prepared.train.rows],
    testPairs: prepared.test.indptr[prepared.test.rows],
    skippedRows: prepared.data.skipped,
    rounds: model.rounds,
    resumedFrom: plan.resumedFrom,
    clientsFraction: spec.clientsFraction,
    lrSchedule: formatLrSchedule(spec.lrSchedule ?? CONSTANT_LR),
    hyper: spec.hyper,
    seed,
    heldOut: metrics,
    out: o.out ?? null,
    export: o.export ?? null,
    seconds,
  };
  if (o.json) {
    process.stdout.write(JSON.stringify(summary) + "\n");
    return;
  }
  const c = makePalette();
  const fcf = spec.algorithm === "fcf";
  process.stderr.write(
    renderTable(`fedrec train — ${spec.algorithm} on ${data.path}`, [
      ["data", [
        ["users × items", `${summary.rows} × ${summary.cols}`],
        ["train / test pairs", `${summary.trainPairs} / ${summary.testPairs}`],
        ["bad rows skipped", String(summary.skippedRows)],
      ]],
      ["model", [
        ["rounds", plan.resumedFrom === null ? String(model.rounds) : `${plan.resumedFrom} → ${model.rounds} (resumed)`],
        ["factors / α / λ / lr", `${spec.hyper.factors} / ${spec.hyper.alpha} / ${spec.hyper.lambda} / ${spec.hyper.lr}`],
        ["clients per round", fcf ? fmt(spec.clientsFraction, 2) : "—"],
        ["lr schedule", fcf ? summary.lrSchedule : "—"],
        ["precision@10 / MAP@10 (held out)", `${fmt(metrics.precisionAt10, 4)} / ${fmt(metrics.mapAt10, 4)}`],
        ["seconds", fmt(seconds, 2)],
      ]],
    ], c),
  );
  if (o.out !== undefined) process.stderr.write(`wrote the model bundle ${o.out} (evaluate: fedrec evaluate --model ${o.out}${fcf ? `; continue: fedrec train --resume ${o.out} --rounds N` : ""})\n`);
  if (o.export !== undefined) process.stderr.write(`exported ${o.export} (${o.dtype})\n`);
}

/** Builds the `train` command. */
export function makeTrainCommand(): Command {
  const cmd = new Command("train").description(
    "Train centralized ALS or federated CF (FCF, with --clients-fraction sampling) on a data file's training split " +
      "(per-user split by --split and --seed) and save it as a model bundle (--out, --export), or continue an FCF " +
      "bundle's training (--resume) exactly as an uninterrupted run would.",
  );
  addDataModelOptions(cmd, ["als", "fcf"]);
  return cmd
    .addOption(new Option("--out <dir>", "write a float64 model bundle (manifest, item_factors.npy <f8, mapping.json, optimizer/) for evaluate --model and --resume"))
    .addOption(new Option("--export <bundle>", "write a model bundle with item_factors.npy in --dtype (FCF bundles keep the float64 optimiser state, so they resume exactly too)"))
    .addOption(new Option("--dtype <dtype>", "dtype of --export's item_factors.npy and DynamoDB vectors").argParser(oneOf(["f4", "f8"] as const)).default("f4" as NpyDtype))
    .addOption(new Option("--resume <bundle>", "continue an FCF bundle written by train up to --rounds N (data, split, seed and hyperparameters come from the bundle; any given here must agree). FCF only: ALS has no optimiser state"))
    .addOption(new Option("--json", "print one JSON object on stdout").default(false))
    .addHelpText("after", "\nExamples:\n  fedrec train --data ../shared/datasets/ml-100k/u.data --format movielens --min-weight 4 --algorithm fcf --clients-fraction 0.1 --rounds 100 --out model/\n  fedrec train --resume model/ --rounds 300 --out model300/ --export bundle/ --dtype f4\n")
    .action(action);
}
