/**
 * The master/client split (DESIGN §6, after Flower's Strategy and Client): the master configures a round
 * and aggregates replies; a client is a pure function from (master broadcast, its own local data) to a
 * reply. Where each side runs — in-process, behind HTTP, on the server — is the transport's business.
 */
import type { Rng } from "../rng.js";

/** What the master sends to every selected client (GET /model). */
export interface Broadcast {
  /** Federated round (1-based step counter of the master). */
  round: number;
  /** Attempt of the round (> 0 only after a failed secure-aggregation attempt). */
  attempt: number;
  nItems: number;
  f: number;
  /** The master model Y (nItems×f, row-major). */
  Y: Float64Array;
  /** YᵀY (f×f), the same for every client. */
  YtY: Float64Array;
  /** The attempt's participants in masking order (secure aggregation), or null. */
  participants: Int32Array | null;
}

/** A client's reply (POST /gradients): its upload, its weight and scalar metrics. Nothing else leaves it. */
export interface ClientReply {
  clientId: number;
  round: number;
  attempt: number;
  /** The upload (nItems×f): G_u, possibly clipped and noised (DP) or ring-encoded and masked (secure agg). */
  update: Float64Array;
  /** Weight of the reply in the sum: 1 per user (the FCF gradient is a SUM over users, not a mean). */
  count: number;
  metrics: Record<string, number>;
}

/** Client sampling per round: everyone, a fraction of the available clients, or a fixed count. */
export type Sampling = { kind: "all" } | { kind: "fraction"; fraction: number } | { kind: "count"; count: number };

/** What the master decides for a round: who is asked, and what they receive. */
export interface RoundPlan {
  clients: Int32Array;
  broadcast: Broadcast;
}

/** The population the master may draw from, and the attempt number (retries reuse the survivors). */
export interface PopulationState {
  available: Int32Array;
  attempt: number;
}

/** Result of aggregating a round: applied (the model moved) or failed (e.g. masks did not cancel). */
export type AggregateOutcome = { ok: true; metrics: Record<string, number> } | { ok: false; reason: string };

/** The master side of federated training. */
export interface Strategy {
  /** Chooses the round's clients with `rng` (attempt 0 only; retries take all of `state.available`) and builds the broadcast. */
  configureRound(round: number, state: PopulationState, rng: Rng): RoundPlan;
  /** Checks and aggregates the replies of a round; on success updates the master model. */
  aggregate(round: number, replies: readonly ClientReply[]): AggregateOutcome;
  /** Server-side evaluation of the current model (scalar metrics). */
  evaluate(round: number): Record<string, number>;
}

/** A pure aggregator: (state, replies) → {state, update (the sum), metrics}; update null when it cannot be formed. */
export type Aggregator<S> = (state: S, replies: readonly ClientReply[]) => { state: S; update: Float64Array | null; count: number; metrics: Record<string, number> };
