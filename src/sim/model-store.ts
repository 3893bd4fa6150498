/**
 * Minimal save/load of a trained factor model for `fedrec train --out` → `fedrec evaluate --model`:
 * model.json (algorithm, hyperparameters, shapes, the data spec and seed that rebuild the split, the id
 * mappings) and raw little-endian float64 files X.f64, Y.f64 and, for FCF, adam-m.f64 / adam-v.f64.
 * One module on purpose: the model bundle of DESIGN §7 (export-model, checksums) replaces it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FactorModel, ModelSpec } from "../core/eval/models.js";
import { writeFilesAtomic } from "./io/atomic.js";
import type { DataSpec } from "./data/prepare.js";

export const MODEL_FORMAT = "fedrec-model/0";

/** The JSON half of a saved model. */
export interface ModelMeta {
  format: typeof MODEL_FORMAT;
  spec: ModelSpec;
  data: DataSpec;
  seed: string;
  rows: number;
  cols: number;
  f: number;
  rounds: number;
  adamT: number | null;
  rowIds: string[];
  colIds: string[];
}

function bytes(a: Float64Array): Uint8Array {
  const out = new Uint8Array(a.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i], true);
  return out;
}

function floats(path: string, expected: number): Float64Array {
  const buf = readFileSync(path);
  if (buf.length !== expected * 8) throw new Error(`${path}: ${buf.length} bytes, expected ${expected * 8} (${expected} float64)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Writes the model to `dir` atomically (all files staged, then renamed). */
export function saveModel(dir: string, model: FactorModel, meta: Omit<ModelMeta, "format" | "rows" | "cols" | "f" | "rounds" | "adamT">): void {
  const full: ModelMeta = { format: MODEL_FORMAT, ...meta, rows: model.rows, cols: model.cols, f: model.f, rounds: model.rounds, adamT: model.adam?.t ?? null };
  const files: Record<string, string | Uint8Array> = {
    "model.json": JSON.stringify(full, null, 2) + "\n",
    "X.f64": bytes(model.X),
    "Y.f64": bytes(model.Y),
  };
  if (model.adam !== null) {
    files["adam-m.f64"] = bytes(model.adam.m);
    files["adam-v.f64"] = bytes(model.adam.v);
  }
  writeFilesAtomic(dir, files);
}

/** Reads a model written by saveModel; throws naming the file when it is missing or malformed. */
export function loadModel(dir: string): { meta: ModelMeta; model: FactorModel } {
  const metaPath = join(dir, "model.json");
  let meta: ModelMeta;
  try {
    meta = JSON.parse(readFileSync(metaPath, "utf8")) as ModelMeta;
  } catch (err) {
    throw new Error(`${metaPath}: cannot read the model (${err instanceof Error ? err.message : String(err)})`);
  }
  if (meta.format !== MODEL_FORMAT) throw new Error(`${metaPath}: format "${String(meta.format)}", expected "${MODEL_FORMAT}"`);
  const X = floats(join(dir, "X.f64"), meta.rows * meta.f);
  const Y = floats(join(dir, "Y.f64"), meta.cols * meta.f);
  const adam =
    meta.adamT === null
      ? null
      : { m: floats(join(dir, "adam-m.f64"), meta.cols * meta.f), v: floats(join(dir, "adam-v.f64"), meta.cols * meta.f), t: meta.adamT };
  return { meta, model: { rows: meta.rows, cols: meta.cols, f: meta.f, X, Y, adam, rounds: meta.rounds } };
}
