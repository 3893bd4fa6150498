/**
 * The configuration of one `fedrec simulate` run, with the embedded defaults the Quickstart uses.
 */
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../core/fcf/hyper.js";
import type { FeedbackScale } from "../core/fcf/feedback.js";
import type { ClientSolver } from "../core/fcf/round.js";
import type { Exploration, MutualAggregate } from "../core/groups/types.js";
import type { PolicyName } from "../core/groups/policies.js";
import { DEFAULT_WORLD_PARAMS, type WorldParams } from "./world/params.js";
import type { FeedbackSource } from "./device.js";
import { DEFAULT_FEDERATION, type FederationOptions } from "./deployments/options.js";

/** Grouping policies a simulation can run: the learned ones, random, and the oracle (true affinities). */
export type SimPolicy = PolicyName | "oracle";

/** How the master's sum of client uploads is computed in-process (DESIGN §2). */
export type AggregatePath = "factored" | "dense";

export interface SimConfig {
  users: number;
  rounds: number;
  groupSize: number;
  policy: SimPolicy;
  seed: string;
  fcf: FcfHyper;
  /** FCF iterations (client solves + master Adam step) after each round's conversations. */
  trainSteps: number;
  aggregate: AggregatePath;
  feedbackSource: FeedbackSource;
  feedbackScale: FeedbackScale;
  /** λ_rep, weight of the repetition penalty pen = c_eff² in the grouping objective. */
  repeatPenalty: number;
  /** γ, recency decay of the penalty's meeting count per round. */
  repeatDecay: number;
  mutual: MutualAggregate;
  /** Length of each device's published recommendation list (the grouping engine's candidates). */
  candidates: number;
  /** Hard rule: pairs that met ≥ this many times are never grouped again (0: off). */
  neverAgainAfter: number;
  /** Unordered pairs of user ids never grouped together (user-supplied). */
  blockedPairs: Array<[number, number]>;
  /** Exploration added to the grouping objective of the learned policies. */
  exploration: Exploration;
  /** Local-search passes per round (local-search policies and the oracle). */
  searchPasses: number;
  /** k of the accuracy metrics (precision@k, recall@k, NDCG@k). */
  evalK: number;
  world: WorldParams;
  /** Deployment, transport, sampling, dropouts and privacy on the wire (src/sim/deployments). */
  federation: FederationOptions;
  /** How the federated fast path computes the client solves and the aggregate (never changes what is learned per thread count). */
  compute: ComputeOptions;
}

/** Threads and client solver of the simulation's federated fast path (src/sim/parallel/client-rounds.ts). */
export interface ComputeOptions {
  /** Threads for the client solves and the aggregate; the summary is identical for any count. */
  threads: number;
  /** Exact Cholesky solves, or cgSteps warm-started conjugate-gradient steps (approximate). */
  solver: ClientSolver;
  cgSteps: number;
}

export const DEFAULT_SIM_CONFIG: SimConfig = {
  users: 1000,
  rounds: 30,
  groupSize: 4,
  policy: "greedy-penalty",
  seed: "1",
  fcf: { ...DEFAULT_FCF_HYPER, factors: 32 },
  trainSteps: 5,
  aggregate: "factored",
  feedbackSource: "sent",
  feedbackScale: "count",
  repeatPenalty: 50,
  repeatDecay: 0.9,
  mutual: "mean",
  candidates: 50,
  neverAgainAfter: 0,
  blockedPairs: [],
  exploration: { kind: "none" },
  searchPasses: 4,
  evalK: 10,
  world: DEFAULT_WORLD_PARAMS,
  federation: DEFAULT_FEDERATION,
  compute: { threads: 1, solver: "cholesky", cgSteps: 3 },
};
