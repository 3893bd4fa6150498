/**
 * Storage of the deployable backend, behind one interface: the master model Y with its Adam state and
 * the round being collected, the user→row Mapping, and the online Ratings rows. MemoryStore (loaded
 * from a verified bundle) is the default of `fedrec serve`; DynamoStore (dynamo-store.ts) backs Lambda.
 */
import { masterGram } from "../core/fcf/online.js";
import { adamStep, masterGradient } from "../core/fcf/master.js";
import type { FcfHyper } from "../core/fcf/hyper.js";
import type { NpyDtype } from "../core/model/npy.js";
import type { ModelBundle } from "./bundle.js";

/** Static facts of the served model. */
export interface StoreInfo {
  n: number;
  f: number;
  users: number;
  dtype: NpyDtype;
  hyper: FcfHyper;
}

/** The master's mutable state: Y, Adam (m, v, t), the round, and the uploads summed so far this round. */
export interface MasterState {
  Y: Float64Array;
  m: Float64Array;
  v: Float64Array;
  t: number;
  round: number;
  pendingSum: Float64Array;
  pendingUsers: string[];
}

/** What the router needs from storage. Every method is async so DynamoDB fits behind it. */
export interface ModelStore {
  readonly kind: "memory" | "dynamodb";
  info(): Promise<StoreInfo>;
  rowOf(userId: string): Promise<number | null>;
  /** User ids of rows (null where no user maps to a row). */
  userIds(rows: Int32Array): Promise<Array<string | null>>;
  /** The current master model, its Gram matrix YᵀY and round. Treat as read-only. */
  model(): Promise<{ Y: Float64Array; YtY: Float64Array; round: number }>;
  /** The user's online feedback row (partner rows, cumulative r values). */
  ratings(userId: string): Promise<{ items: Int32Array; values: Float64Array }>;
  /** Adds r values to the user's row (r_uv += value), creating entries as needed. */
  addRatings(userId: string, entries: ReadonlyArray<{ row: number; value: number }>): Promise<void>;
  /** Loads the master state, applies `fn` (which mutates it), persists it, and returns fn's result. */
  updateMaster<R>(fn: (s: MasterState) => R): Promise<R>;
}

/** Outcome of one federated upload. */
export interface UploadOutcome {
  accepted: true;
  stepped: boolean;
  round: number;
  pending: number;
}

/**
 * Adds one validated upload G_u to the round being collected; when `roundSize` distinct users have
 * uploaded, the master takes one Adam step on ∂J/∂Y = −2·(users/|round|)·Σ G_u + 2λY (λ once, on the
 * master; the data term rescaled as for a sampled round, DESIGN §2) and opens the next round.
 * Throws DuplicateUpload if the user already uploaded in this round.
 */
export function applyUpload(s: MasterState, userId: string, G: Float64Array, hyper: FcfHyper, users: number, roundSize: number): UploadOutcome {
  if (s.pendingUsers.includes(userId)) throw new DuplicateUpload(`user ${userId} already uploaded in round ${s.round + 1}`);
  for (let i = 0; i < G.length; i++) s.pendingSum[i] += G[i];
  s.pendingUsers.push(userId);
  if (s.pendingUsers.length < roundSize) return { accepted: true, stepped: false, round: s.round, pending: s.pendingUsers.length };
  const grad = masterGradient(s.pendingSum, s.Y, hyper.lambda, users / s.pendingUsers.length, new Float64Array(s.Y.length));
  const adam = { m: s.m, v: s.v, t: s.t };
  adamStep(adam, s.Y, grad, hyper);
  s.t = adam.t;
  s.round += 1;
  s.pendingSum.fill(0);
  s.pendingUsers = [];
  return { accepted: true, stepped: true, round: s.round, pending: 0 };
}

/** A second upload by the same user within one round. */
export class DuplicateUpload extends Error {
  override readonly name = "DuplicateUpload";
}

/** In-memory storage initialised from a verified bundle (the served Y is item_factors.npy). */
export class MemoryStore implements ModelStore {
  readonly kind = "memory" as const;
  private readonly infoValue: StoreInfo;
  private readonly mapping: Map<string, number>;
  private readonly byRow: Array<string | null>;
  private readonly state: MasterState;
  private YtY: Float64Array;
  private readonly ratingRows = new Map<string, Map<number, number>>();

  constructor(bundle: ModelBundle) {
    const m = bundle.manifest;
    const h = m.hyperparameters;
    this.infoValue = {
      n: m.n,
      f: m.f,
      users: bundle.mapping.size,
      dtype: m.dtype,
      hyper: { factors: h.factors, alpha: h.alpha, lambda: h.lambda, lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps },
    };
    this.mapping = new Map(bundle.mapping);
    this.byRow = new Array<string | null>(m.n).fill(null);
    for (const [u, r] of bundle.mapping) this.byRow[r] = u;
    const cp = bundle.checkpoint;
    const size = m.n * m.f;
    this.state = {
      Y: bundle.Y.slice(),
      m: cp?.m.slice() ?? new Float64Array(size),
      v: cp?.v.slice() ?? new Float64Array(size),
      t: cp?.t ?? 0,
      round: cp?.round ?? 0,
      pendingSum: new Float64Array(size),
      pendingUsers: [],
    };
    this.YtY = masterGram(this.state.Y, m.n, m.f);
  }

  async info(): Promise<StoreInfo> {
    return this.infoValue;
  }

  async rowOf(userId: string): Promise<number | null> {
    return this.mapping.get(userId) ?? null;
  }

  async userIds(rows: Int32Array): Promise<Array<string | null>> {
    return Array.from(rows, (r) => this.byRow[r] ?? null);
  }

  async model(): Promise<{ Y: Float64Array; YtY: Float64Array; round: number }> {
    return { Y: this.state.Y, YtY: this.YtY, round: this.state.round };
  }

  async ratings(userId: string): Promise<{ items: Int32Array; values: Float64Array }> {
    const row = this.ratingRows.get(userId) ?? new Map<number, number>();
    const items = Int32Array.from([...row.keys()].sort((a, b) => a - b));
    return { items, values: Float64Array.from(items, (v) => row.get(v) ?? 0) };
  }

  async addRatings(userId: string, entries: ReadonlyArray<{ row: number; value: number }>): Promise<void> {
    let row = this.ratingRows.get(userId);
    if (row === undefined) this.ratingRows.set(userId, (row = new Map()));
    for (const e of entries) row.set(e.row, (row.get(e.row) ?? 0) + e.value);
  }

  async updateMaster<R>(fn: (s: MasterState) => R): Promise<R> {
    const out = fn(this.state);
    this.YtY = masterGram(this.state.Y, this.infoValue.n, this.infoValue.f);
    return out;
  }
}
