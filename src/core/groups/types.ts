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
  /**
   * Optional: the score i gives every partner outside candidates(i), when it is one constant per user (a
   * published list's floor). Lets the candidate graph price pairs outside every list in O(1).
   */
  unlistedScore?(i: number): number;
  /** Optional: i's listed candidates sorted by id ascending, with â_i· of each (views, do not modify). */
  candidatesById?(i: number): { ids: Int32Array; scores: Float64Array };
}

/** How two directed scores combine into the mutual score m_ij = AGG(â_ij, â_ji) (DESIGN §4). */
export type MutualAggregate = "mean" | "min" | "harmonic";

/** Read access to who met whom before, for the repetition penalty. */
export interface MeetingLookup {
  /** Number of earlier meetings of the unordered pair {i, j}. */
  count(i: number, j: number): number;
  /** Recency-decayed meeting count Σ_m γ^(round − round_m − 1) over earlier meetings m, given decay γ. */
  decayedCount(i: number, j: number, round: number, decay: number): number;
  /** Optional: calls fn(i, j) once for every unordered pair that has met (order unspecified). */
  forEachPair?(fn: (i: number, j: number) => void): void;
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
  /** Pairs never to be grouped together (user-supplied), if any. */
  readonly blocked?: PairLookup;
  /** Hard "never again" rule: pairs that met ≥ this many times are never grouped (0 or absent: off). */
  readonly neverAgainAfter?: number;
  /** Exact group sizes (summing to present.length); absent: `groupSizes(present.length, groupSize)`. */
  readonly sizes?: readonly number[];
  /** Size bounds [min, max] that move steps of local search keep; absent: [min(sizes), max(sizes)]. */
  readonly sizeBounds?: readonly [number, number];
  /**
   * Per-group size bounds [a_t, b_t], one per group, aligned with `sizes` (required with it, non-increasing):
   * group t of the result starts with sizes[t] members and moves keep it within [a_t, b_t] (the MDGP's
   * "different sizes" variant). Overrides `sizeBounds`.
   */
  readonly groupBounds?: readonly (readonly [number, number])[];
  /** Exploration added to the objective (DESIGN §4); absent: none. */
  readonly exploration?: Exploration;
  /** Local-search budget: passes over the users (default 4). */
  readonly searchPasses?: number;
  /** Local-search deadline: returns true when time is up (injected by the CLI; core never reads a clock). */
  readonly deadline?: () => boolean;
  /**
   * Budgeted improvement after the first descent, stopped early by `deadline`: at most this many steps of
   * iterated tabu search (tabu.ts) for up to TABU_MAX_USERS users, or of iterated local search (kick →
   * search, keep the best) above. Default: none without a deadline, unlimited with one.
   */
  readonly searchIterations?: number;
}

/** A set of unordered pairs (e.g. blocked pairs). */
export interface PairLookup {
  has(i: number, j: number): boolean;
}

/**
 * Exploration on top of the objective: ε-greedy (each user explores with probability ε: its pairs get a
 * random mutual score), softmax (Gumbel noise of scale τ on every pair: the Gumbel-max trick samples
 * partitions ∝ exp(objective/τ) edge by edge) or a UCB-style novelty bonus β·√(ln(t+1)/(1 + c_ij)).
 */
export type Exploration =
  | { kind: "none" }
  | { kind: "epsilon"; epsilon: number }
  | { kind: "softmax"; temperature: number }
  | { kind: "ucb"; bonus: number };

/** A partition of the present users: one Int32Array of member ids per group. */
export type Groups = Int32Array[];

/** A grouping policy: one module each, behind this one interface. */
export interface GroupingPolicy {
  readonly name: string;
  formGroups(input: GroupingInput): Groups;
}
