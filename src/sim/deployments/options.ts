/** Options of the deployment under simulation: where the model is learned, how it travels, privacy on the wire. */
import type { Sampling } from "../../core/federation/types.js";
import type { DpOptions } from "../../core/privacy/dp.js";
import type { PayloadFormat } from "../transport/codec.js";
import type { RobustAgg } from "../../core/federation/robust.js";
import type { AttackKind } from "../../core/federation/poisoning.js";

/** Malicious clients (--malicious-fraction, --attack-kind, --attack-boost). */
export interface PoisoningOptions {
  fraction: number;
  attack: AttackKind;
  boost: number;
}

/** federated: devices learn locally and upload gradients; online: the server keeps ratings and computes; centralized: ALS on all data. */
export type Deployment = "federated" | "online" | "centralized";

export interface FederationOptions {
  deployment: Deployment;
  transport: "in-process" | "http";
  payload: PayloadFormat;
  /** Which clients take part in each federated round (one master step). */
  sampling: Sampling;
  /** Probability a sampled client is unavailable for the round (seeded per round and client). */
  dropout: number;
  /** Round deadline in simulated time units (client latency ~ Exp(1)); later replies are cut. null = no deadline. */
  deadline: number | null;
  clientState: "stateless" | "stateful";
  /** Pairwise-mask secure aggregation with this many mask neighbours per client, or null. */
  secureAgg: { degree: number } | null;
  dp: DpOptions | null;
  /** Run the honest-but-curious master's partner-inference attack on what it sees. */
  attack: boolean;
  /** online: create a missing user→row mapping on the first ratings update (else 400). */
  createMapping: boolean;
  /** Model poisoning by a fraction of malicious clients (federated), or null. */
  poisoning: PoisoningOptions | null;
  /** The master's aggregation rule for plain uploads (federated). */
  robustAgg: RobustAgg;
}

export const DEFAULT_FEDERATION: FederationOptions = {
  deployment: "federated",
  transport: "in-process",
  payload: "f64",
  sampling: { kind: "all" },
  dropout: 0,
  deadline: null,
  clientState: "stateless",
  secureAgg: null,
  dp: null,
  attack: false,
  createMapping: true,
  poisoning: null,
  robustAgg: { kind: "none" },
};

/** The privacy figures of a run (summary.privacy). */
export interface PrivacySummary {
  deployment: Deployment;
  transport: "in-process" | "http";
  payload: PayloadFormat;
  /** Mean bytes a client sends (request bodies) per simulation round. */
  bytesUpPerClientRound: number;
  /** Mean bytes a client receives (response bodies) per simulation round. */
  bytesDownPerClientRound: number;
  /** What leaves a device: "gradients" (federated) or "ratings" (online, centralized: message counts and partner ids). */
  uploadContains: "gradients" | "ratings";
  secureAggregation: { degree: number; recovery: "retry"; failedAttempts: number } | null;
  dp: { clip: number; noise: number; delta: number; epsilon: number; steps: number; sampleRate: number } | null;
  /** Mean ROC AUC of the master's partner inference (1 = reads partners perfectly, 0.5 = chance), or null when not run. */
  leakageAuc: number | null;
  fastPath: boolean;
  rounds: { sampled: number; dropped: number; stragglers: number; rejectedRatings?: number };
  /** Upload gate of the federated master: duplicates ignored, late (past-round) and malformed uploads rejected. */
  uploads?: { accepted: number; duplicates: number; late: number; rejected: number };
  /** Poisoning and the defence (federated, when either is on). */
  poisoning?: PoisoningSummary;
}

/** What the poisoning did: the attack, the defence, and for promote: the target's reach in users' top-10 lists. */
export interface PoisoningSummary {
  maliciousClients: number;
  attack: string;
  robustAgg: string;
  /** promote: share of users (other than t) whose top-10 list contains t; null for other attacks. */
  promotedExposure: number | null;
  /** promote: mean rank (1 = first) of t over users' full rankings; null for other attacks. */
  promotedMeanRank: number | null;
}
