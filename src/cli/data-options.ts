/**
 * The options `fedrec train` and `fedrec evaluate` share: where the data is, how interactions become
 * feedback, how it is split, and the model's hyperparameters; plus their cross-field validation.
 */
import { Command, Option } from "commander";
import { DATA_FORMATS, type DataFormat } from "../core/data/formats.js";
import { ALGORITHMS, type Algorithm, type ModelSpec } from "../core/eval/models.js";
import { DEFAULT_FCF_HYPER } from "../core/fcf/hyper.js";
import { parseLrSchedule } from "../core/fcf/lr-schedule.js";
import type { DataSpec } from "../core/data/spec.js";
import { UsageError } from "./errors.js";
import { intAtLeast, nonNegative, oneOf, positive, unitInterval } from "./parse.js";

/** Raw values of the shared options. */
export interface DataModelOptions {
  data?: string;
  format: DataFormat;
  skipBadRows: boolean;
  minWeight: number;
  feedbackValue: "binary" | "weight";
  split: "random" | "leave-k-out" | "temporal";
  testFraction: number;
  leaveK: number;
  algorithm: Algorithm;
  factors: number;
  alpha: number;
  lambda: number;
  lr: number;
  rounds?: number;
  clientsFraction: number;
  lrSchedule: string;
  seed: string;
}

/** Default rounds: 30 ALS sweeps, 300 FCF rounds (converged on MovieLens 100K, see experiments/fcf-vs-cf). */
export const DEFAULT_ROUNDS: Record<"als" | "fcf", number> = { als: 30, fcf: 300 };

/** Adds the data, split and model options to `cmd`. */
export function addDataModelOptions(cmd: Command, algorithms: readonly Algorithm[]): Command {
  const d = DEFAULT_FCF_HYPER;
  return cmd
    .addOption(new Option("--data <path>", "interaction file (see `fedrec datasets`)"))
    .addOption(new Option("--format <f>", "file format").argParser(oneOf(DATA_FORMATS)).default("interactions" as DataFormat))
    .addOption(new Option("--skip-bad-rows", "skip rows that do not parse (and report how many) instead of failing").default(false))
    .addOption(new Option("--min-weight <w>", "keep interactions with weight ≥ w as positives (MovieLens: 4 = rating ≥ 4)").argParser(nonNegative).default(0))
    .addOption(new Option("--feedback-value <v>", "r = 1 per positive pair (binary) or the summed weight").argParser(oneOf(["binary", "weight"] as const)).default("binary"))
    .addOption(new Option("--split <kind>", "per-user split: random holdout, leave-k-out, temporal (each user's latest)").argParser(oneOf(["random", "leave-k-out", "temporal"] as const)).default("random"))
    .addOption(new Option("--test-fraction <q>", "held-out share per user (random, temporal)").argParser(unitInterval).default(0.2))
    .addOption(new Option("--leave-k <k>", "held-out pairs per user (leave-k-out)").argParser(intAtLeast(1)).default(1))
    .addOption(new Option("--algorithm <a>", `model: ${algorithms.join(", ")}`).argParser(oneOf(algorithms)).default("fcf" as Algorithm))
    .addOption(new Option("--factors <f>", "latent factors").argParser(intAtLeast(1)).default(d.factors))
    .addOption(new Option("--alpha <a>", "confidence slope: c = 1 + α·r").argParser(nonNegative).default(d.alpha))
    .addOption(new Option("--lambda <l>", "L2 regularisation λ").argParser(positive).default(d.lambda))
    .addOption(new Option("--lr <rate>", "FCF: Adam learning rate of the master").argParser(positive).default(d.lr))
    .addOption(new Option("--rounds <n>", `ALS sweeps or FCF rounds (default ${DEFAULT_ROUNDS.als} / ${DEFAULT_ROUNDS.fcf})`).argParser(intAtLeast(1)))
    .addOption(new Option("--clients-fraction <q>", "FCF: share of clients sampled each round (1 = all)").argParser(unitInterval).default(1))
    .addOption(new Option("--lr-schedule <s>", "FCF: step size of the master's Adam over rounds r = 1, 2, …, lr_r = lr·s(r): constant; step:E:F (×F every E rounds); exp:G (G^(r−1)); cosine[:H[:FLOOR]] (cosine annealing to FLOOR·lr over H rounds, default H = --rounds, FLOOR 0). Adam's moments and bias correction are unchanged").default("constant"))
    .addOption(new Option("--seed <seed>", "seed of the split, the initialisation and the client sampling").default("1"));
}

/** Cross-field checks → the data spec (null when --data is absent) and the model spec. */
export function validateDataModel(o: DataModelOptions, dataRequired: boolean): { data: DataSpec | null; model: ModelSpec } {
  if (o.data === undefined && dataRequired) throw new UsageError("option '--data <path>' is required");
  if (o.format === "speed-dating") throw new UsageError("option '--format <f>': speed-dating is people-to-people yes/no data; use `fedrec experiment experiments/speed-dating.json`");
  if (o.split !== "leave-k-out" && o.testFraction >= 1) throw new UsageError("option '--test-fraction <q>': must be < 1");
  const rounds = o.rounds ?? (o.algorithm === "als" ? DEFAULT_ROUNDS.als : DEFAULT_ROUNDS.fcf);
  let lrSchedule;
  try {
    lrSchedule = parseLrSchedule(o.lrSchedule, rounds);
  } catch (err) {
    throw new UsageError(`option '--lr-schedule <s>': ${(err as Error).message}`);
  }
  const split = o.split === "leave-k-out" ? { kind: "leave-k-out" as const, k: o.leaveK } : { kind: o.split, testFraction: o.testFraction };
  return {
    data:
      o.data === undefined
        ? null
        : { path: o.data, format: o.format, skipBadRows: o.skipBadRows, feedback: { minWeight: o.minWeight, value: o.feedbackValue }, split },
    model: {
      algorithm: o.algorithm,
      hyper: { ...DEFAULT_FCF_HYPER, factors: o.factors, alpha: o.alpha, lambda: o.lambda, lr: o.lr },
      rounds,
      clientsFraction: o.clientsFraction,
      lrSchedule,
    },
  };
}

export { ALGORITHMS };
