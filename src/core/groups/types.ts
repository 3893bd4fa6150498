/**
 * The seams of the grouping engine: what a policy reads (directed scores, meeting history) and what it
 * returns (a partition of the users present). Policies never see the simulator's world; the oracle gets
 * true utilities through the same `AffinityScores` face.
 */
import type { Rng } from "../rng.js";

/** Directed affinity scores â_ij (how much i is predicted to like j), read on demand. */
export interface AffinityScores {
  /** Number of users (ids are 0..n-1). */
  readonly n: number;
  /** Directed score of i for j (i ≠ j). */
  score(i: number, j: number): number;
  /** Candidate partners of i, best first. May be every other user for small n. */
  candidates(i: number): Int32Array;
}

/** How two directed scores combine into the mutual score m_ij = AGG(â_ij, â_ji) (DESIGN §4). */
export type MutualAggregate = "mean" | "min" | "harmonic";

/** Read access to who met whom before, for the repetition penalty. */
export interface MeetingLookup {
  /** Number of earlier meetings of the unordered pair {i, j}. */
  count(i: number, j: number): number;
  /** Recency-decayed meeting count Σ_m γ^(round − round_m − 1) over earlier meetings m, given decay γ. */
  decayedCount(i: number, j: number, round: number, decay: number): number;
}

/** Everything a policy needs to form one round's groups. */
export interface GroupingInput {
  /** 1-based round number. */
  readonly round: number;
  /** Ids of the users present this round (absent users are skipped). */
  readonly present: Int32Array;
  /** Target group size k ≥ 2; groups have size k or k+1 (see `groupSizes`). */
  readonly groupSize: number;
  readonly scores: AffinityScores;
  readonly history: MeetingLookup;
  /** λ_rep ≥ 0, weight of the repetition penalty pen = c_eff². */
  readonly repeatPenalty: number;
  /** γ in (0, 1], the recency decay of the penalty's meeting count. */
  readonly repeatDecay: number;
  readonly mutual: MutualAggregate;
  /** The policy's own generator (exploration, tie-breaking, random order). */
  readonly rng: Rng;
}

/** A partition of the present users: one Int32Array of member ids per group. */
export type Groups = Int32Array[];

/** A grouping policy: one module each, behind this one interface. */
export interface GroupingPolicy {
  readonly name: string;
  formGroups(input: GroupingInput): Groups;
}
