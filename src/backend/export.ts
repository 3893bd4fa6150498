/**
 * Export paths into model bundles: from a finished simulation (`fedrec simulate --export/--out`) and
 * from an existing bundle or run directory (`fedrec export-model`). Both go through bundleFiles, so
 * every bundle has the same layout and checksums.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { NpyDtype } from "../core/model/npy.js";
import { checkpointFcf } from "../core/fcf/checkpoint.js";
import type { FcfState } from "../core/fcf/train.js";
import type { FcfHyper } from "../core/fcf/hyper.js";
import { BundleError, bundleFiles, identityMapping, readBundle, type ModelBundle } from "./bundle.js";

/** Where `fedrec simulate --out <dir>` keeps its checkpoint of the final model (a full f8 bundle). */
export const RUN_MODEL_DIR = "model";

/** What a simulation contributes to its model bundle besides the model: how it ran and its headline figures. */
export interface SimulationRun {
  hyper: FcfHyper;
  extraHyper: Record<string, string | number>;
  seed: string;
  users: number;
  rounds: number;
  policy: string;
  metrics: Record<string, number | null>;
}

/** Bundle files of a simulation's final model: user ids "0".."n−1" are their own rows. */
export function simulationBundleFiles(model: FcfState, run: SimulationRun, dtype: NpyDtype, created: string): Record<string, string | Uint8Array> {
  return bundleFiles({
    checkpoint: checkpointFcf(model),
    hyper: run.hyper,
    extraHyper: run.extraHyper,
    mapping: identityMapping(model.nUsers),
    dtype,
    created,
    source: { command: "simulate", seed: run.seed, users: run.users, rounds: run.rounds, policy: run.policy },
    metrics: run.metrics,
  });
}

/**
 * Resolves `--from`: a bundle directory (has manifest.json) or a `fedrec simulate --out` run directory
 * (has model/manifest.json). Reads and verifies it; throws BundleError otherwise.
 */
export function loadModelFrom(from: string): ModelBundle {
  if (existsSync(join(from, "manifest.json"))) return readBundle(from);
  if (existsSync(join(from, RUN_MODEL_DIR, "manifest.json"))) return readBundle(join(from, RUN_MODEL_DIR));
  throw new BundleError(`${from}: neither a model bundle (manifest.json) nor a run directory with ${RUN_MODEL_DIR}/manifest.json`);
}

/**
 * Re-exports a verified bundle with another dtype, table names or without the optimiser state. The
 * float64 master model of optimizer/ is the source when present (so f4 → f8 loses nothing).
 */
export function reexportFiles(
  b: ModelBundle,
  opts: { dtype: NpyDtype; created: string; optimizer: boolean; tables?: { mapping: string; model: string } },
): Record<string, string | Uint8Array> {
  const m = b.manifest;
  const checkpoint = b.checkpoint ?? {
    nUsers: m.userRows ?? m.n,
    nItems: m.n,
    f: m.f,
    Y: b.Y,
    m: new Float64Array(b.Y.length),
    v: new Float64Array(b.Y.length),
    t: 0,
    round: 0,
  };
  const { factors, alpha, lambda, lr, beta1, beta2, eps, ...extraHyper } = m.hyperparameters;
  return bundleFiles({
    checkpoint,
    algorithm: m.algorithm,
    itemIds: b.itemIds ?? undefined,
    hyper: { factors, alpha, lambda, lr, beta1, beta2, eps },
    extraHyper,
    mapping: b.mapping,
    dtype: opts.dtype,
    created: opts.created,
    source: { ...m.source, exportedFrom: b.dir },
    metrics: m.metrics,
    tables: opts.tables ?? m.tables,
    optimizer: opts.optimizer && b.checkpoint !== null,
  });
}
