/**
 * Model bundles of `fedrec train` (DESIGN §7): the trained Y (with FCF's Adam state so `train --resume`
 * continues the run exactly), the data set's external user ids in mapping.json (and, for user–item data,
 * item_ids.json), and in manifest.source the data spec and seed that rebuild the training split — so
 * `fedrec evaluate --model` and `fedrec train --resume` need nothing else. Reading goes through
 * readBundle: format version and every checksum are verified first.
 */
import type { FactorModel, ModelSpec } from "../core/eval/models.js";
import { formatLrSchedule, parseLrSchedule, CONSTANT_LR } from "../core/fcf/lr-schedule.js";
import { restoreFcf, type FcfCheckpoint } from "../core/fcf/checkpoint.js";
import type { FcfHyper } from "../core/fcf/hyper.js";
import { solveClients, type FcfState } from "../core/fcf/train.js";
import type { NpyDtype } from "../core/model/npy.js";
import type { Csr } from "../core/sparse/csr.js";
import type { DataSpec } from "../core/data/spec.js";
import { BundleError, bundleFiles, readBundle, type ModelBundle } from "./bundle.js";

/** manifest.source of a train bundle: what rebuilds the split and the run. */
export interface TrainSource {
  command: "train";
  algorithm: "als" | "fcf";
  data: DataSpec;
  seed: string;
  /** ALS sweeps, or the FCF round reached. */
  rounds: number;
  clientsFraction: number;
  lrSchedule: string;
}

/** What `train` knows besides the fitted model. */
export interface TrainBundleMeta {
  spec: ModelSpec;
  data: DataSpec;
  seed: string;
  rowIds: readonly string[];
  colIds: readonly string[];
  shared: boolean;
  dtype: NpyDtype;
  created: string;
  metrics: Record<string, number | null>;
}

/**
 * Bundle files of a trained ALS or FCF model. mapping.json maps the data set's external user ids to
 * their rows; for user–item data item_ids.json names the rows of Y. ALS has no optimiser: its bundle
 * has no optimizer/ (and cannot be resumed).
 */
export function trainBundleFiles(model: FactorModel, meta: TrainBundleMeta): Record<string, string | Uint8Array> {
  const { spec } = meta;
  if (spec.algorithm !== "als" && spec.algorithm !== "fcf") throw new RangeError(`${spec.algorithm} has no model to export`);
  const checkpoint: FcfCheckpoint = {
    nUsers: model.rows,
    nItems: model.cols,
    f: model.f,
    Y: model.Y,
    m: model.adam?.m ?? new Float64Array(model.Y.length),
    v: model.adam?.v ?? new Float64Array(model.Y.length),
    t: model.adam?.t ?? 0,
    round: spec.algorithm === "fcf" ? model.rounds : 0,
  };
  const lrSchedule = formatLrSchedule(spec.lrSchedule ?? CONSTANT_LR);
  const source: TrainSource = {
    command: "train",
    algorithm: spec.algorithm,
    data: meta.data,
    seed: meta.seed,
    rounds: model.rounds,
    clientsFraction: spec.clientsFraction,
    lrSchedule,
  };
  const mapping = new Map<string, number>();
  meta.rowIds.forEach((id, row) => mapping.set(id, row));
  return bundleFiles({
    checkpoint,
    algorithm: spec.algorithm === "als" ? "als-implicit" : "fcf-implicit",
    itemIds: meta.shared ? undefined : meta.colIds,
    hyper: spec.hyper,
    extraHyper: spec.algorithm === "fcf" ? { clientsFraction: spec.clientsFraction, lrSchedule } : { sweeps: model.rounds },
    mapping,
    dtype: meta.dtype,
    created: meta.created,
    source: { ...source },
    metrics: meta.metrics,
    optimizer: model.adam !== null,
  });
}

/** A verified train bundle and its recorded source. Throws BundleError when it was not written by `fedrec train`. */
export function readTrainBundle(dir: string): { bundle: ModelBundle; source: TrainSource } {
  const bundle = readBundle(dir);
  const s = bundle.manifest.source as Partial<TrainSource>;
  if (s.command !== "train" || typeof s.data !== "object" || s.data === null || typeof s.seed !== "string" || (s.algorithm !== "als" && s.algorithm !== "fcf")) {
    throw new BundleError(`bundle ${dir}: not written by \`fedrec train\` (manifest.source has no data spec and seed to rebuild the split)`);
  }
  return { bundle, source: { clientsFraction: 1, lrSchedule: "constant", rounds: 0, ...s } as TrainSource };
}

/** The recorded learning-rate schedule, parsed. */
export function sourceSchedule(source: TrainSource) {
  return parseLrSchedule(source.lrSchedule, Math.max(1, source.rounds));
}

/**
 * The factor model a device would use from this bundle: Y (the float64 master of optimizer/ when present,
 * else item_factors.npy) and every user's x_u solved in closed form from Y and that user's row of `train`.
 * For FCF this is exactly the model `train` evaluated; for ALS it is one more user half-sweep on the final Y.
 */
export function bundleFactorModel(bundle: ModelBundle, hyper: FcfHyper, train: Csr): FcfState {
  const m = bundle.manifest;
  const Y = bundle.checkpoint?.Y ?? bundle.Y;
  const state = restoreFcf({ nUsers: train.rows, nItems: m.n, f: m.f, Y, m: new Float64Array(Y.length), v: new Float64Array(Y.length), t: 0, round: 0 });
  solveClients(state, train, hyper, null);
  return state;
}

/** The core hyperparameters recorded in a bundle. */
export function bundleHyper(bundle: ModelBundle): FcfHyper {
  const h = bundle.manifest.hyperparameters;
  return { factors: h.factors, alpha: h.alpha, lambda: h.lambda, lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps };
}
