/**
 * Satisfaction metrics of DESIGN §5: realised utility per person and round, its least-misery view and the
 * fairness of its cumulative distribution.
 */
import type { Groups } from "../groups/types.js";
import { gini } from "./gini.js";

/** One round's satisfaction: mean over present users, and mean over groups of the least satisfied member. */
export interface RoundSatisfaction {
  mean: number;
  leastMisery: number;
}

/** Whole-run satisfaction (see `SatisfactionTracker.summary`). */
export interface SatisfactionSummary {
  mean: number;
  leastMisery: number;
  cumulative: number;
  fairnessGini: number;
}

/** Accumulates per-round realised utilities of n users. */
export class SatisfactionTracker {
  readonly n: number;
  private readonly perUser: Float64Array;
  private readonly seen: Uint8Array;
  private total = 0;
  private userRounds = 0;
  private leastMiserySum = 0;
  private roundsCounted = 0;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    this.n = n;
    this.perUser = new Float64Array(n);
    this.seen = new Uint8Array(n);
  }

  /**
   * Adds one round: satisfaction[u] is u's realised utility (NaN when absent; NaN members are skipped).
   * Returns mean = Σ_u s_u / #present and leastMisery = mean over groups of min_{u∈group} s_u (NaN for a
   * round without any satisfied member). A round with no valid user does not count in the summary.
   */
  addRound(groups: Groups, satisfaction: Float64Array): RoundSatisfaction {
    let sum = 0;
    let count = 0;
    let lmSum = 0;
    let lmGroups = 0;
    for (const g of groups) {
      let min = Infinity;
      for (let t = 0; t < g.length; t++) {
        const u = g[t];
        const s = satisfaction[u];
        if (s !== s) continue;
        sum += s;
        count++;
        this.perUser[u] += s;
        this.seen[u] = 1;
        if (s < min) min = s;
      }
      if (min !== Infinity) {
        lmSum += min;
        lmGroups++;
      }
    }
    if (count === 0) return { mean: NaN, leastMisery: NaN };
    this.total += sum;
    this.userRounds += count;
    const leastMisery = lmSum / lmGroups;
    this.leastMiserySum += leastMisery;
    this.roundsCounted++;
    return { mean: sum / count, leastMisery };
  }

  /**
   * mean: over all user-rounds; leastMisery: mean of the per-round values; cumulative: Σ of all realised
   * utility; fairnessGini: Gini of each user's cumulative satisfaction, over users seen at least once
   * (users never present are left out rather than counted as zero).
   */
  summary(): SatisfactionSummary {
    const cum: number[] = [];
    for (let u = 0; u < this.n; u++) if (this.seen[u] === 1) cum.push(this.perUser[u]);
    return {
      mean: this.userRounds > 0 ? this.total / this.userRounds : NaN,
      leastMisery: this.roundsCounted > 0 ? this.leastMiserySum / this.roundsCounted : NaN,
      cumulative: this.total,
      fairnessGini: gini(cum),
    };
  }
}
