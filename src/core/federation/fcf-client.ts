/**
 * The FCF client as a pure function (DESIGN §2, §6): (master broadcast, the device's own feedback row and
 * state) → {reply, next state}. It solves x_u in closed form, forms the dense upload G_u, and — when
 * configured — clips and noises it (DP) and ring-encodes and masks it (secure aggregation) before it
 * leaves the device. x_u never leaves; the reply carries only the upload, a weight of 1 and no metrics
 * that depend on the partner set.
 */
import type { Rng } from "../rng.js";
import { denseUpload, makeClientScratch, solveUserFactor } from "../fcf/client.js";
import { privatize } from "../privacy/dp.js";
import { maskUpload, ringEncode } from "../privacy/secagg.js";
import type { Broadcast, ClientReply } from "./types.js";

/** How clients behave: FCF weights, state kept between rounds, and privacy on the wire. */
export interface FcfClientOptions {
  alpha: number;
  lambda: number;
  /** stateful: x_u is kept and re-solved only when the device's data changed; stateless: re-solved from every broadcast. */
  stateful: boolean;
  dp: { clip: number; noise: number } | null;
  secureAgg: { degree: number; secret: number } | null;
}

/** The device's local data: its feedback row (partner ids ascending, r values) and its private x_u. */
export interface FcfLocal {
  userId: number;
  items: Int32Array;
  values: Float64Array;
  /** x_u (length f) from the last solve; valid when solved is true. */
  x: Float64Array;
  /** Whether x matches the current data (false after a new conversation). */
  solved: boolean;
}

/** Solves x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ YᵀC_u p_u from the broadcast model into local.x. */
export function solveLocal(b: Broadcast, local: FcfLocal, opts: Pick<FcfClientOptions, "alpha" | "lambda">): void {
  solveUserFactor(b.Y, b.f, b.YtY, opts.lambda, opts.alpha, local.items, local.values, 0, local.items.length, local.x, 0, makeClientScratch(b.f));
  local.solved = true;
}

/**
 * One client round: (re)solve x_u (always when stateless, when stale when stateful), G_u = dense upload,
 * then DP (clip to C, add N(0,(zC)²) with `dpRng`) and secure aggregation (ring encode + pairwise masks)
 * as configured. Mutates only `local` (the device's own state).
 */
export function fcfClient(b: Broadcast, local: FcfLocal, opts: FcfClientOptions, dpRng: Rng | null): ClientReply {
  if (!opts.stateful || !local.solved) solveLocal(b, local, opts);
  const update = new Float64Array(b.nItems * b.f);
  denseUpload(b.Y, b.nItems, b.f, local.x, 0, opts.alpha, local.items, local.values, 0, local.items.length, update);
  if (opts.dp !== null) {
    if (dpRng === null) throw new Error("a DP client needs its noise generator");
    privatize(update, opts.dp, dpRng);
  }
  if (opts.secureAgg !== null) {
    if (b.participants === null) throw new Error("secure aggregation: the broadcast carries no participant list");
    ringEncode(update, update);
    maskUpload(update, local.userId, b.participants, opts.secureAgg.degree, opts.secureAgg.secret, b.round, b.attempt);
  }
  return { clientId: local.userId, round: b.round, attempt: b.attempt, update, count: 1, metrics: {} };
}
