/**
 * One policy's run over the simulated world, round by round: form groups → converse → devices update
 * their local data → FCF training → metrics. `step()` advances one round; `run()` is a loop over it.
 */
import { deriveRng } from "../core/rng.js";
import { csrFromTriplets } from "../core/sparse/csr.js";
import { MeetingHistory } from "../core/groups/history.js";
import { makePolicy } from "../core/groups/policies.js";
import { groupingObjective } from "../core/groups/objective.js";
import { PairSet } from "../core/groups/pairset.js";
import type { AffinityScores, GroupingInput, GroupingPolicy, Groups } from "../core/groups/types.js";
import { SatisfactionTracker } from "../core/metrics/satisfaction.js";
import { DiversityTracker, exposureGini } from "../core/metrics/diversity.js";
import { rankingMetrics, type RankingMetrics } from "../core/metrics/accuracy.js";
import { World } from "./world/world.js";
import type { ClientView } from "./client-view.js";
import type { Learner } from "./deployments/learner.js";
import { createLearner } from "./deployments/index.js";
import type { SimConfig } from "./config.js";
import type { FcfState } from "../core/fcf/train.js";
import type { PrivacySummary } from "./deployments/options.js";

/** The per-round record written to rounds.jsonl. */
export interface RoundRecord {
  round: number;
  present: number;
  groups: number;
  satisfaction: { mean: number; leastMisery: number };
  diversity: { repeatPairRate: number; novelty: number };
  objective: { total: number; affinity: number; penalty: number };
  /** Accuracy of the model learned before this round, on this round's conversations (null: no model yet). */
  accuracy: RankingMetrics | null;
}

/** Final figures of one policy's run. */
export interface PolicyOutcome {
  policy: string;
  satisfaction: { mean: number; leastMisery: number; cumulative: number; fairnessGini: number };
  diversity: { repeatPairRate: number; uniquePartnersMean: number; pairCoverage: number; noveltyMean: number; exposureGini: number | null };
  accuracy: RankingMetrics | null;
}

/** Relevance of a round: u's partners to whom u sent at least one message. */
function relevanceOf(views: readonly ClientView[], n: number) {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (const view of views) {
    for (let i = 0; i < view.partners.length; i++) {
      if (view.sent[i] > 0) {
        rows.push(view.userId);
        cols.push(view.partners[i]);
        vals.push(1);
      }
    }
  }
  return csrFromTriplets(n, n, rows, cols, vals);
}

/** Mean of each ranking metric over rounds that had one. */
function meanAccuracy(records: readonly RoundRecord[]): RankingMetrics | null {
  const acc = records.map((r) => r.accuracy).filter((a): a is RankingMetrics => a !== null);
  if (acc.length === 0) return null;
  const mean = (pick: (a: RankingMetrics) => number) => acc.reduce((s, a) => s + pick(a), 0) / acc.length;
  return {
    precision: mean((a) => a.precision),
    recall: mean((a) => a.recall),
    ndcg: mean((a) => a.ndcg),
    map: mean((a) => a.map),
    auc: mean((a) => a.auc),
    users: mean((a) => a.users),
  };
}

export class Simulation {
  readonly config: SimConfig;
  readonly records: RoundRecord[] = [];
  private readonly world: World;
  private learner: Learner | null = null;
  private readonly learn: boolean;
  private readonly policy: GroupingPolicy;
  private readonly oracle: boolean;
  private readonly blocked: PairSet | undefined;
  private readonly history: MeetingHistory;
  private readonly satisfaction: SatisfactionTracker;
  private readonly diversity: DiversityTracker;
  private round = 0;

  /**
   * @param policyName the policy this run uses ("oracle" reads the world's true utilities)
   * @param learn whether the federated model is trained (baseline runs of random/oracle skip it)
   */
  constructor(config: SimConfig, policyName: SimConfig["policy"], learn: boolean) {
    this.config = config;
    this.world = new World(config.users, config.world, config.seed);
    this.learn = learn;
    this.policy = makePolicy(policyName === "oracle" ? "local-search-nopenalty" : policyName);
    this.blocked = config.blockedPairs.length > 0 ? PairSet.from(config.blockedPairs) : undefined;
    this.oracle = policyName === "oracle";
    this.history = new MeetingHistory(config.users);
    this.satisfaction = new SatisfactionTracker(config.users);
    this.diversity = new DiversityTracker(config.users);
  }

  /** The learned FCF state (null for baseline runs that do not learn); read it after the run to export. */
  get model(): FcfState | null {
    return this.learner?.state ?? null;
  }

