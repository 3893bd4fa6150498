/**
 * Model bundles (DESIGN §7): a directory with manifest.json, item_factors.npy, mapping.json, the
 * optimiser state under optimizer/ and DynamoDB BatchWriteItem files under dynamodb/. The manifest
 * records the format version and the sha256 of every other file; readBundle verifies both before any
 * byte is used, so a corrupt or mismatched bundle is one clear error. Writes are atomic: the whole
 * directory is staged in a temporary sibling and renamed into place.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { decodeNpy, encodeNpy, type NpyDtype } from "../core/model/npy.js";
import { batchRequests, mappingItems, metaItem, modelItems } from "../core/model/dynamo.js";
import { restoreFcf, type FcfCheckpoint } from "../core/fcf/checkpoint.js";
import type { FcfState } from "../core/fcf/train.js";
import type { FcfHyper } from "../core/fcf/hyper.js";

/** The bundle format this code writes and accepts. */
export const BUNDLE_FORMAT = "fedrec-bundle/1";
/** Default DynamoDB table names written into the BatchWriteItem files (deploy/template.yaml uses them). */
export const DEFAULT_TABLES = { mapping: "fedrec-mapping", model: "fedrec-master-model" } as const;

/** manifest.json. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  /** FCF (federated, Adam on the master) or centralized ALS: the same implicit-feedback cost and Y. */
  algorithm: BundleAlgorithm;
  hyperparameters: FcfHyper & Record<string, unknown>;
  /** Rows of item_factors.npy (partners; here every user is also a partner). */
  n: number;
  /** Number of user ids in mapping.json. */
  users: number;
  /**
   * Rows the mapping points into when users and items differ (user–item data such as MovieLens; then
   * item_ids.json names each row of item_factors.npy). Absent: people-to-people, mapping rows are rows of Y.
   */
  userRows?: number;
  f: number;
  dtype: NpyDtype;
  created: string;
  source: Record<string, unknown>;
  metrics: Record<string, number | null>;
  optimizer: { t: number; round: number; nUsers: number } | null;
  tables: { mapping: string; model: string };
  files: Record<string, { sha256: string; bytes: number }>;
}

/** The model kinds a bundle can hold. */
export type BundleAlgorithm = "fcf-implicit" | "als-implicit";

/** What goes into a bundle. `checkpoint` carries Y (float64) and the Adam state. */
export interface BundleInput {
  checkpoint: FcfCheckpoint;
  /** Default "fcf-implicit". */
  algorithm?: BundleAlgorithm;
  /** User–item data: the external id of each row of Y (written as item_ids.json); mapping rows then index users 0..checkpoint.nUsers−1. */
  itemIds?: readonly string[];
  hyper: FcfHyper;
  extraHyper?: Record<string, unknown>;
  /** External user id → row of Y. */
  mapping: ReadonlyMap<string, number>;
  dtype: NpyDtype;
  created: string;
  source: Record<string, unknown>;
  metrics: Record<string, number | null>;
  tables?: { mapping: string; model: string };
  /** Include optimizer/ (default true). */
  optimizer?: boolean;
}

/** A verified, loaded bundle. Y is item_factors.npy (rounded to its dtype); checkpoint is float64 when present. */
export interface ModelBundle {
  dir: string;
  manifest: BundleManifest;
  Y: Float64Array;
  mapping: Map<string, number>;
  checkpoint: FcfCheckpoint | null;
  /** item_ids.json (user–item bundles), else null. */
  itemIds: string[] | null;
}

