/**
 * Diversity metrics of DESIGN §5: how often pairs repeat, how many different people each user meets, how
 * much of the pair space is covered, how new a user's partners are, and how evenly people are exposed.
 * These adapt item-diversity definitions (RecBole's ItemCoverage, GiniIndex) to rounds of grouping.
 */
import { MeetingHistory } from "../groups/history.js";
import type { Groups, MeetingLookup } from "../groups/types.js";
import { gini } from "./gini.js";

/** One round's diversity, measured against the history before the round. */
export interface RoundDiversity {
  /** Fraction of this round's pairs that had met before. */
  repeatPairRate: number;
  /** Mean over grouped users of the fraction of their partners they had never met. */
  novelty: number;
  /** Number of pairs formed this round (Σ_groups |g|(|g|−1)/2). */
  pairs: number;
}

/** Whole-run diversity (see `DiversityTracker.summary`). */
export interface DiversitySummary {
  repeatPairRate: number;
  uniquePartnersMean: number;
  pairCoverage: number;
  noveltyMean: number;
}

/** Accumulates diversity over rounds, with its own record of the pairs formed. */
export class DiversityTracker {
  readonly n: number;
  private readonly seen: MeetingHistory;
  private readonly slots: Float64Array;
  private rounds = 0;
  private noveltySum = 0;
  private noveltyRounds = 0;

  constructor(n: number) {
    this.n = n;
    this.seen = new MeetingHistory(n);
    this.slots = new Float64Array(n);
  }

  /**
   * Adds one round's groups. repeatPairRate = #pairs with count_before > 0 / #pairs; novelty = mean over users
   * in groups of #partners never met before / #partners (users alone in a group are skipped).
   */
  addRound(groups: Groups, historyBefore: MeetingLookup): RoundDiversity {
    let pairs = 0;
    let repeats = 0;
    let noveltySum = 0;
    let users = 0;
    for (const g of groups) {
      const size = g.length;
      for (let a = 0; a < size; a++) {
        const i = g[a];
        let fresh = 0;
        for (let b = 0; b < size; b++) {
          if (b === a) continue;
          const met = historyBefore.count(i, g[b]) > 0;
          if (!met) fresh++;
          if (b > a) {
            pairs++;
            if (met) repeats++;
          }
        }
        if (size > 1) {
          noveltySum += fresh / (size - 1);
          users++;
          this.slots[i] += size - 1;
        }
      }
    }
    this.rounds++;
    this.seen.record(this.rounds, groups);
    const novelty = users > 0 ? noveltySum / users : NaN;
    if (users > 0) {
      this.noveltySum += novelty;
      this.noveltyRounds++;
    }
    return { repeatPairRate: pairs > 0 ? repeats / pairs : 0, novelty, pairs };
  }

  /**
   * repeatPairRate = 1 − unique pairs / pair occurrences (cumulative); uniquePartnersMean = mean over users who
   * had any partner slot of distinct partners / min(n − 1, partner slots); pairCoverage = unique pairs /
   * (n(n−1)/2); noveltyMean = mean of the per-round novelty
   * (rounds with at least one grouped user).
   */
  summary(): DiversitySummary {
    const occ = this.seen.pairOccurrences();
    const unique = this.seen.uniquePairs();
    let ratioSum = 0;
    let users = 0;
    for (let u = 0; u < this.n; u++) {
      if (this.slots[u] > 0) {
        ratioSum += this.seen.partnersOf(u) / Math.min(this.n - 1, this.slots[u]);
        users++;
      }
    }
    const allPairs = (this.n * (this.n - 1)) / 2;
    return {
      repeatPairRate: occ > 0 ? 1 - unique / occ : 0,
      uniquePartnersMean: users > 0 ? ratioSum / users : NaN,
      pairCoverage: allPairs > 0 ? unique / allPairs : 0,
      noveltyMean: this.noveltyRounds > 0 ? this.noveltySum / this.noveltyRounds : NaN,
    };
  }
}

/**
 * Partner-exposure Gini: how unevenly users appear in the others' recommendation lists, the Gini of the count
 * of lists each of the n users appears in (RecBole's item-exposure GiniIndex with people as items).
 */
export function exposureGini(recommendationLists: Int32Array[], n: number): number {
  const counts = new Float64Array(n);
  for (const list of recommendationLists) {
    for (let t = 0; t < list.length; t++) {
      const v = list[t];
      if (v < 0 || v >= n) throw new RangeError(`recommended user ${v} outside 0..${n - 1}`);
      counts[v]++;
    }
  }
  return gini(counts);
}
