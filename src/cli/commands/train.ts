/**
 * `fedrec train`: fit centralized ALS or FCF on a data file's training split and save the model
 * (--out) for `fedrec evaluate --model`.
 */
import { Command, Option } from "commander";
import { prepareData } from "../../sim/data/prepare.js";
import { saveModel } from "../../sim/model-store.js";
import { fitRecommender } from "../../sim/offline.js";
import { UsageError } from "../errors.js";
import { addDataModelOptions, validateDataModel, type DataModelOptions } from "../data-options.js";
import { fmt, makePalette, renderTable } from "../render.js";

interface TrainOptions extends DataModelOptions {
  out?: string;
  json: boolean;
}

async function action(o: TrainOptions): Promise<void> {
  const { data, model: spec } = validateDataModel(o, true);
  if (data === null) throw new UsageError("option '--data <path>' is required");
  const start = performance.now();
  const prepared = await prepareData(data, o.seed);
  const fitted = fitRecommender(prepared.train, spec, o.seed);
  const seconds = (performance.now() - start) / 1000;
  if (fitted.model === null) throw new UsageError(`option '--algorithm': ${spec.algorithm} has nothing to train`);
  if (o.out !== undefined) {
    saveModel(o.out, fitted.model, { spec, data, seed: o.seed, rowIds: prepared.data.rowIds, colIds: prepared.data.colIds });
  }
  const summary = {
    algorithm: spec.algorithm,
    rows: prepared.train.rows,
    cols: prepared.train.cols,
    trainPairs: prepared.train.indptr[prepared.train.rows],
    testPairs: prepared.test.indptr[prepared.test.rows],
    skippedRows: prepared.data.skipped,
    rounds: spec.rounds,
    clientsFraction: spec.clientsFraction,
    hyper: spec.hyper,
    seed: o.seed,
    out: o.out ?? null,
    seconds,
  };
  if (o.json) {
    process.stdout.write(JSON.stringify(summary) + "\n");
    return;
  }
  const c = makePalette();
  process.stderr.write(
    renderTable(`fedrec train — ${spec.algorithm} on ${data.path}`, [
      ["data", [
        ["users × items", `${summary.rows} × ${summary.cols}`],
        ["train / test pairs", `${summary.trainPairs} / ${summary.testPairs}`],
        ["bad rows skipped", String(summary.skippedRows)],
      ]],
      ["model", [
        ["rounds", String(spec.rounds)],
        ["factors / α / λ / lr", `${spec.hyper.factors} / ${spec.hyper.alpha} / ${spec.hyper.lambda} / ${spec.hyper.lr}`],
        ["clients per round", spec.algorithm === "fcf" ? fmt(spec.clientsFraction, 2) : "—"],
        ["seconds", fmt(seconds, 2)],
      ]],
    ], c),
  );
  if (o.out !== undefined) process.stderr.write(`wrote the model to ${o.out} (evaluate it with: fedrec evaluate --model ${o.out})\n`);
}

/** Builds the `train` command. */
export function makeTrainCommand(): Command {
  const cmd = new Command("train").description(
    "Train centralized ALS or federated CF (FCF, with --clients-fraction sampling) on a data file's training split " +
      "(per-user split by --split and --seed) and save X, Y and the Adam state with --out.",
  );
  addDataModelOptions(cmd, ["als", "fcf"]);
  return cmd
    .addOption(new Option("--out <dir>", "save the model (model.json, X.f64, Y.f64, Adam state) to this directory"))
    .addOption(new Option("--json", "print one JSON object on stdout").default(false))
    .addHelpText("after", "\nExample:\n  fedrec train --data ../shared/datasets/ml-100k/u.data --format movielens --min-weight 4 --algorithm fcf --clients-fraction 0.1 --out model/\n")
    .action(action);
}