  /** True once every configured round has run. */
  get done(): boolean {
    return this.round >= this.config.rounds;
  }

  private async scoresFor(round: number): Promise<AffinityScores> {
    if (this.oracle) return this.world.trueScores(round, this.config.candidates);
    if (this.learner === null) throw new Error("a learned policy needs the learner");
    return this.learner.publishScores();
  }

  /** Starts the deployment (and its transport) on the first step; idempotent. */
  async init(): Promise<void> {
    if (this.learn && this.learner === null) this.learner = await createLearner(this.config);
  }

  /** Runs one round and returns its record. */
  async step(): Promise<RoundRecord> {
    if (this.done) throw new Error(`all ${this.config.rounds} rounds have run`);
    await this.init();
    const round = ++this.round;
    const cfg = this.config;
    const present = this.world.present(round);
    const needsScores = this.oracle || this.policy.name !== "random";
    const scores: AffinityScores = needsScores ? await this.scoresFor(round) : nullScores(cfg.users);
    const input: GroupingInput = {
      round,
      present,
      groupSize: cfg.groupSize,
      scores,
      history: this.history,
      repeatPenalty: cfg.repeatPenalty,
      repeatDecay: cfg.repeatDecay,
      mutual: cfg.mutual,
      rng: deriveRng(cfg.seed, "policy", round),
      blocked: this.blocked,
      neverAgainAfter: cfg.neverAgainAfter,
      exploration: this.oracle ? { kind: "none" } : cfg.exploration,
      searchPasses: cfg.searchPasses,
    };
    const groups: Groups = this.policy.formGroups(input);
    const objective = groupingObjective(groups, input);

    const outcome = this.world.converse(round, groups);
    let accuracy: RankingMetrics | null = null;
    if (this.learner !== null && round > 1) {
      const learner = this.learner;
      accuracy = rankingMetrics((u, out) => learner.scoreUser(u, out), relevanceOf(outcome.views, cfg.users), null, true, cfg.evalK);
    }
    const sat = this.satisfaction.addRound(groups, outcome.satisfaction);
    const div = this.diversity.addRound(groups, this.history);
    this.history.record(round, groups);
    if (this.learner !== null) {
      await this.learner.deliver(outcome.views);
      await this.learner.train(round, cfg.trainSteps);
    }
    const record: RoundRecord = {
      round,
      present: present.length,
      groups: groups.length,
      satisfaction: { mean: sat.mean, leastMisery: sat.leastMisery },
      diversity: { repeatPairRate: div.repeatPairRate, novelty: div.novelty },
      objective: { total: objective.total, affinity: objective.affinity, penalty: objective.penalty },
      accuracy,
    };
    this.records.push(record);
    return record;
  }

  /** Runs the remaining rounds, calling `onRound` after each; closes the deployment's transport at the end. */
  async run(onRound?: (record: RoundRecord) => void): Promise<PolicyOutcome> {
    try {
      while (!this.done) {
        const record = await this.step();
        if (onRound) onRound(record);
      }
      return this.outcome();
    } finally {
      await this.close();
    }
  }

  /** Privacy and bandwidth figures of the deployment (null for runs without learning). */
  privacy(): PrivacySummary | null {
    return this.learner?.privacy(this.round) ?? null;
  }

  /** Stops the deployment's servers and sockets. */
  async close(): Promise<void> {
    await this.learner?.close();
  }

  /** The run's final figures (valid after the last round). */
  outcome(): PolicyOutcome {
    const s = this.satisfaction.summary();
    const d = this.diversity.summary();
    const lists = this.learner?.recommendationLists(this.config.evalK) ?? null;
    return {
      policy: this.oracle ? "oracle" : this.policy.name,
      satisfaction: { mean: s.mean, leastMisery: s.leastMisery, cumulative: s.cumulative, fairnessGini: s.fairnessGini },
      diversity: {
        repeatPairRate: d.repeatPairRate,
        uniquePartnersMean: d.uniquePartnersMean,
        pairCoverage: d.pairCoverage,
        noveltyMean: d.noveltyMean,
        exposureGini: lists === null ? null : exposureGini(lists, this.config.users),
      },
      accuracy: meanAccuracy(this.records),
    };
  }
}

/** Scores for policies that read none (random): every score 0, no candidates. */
function nullScores(n: number): AffinityScores {
  const empty = new Int32Array(0);
  return { n, score: () => 0, candidates: () => empty };
}
