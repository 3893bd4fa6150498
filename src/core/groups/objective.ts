/**
 * The grouping objective of DESIGN §4, evaluated for a given partition.
 */
import { mutualScore } from "./mutual.js";
import type { GroupingInput, Groups } from "./types.js";

/** The objective split into its two sums: total = affinity − λ_rep · penalty. */
export interface ObjectiveParts {
  affinity: number;
  penalty: number;
  total: number;
}

/**
 * Σ_groups Σ_{i<j} [m_ij − λ_rep · pen_ij] with m_ij = AGG(â_ij, â_ji) and pen_ij = c_eff(i, j)², where c_eff
 * is the history's recency-decayed meeting count at `input.round` with decay `input.repeatDecay`.
 */
export function groupingObjective(groups: Groups, input: GroupingInput): ObjectiveParts {
  const { scores, history, round, repeatDecay, mutual } = input;
  let affinity = 0;
  let penalty = 0;
  for (const g of groups) {
    for (let a = 0; a < g.length; a++) {
      const i = g[a];
      for (let b = a + 1; b < g.length; b++) {
        const j = g[b];
        affinity += mutualScore(scores.score(i, j), scores.score(j, i), mutual);
        const c = history.decayedCount(i, j, round, repeatDecay);
        penalty += c * c;
      }
    }
  }
  return { affinity, penalty, total: affinity - input.repeatPenalty * penalty };
}