/** Hex sha256 of bytes or a UTF-8 string. */
export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Builds every file of a bundle (path → content), the manifest last with the checksums of the others. */
export function bundleFiles(input: BundleInput): Record<string, string | Uint8Array> {
  const cp = input.checkpoint;
  const { nItems: n, f } = cp;
  const tables = input.tables ?? DEFAULT_TABLES;
  const userRows = input.itemIds === undefined ? n : cp.nUsers;
  if (input.itemIds !== undefined && input.itemIds.length !== n) throw new RangeError(`itemIds: ${input.itemIds.length} ids for ${n} rows of Y`);
  for (const [user, row] of input.mapping) {
    if (!(Number.isInteger(row) && row >= 0 && row < userRows)) throw new RangeError(`mapping: user ${user} → row ${row} outside 0..${userRows - 1}`);
  }
  const files: Record<string, string | Uint8Array> = {};
  files["item_factors.npy"] = encodeNpy(cp.Y, [n, f], input.dtype);
  files["mapping.json"] = JSON.stringify(Object.fromEntries(input.mapping)) + "\n";
  if (input.itemIds !== undefined) files["item_ids.json"] = JSON.stringify(input.itemIds) + "\n";
  const withOptimizer = input.optimizer ?? true;
  if (withOptimizer) {
    files["optimizer/master_f64.npy"] = encodeNpy(cp.Y, [n, f], "f8");
    files["optimizer/adam_m.npy"] = encodeNpy(cp.m, [n, f], "f8");
    files["optimizer/adam_v.npy"] = encodeNpy(cp.v, [n, f], "f8");
  }
  // the DynamoDB vectors are exactly the exported item_factors values (rounded to the bundle's dtype)
  const exported = decodeNpy(files["item_factors.npy"] as Uint8Array).data;
  batchRequests(tables.mapping, mappingItems(input.mapping)).forEach((req, i) => {
    files[`dynamodb/mapping-${String(i).padStart(5, "0")}.json`] = JSON.stringify(req) + "\n";
  });
  const meta = metaItem(
    { format: BUNDLE_FORMAT, n, f, users: input.mapping.size, dtype: input.dtype, hyper: input.hyper },
    withOptimizer ? cp.t : 0,
    withOptimizer ? cp.round : 0,
  );
  batchRequests(tables.model, [meta, ...modelItems(exported, n, f, withOptimizer ? { m: cp.m, v: cp.v } : undefined)]).forEach((req, i) => {
    files[`dynamodb/master-model-${String(i).padStart(5, "0")}.json`] = JSON.stringify(req) + "\n";
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    algorithm: input.algorithm ?? "fcf-implicit",
    hyperparameters: { ...input.hyper, ...(input.extraHyper ?? {}) },
    n,
    users: input.mapping.size,
    ...(input.itemIds === undefined ? {} : { userRows }),
    f,
    dtype: input.dtype,
    created: input.created,
    source: input.source,
    metrics: input.metrics,
    optimizer: withOptimizer ? { t: cp.t, round: cp.round, nUsers: cp.nUsers } : null,
    tables,
    files: Object.fromEntries(
      Object.entries(files).map(([name, c]) => [name, { sha256: sha256(c), bytes: typeof c === "string" ? Buffer.byteLength(c) : c.length }]),
    ),
  };
  files["manifest.json"] = JSON.stringify(manifest, null, 2) + "\n";
  return files;
}

/**
 * Writes a bundle directory atomically: every file goes into `.<name>.<pid>.tmp/` beside `dir`, which is
 * then renamed to `dir` (an existing bundle there is replaced only after the new one is complete).
 */
export function writeBundle(dir: string, files: Record<string, string | Uint8Array>): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const stage = join(parent, `.${basename(dir)}.${process.pid}.tmp`);
  const old = join(parent, `.${basename(dir)}.${process.pid}.old`);
  rmSync(stage, { recursive: true, force: true });
  try {
    for (const [name, content] of Object.entries(files)) {
      const target = join(stage, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(stage, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(dir) && existsSync(old)) renameSync(old, dir);
    throw err;
  }
}

/** A bundle that failed verification: the message names the bundle and the file or field. */
export class BundleError extends Error {
  override readonly name = "BundleError";
}

function readVerified(dir: string, manifest: BundleManifest, name: string): Buffer {
  const entry = manifest.files[name];
  if (entry === undefined) throw new BundleError(`bundle ${dir}: manifest.json lists no ${name}`);
  const path = join(dir, name);
  if (!existsSync(path)) throw new BundleError(`bundle ${dir}: ${name} is missing`);
  const bytes = readFileSync(path);
  const actual = sha256(bytes);
  if (actual !== entry.sha256) throw new BundleError(`bundle ${dir}: checksum mismatch for ${name} (manifest ${entry.sha256.slice(0, 12)}…, file ${actual.slice(0, 12)}…)`);
  return bytes;
}

function npyOf(dir: string, manifest: BundleManifest, name: string, dtype: NpyDtype): Float64Array {
  const bytes = readVerified(dir, manifest, name);
  let arr;
  try {
    arr = decodeNpy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new BundleError(`bundle ${dir}: ${name}: ${(err as Error).message}`);
  }
  if (arr.shape.length !== 2 || arr.shape[0] !== manifest.n || arr.shape[1] !== manifest.f || arr.dtype !== dtype) {
    throw new BundleError(`bundle ${dir}: ${name} is (${arr.shape.join(", ")}) ${arr.dtype}, manifest says (${manifest.n}, ${manifest.f}) ${dtype}`);
  }
  return arr.data;
}

/**
 * Reads and verifies a bundle: the format version, the sha256 of EVERY file the manifest lists, the
 * shapes and dtype of the arrays against the manifest, and the mapping's rows. Throws BundleError.
 */
export function readBundle(dir: string): ModelBundle {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new BundleError(`bundle ${dir}: no manifest.json (not a fedrec model bundle)`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BundleManifest;
  } catch (err) {
    throw new BundleError(`bundle ${dir}: manifest.json is not valid JSON (${(err as Error).message})`);
  }
  if (manifest.format !== BUNDLE_FORMAT) {
    throw new BundleError(`bundle ${dir}: format ${JSON.stringify(manifest.format)} is not supported (expected ${BUNDLE_FORMAT})`);
  }
  if (!(Number.isInteger(manifest.n) && manifest.n > 0 && Number.isInteger(manifest.f) && manifest.f > 0) || (manifest.dtype !== "f4" && manifest.dtype !== "f8")) {
    throw new BundleError(`bundle ${dir}: manifest.json has invalid n, f or dtype`);
  }
  if (typeof manifest.files !== "object" || manifest.files === null) throw new BundleError(`bundle ${dir}: manifest.json has no files table`);
  for (const name of Object.keys(manifest.files)) readVerified(dir, manifest, name);
  const Y = npyOf(dir, manifest, "item_factors.npy", manifest.dtype);
  const rawMapping = JSON.parse(readVerified(dir, manifest, "mapping.json").toString("utf8")) as Record<string, unknown>;
  const userRows = manifest.userRows ?? manifest.n;
  const mapping = new Map<string, number>();
  for (const [user, row] of Object.entries(rawMapping)) {
    if (typeof row !== "number" || !Number.isInteger(row) || row < 0 || row >= userRows) {
      throw new BundleError(`bundle ${dir}: mapping.json: user ${user} → row ${JSON.stringify(row)} outside 0..${userRows - 1}`);
    }
    mapping.set(user, row);
  }
  let itemIds: string[] | null = null;
  if (manifest.files["item_ids.json"] !== undefined) {
    const raw = JSON.parse(readVerified(dir, manifest, "item_ids.json").toString("utf8")) as unknown;
    if (!Array.isArray(raw) || raw.length !== manifest.n || raw.some((x) => typeof x !== "string")) {
      throw new BundleError(`bundle ${dir}: item_ids.json must be an array of ${manifest.n} strings`);
    }
    itemIds = raw as string[];
  }
  let checkpoint: FcfCheckpoint | null = null;
  if (manifest.optimizer !== null && manifest.optimizer !== undefined) {
    checkpoint = {
      nUsers: manifest.optimizer.nUsers,
      nItems: manifest.n,
      f: manifest.f,
      Y: npyOf(dir, manifest, "optimizer/master_f64.npy", "f8"),
      m: npyOf(dir, manifest, "optimizer/adam_m.npy", "f8"),
      v: npyOf(dir, manifest, "optimizer/adam_v.npy", "f8"),
      t: manifest.optimizer.t,
      round: manifest.optimizer.round,
    };
  }
  return { dir, manifest, Y, mapping, checkpoint, itemIds };
}

/** Identity mapping "0".."n−1" → 0..n−1 (simulated users are their own rows). */
export function identityMapping(n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let u = 0; u < n; u++) m.set(String(u), u);
  return m;
}

/**
 * Resume: the FCF state and hyperparameters stored in a bundle, verified. Continuing with fcfIteration
 * on the same data (and, if clients are sampled, the same per-round sampling RNG keyed by state.round)
 * gives bit for bit the run that never stopped. Throws BundleError when the bundle has no optimizer/.
 */
export function resumeFromBundle(dir: string): { state: FcfState; hyper: FcfHyper; bundle: ModelBundle } {
  const bundle = readBundle(dir);
  if (bundle.manifest.algorithm === "als-implicit") throw new BundleError(`bundle ${dir}: an ALS model has no optimiser state; --resume continues FCF training only`);
  if (bundle.checkpoint === null) throw new BundleError(`bundle ${dir}: no optimiser state (exported without optimizer/), cannot resume`);
  const h = bundle.manifest.hyperparameters;
  const hyper: FcfHyper = { factors: h.factors, alpha: h.alpha, lambda: h.lambda, lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps };
  if (hyper.factors !== bundle.manifest.f) throw new BundleError(`bundle ${dir}: hyperparameters.factors ${hyper.factors} ≠ f ${bundle.manifest.f}`);
  return { state: restoreFcf(bundle.checkpoint), hyper, bundle };
}
