/**
 * Crash-safe runs: a checkpoint is the WHOLE state of the running simulations (world pair history,
 * grouping history, satisfaction/diversity trackers, devices' histories, master model + Adam state,
 * round and step counters, transport byte counters, upload-gate counters), captured by walking the
 * objects' own data fields (functions, the config and a server's URL are left out) and serialised
 * with v8's structured clone. Randomness needs no state: every generator is re-derived from (seed,
 * concern, round/step). Restoring writes the saved values INTO freshly built objects in place (typed
 * arrays with .set), so aliases inside the live graph (x_u views of X, the broadcast's Y) survive.
 * Files are written atomically: a crash while writing leaves the previous checkpoint intact.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { writeFileAtomic } from "./io/atomic.js";
import type { SimConfig } from "./config.js";

/** Fields never captured: configuration (checked separately), behaviour, and per-process addresses. */
const SKIP = new Set(["config", "fed", "clientOpts", "url", "handler"]);
const OMIT = Symbol("omit");

function isView(v: unknown): v is ArrayBufferView & { length: number; set(a: ArrayLike<number>): void } {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** A plain-data copy of `v`'s state (class instances become plain objects; functions are omitted). */
export function captureState(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof v === "function" || typeof v === "symbol") return OMIT;
  if (typeof v !== "object" || v === null) return v;
  if (seen.has(v)) return seen.get(v);
  if (isView(v) || v instanceof ArrayBuffer) return v;
  if (v instanceof Map) {
    const m = new Map<unknown, unknown>();
    seen.set(v, m);
    for (const [k, x] of v) m.set(k, captureState(x, seen));
    return m;
  }
  if (v instanceof Set) return new Set(v);
  if (Array.isArray(v)) {
    const a: unknown[] = [];
    seen.set(v, a);
    for (const x of v) a.push(captureState(x, seen));
    return a;
  }
  const o: Record<string, unknown> = {};
  seen.set(v, o);
  for (const key of Object.keys(v)) {
    if (SKIP.has(key)) continue;
    const c = captureState((v as Record<string, unknown>)[key], seen);
    if (c !== OMIT) o[key] = c;
  }
  return o;
}

/** Writes `saved` into `live` in place where shapes match; returns the value the owner should hold. */
export function restoreState(live: unknown, saved: unknown, memo = new Map<object, unknown>()): unknown {
  if (typeof saved !== "object" || saved === null) return saved;
  if (memo.has(saved)) return memo.get(saved);
  if (isView(saved)) {
    if (isView(live) && live.constructor === saved.constructor && live.length === saved.length) {
      live.set(saved as unknown as ArrayLike<number>);
      memo.set(saved, live);
      return live;
    }
    memo.set(saved, saved);
    return saved;
  }
  if (saved instanceof Map) {
    const m = live instanceof Map ? live : new Map<unknown, unknown>();
    memo.set(saved, m);
    m.clear();
    for (const [k, x] of saved) m.set(k, restoreState(undefined, x, memo));
    return m;
  }
  if (saved instanceof Set) return saved;
  if (Array.isArray(saved)) {
    const a: unknown[] = Array.isArray(live) ? live : [];
    memo.set(saved, a);
    for (let i = 0; i < saved.length; i++) a[i] = restoreState(a[i], saved[i], memo);
    a.length = saved.length;
    return a;
  }
  const o = (typeof live === "object" && live !== null && !isView(live) ? live : {}) as Record<string, unknown>;
  memo.set(saved, o);
  if (Object.isFrozen(o)) return o; // immutable (e.g. the world's parameters): rebuilt identically from the config
  for (const key of Object.keys(saved)) o[key] = restoreState(o[key], (saved as Record<string, unknown>)[key], memo);
  return o;
}

/** What a checkpoint holds: the run's config and the state of each simulation started so far. */
export interface Checkpoint {
  format: "fedrec-checkpoint/1";
  config: SimConfig;
  runs: Record<string, unknown>;
}

/** The checkpoint file inside a checkpoint directory. */
export const CHECKPOINT_FILE = "checkpoint.v8";

/** Writes the checkpoint atomically to dir/checkpoint.v8. */
export function writeCheckpoint(dir: string, config: SimConfig, runs: Record<string, object>): void {
  const data: Checkpoint = { format: "fedrec-checkpoint/1", config, runs: Object.fromEntries(Object.entries(runs).map(([k, s]) => [k, captureState(s)])) };
  writeFileAtomic(join(dir, CHECKPOINT_FILE), serialize(data));
}

/** Reads a checkpoint; throws one line naming the file when it is missing or not a fedrec checkpoint. */
export function readCheckpoint(dir: string): Checkpoint {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) throw new Error(`${dir}: no ${CHECKPOINT_FILE} (not a checkpoint directory)`);
  let data: unknown;
  try {
    data = deserialize(readFileSync(file));
  } catch (err) {
    throw new Error(`${file}: not a readable checkpoint (${err instanceof Error ? err.message : String(err)})`);
  }
  const c = data as Partial<Checkpoint> | null;
  if (c === null || typeof c !== "object" || c.format !== "fedrec-checkpoint/1" || typeof c.runs !== "object" || c.config === undefined) {
    throw new Error(`${file}: not a fedrec checkpoint (format fedrec-checkpoint/1)`);
  }
  return c as Checkpoint;
}

/** The top-level config fields where `a` and `b` differ (JSON comparison), for a one-line refusal. */
export function configDifferences(a: SimConfig, b: SimConfig): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify((a as unknown as Record<string, unknown>)[k]) !== JSON.stringify((b as unknown as Record<string, unknown>)[k]));
}
