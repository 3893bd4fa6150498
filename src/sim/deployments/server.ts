/**
 * The online and centralized deployments (DESIGN §1 "online" flow): after each conversation a device
 * POSTs its ratings update; the server keeps the Ratings rows and the user→row Mapping (a missing mapping
 * is created when createMapping is on, else the update is refused with 400, as the original design did).
 * online: the server runs FCF with the users' models computed server side (the same FcfStrategy, all
 * clients on the server, exact factored aggregate); centralized: ALS on all ratings (the baseline).
 * Recommendations are computed server side per request (GET /users/{id}/recommendations).
 */
import { deriveRng } from "../../core/rng.js";
import { csrFromTriplets, type Csr } from "../../core/sparse/csr.js";
import { initFcf, type FcfState } from "../../core/fcf/train.js";
import { alsFit } from "../../core/fcf/als.js";
import { factoredAggregate } from "../../core/fcf/factored.js";
import { scoreUser } from "../../core/fcf/recommend.js";
import { feedbackValue } from "../../core/fcf/feedback.js";
import { topK } from "../../core/linalg/topk.js";
import { TopMScores } from "../../core/groups/scores.js";
import { FcfStrategy } from "../../core/federation/fcf-strategy.js";
import { solveLocal } from "../../core/federation/fcf-client.js";
import { aucOf } from "../../core/privacy/leakage.js";
import type { ClientView } from "../client-view.js";
import type { SimConfig } from "../config.js";
import { makeApiHandler, type ApiError, type RatingsUpdate, type RecommendationList } from "../transport/api.js";
import { inProcessTransport } from "../transport/inprocess.js";
import { httpTransport } from "../transport/http.js";
import type { ApiHandler, Transport } from "../transport/types.js";
import type { Learner } from "./learner.js";
import type { FederationOptions, PrivacySummary } from "./options.js";
import { topKLists } from "./topm.js";

export class ServerDeployment implements Learner {
  private readonly config: SimConfig;
  private readonly fed: FederationOptions;
  private readonly mapping = new Map<number, number>();
  /** Ratings rows: row → partner → [sent, received] message counts. */
  private readonly ratings: Array<Map<number, [number, number]>> = [];
  readonly state: FcfState;
  private readonly strategy: FcfStrategy;
  private transport: Transport;
  private readonly handler: ApiHandler;
  private step = 0;
  private rejected = 0;

  private constructor(config: SimConfig, fed: FederationOptions) {
    this.config = config;
    this.fed = fed;
    const n = config.users;
    this.state = initFcf(n, n, config.fcf, deriveRng(config.seed, "init"));
    this.strategy = new FcfStrategy(this.state, config.fcf, { sampling: fed.sampling, secureAgg: false });
    this.handler = makeApiHandler({ ratings: (r) => this.updateRatings(r), recommendations: (u) => this.recommend(u) }, fed.payload);
    this.transport = inProcessTransport(this.handler);
  }

  /** Creates the deployment and its transport. */
  static async create(config: SimConfig, fed: FederationOptions): Promise<ServerDeployment> {
    const d = new ServerDeployment(config, fed);
    if (fed.transport === "http") d.transport = await httpTransport(d.handler);
    return d;
  }

  private updateRatings(r: RatingsUpdate): ApiError | null {
    if (r.userId >= this.config.users) return { status: 400, code: "bad_request", message: `user ${r.userId} outside 0..${this.config.users - 1}` };
    let row = this.mapping.get(r.userId);
    if (row === undefined) {
      if (!this.fed.createMapping) return { status: 400, code: "mapping_missing", message: `no mapping for user ${r.userId}` };
      row = r.userId;
      this.mapping.set(r.userId, row);
    }
    while (this.ratings.length <= row) this.ratings.push(new Map());
    const m = this.ratings[row];
    r.partners.forEach((v, i) => {
      const cur = m.get(v) ?? [0, 0];
      m.set(v, [cur[0] + r.sent[i], cur[1] + r.received[i]]);
    });
    return null;
  }

  private ratingsMatrix(): Csr {
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    this.ratings.forEach((m, row) => {
      for (const [v, [s, rcv]] of m) {
        const count = this.config.feedbackSource === "sent" ? s : s + rcv;
        if (count > 0) {
          rows.push(row);
          cols.push(v);
          vals.push(feedbackValue(count, this.config.feedbackScale));
        }
      }
    });
    return csrFromTriplets(this.config.users, this.config.users, rows, cols, vals);
  }

  private recommend(u: number): RecommendationList | ApiError {
    const row = this.mapping.get(u);
    if (row === undefined) return { status: 400, code: "mapping_missing", message: `no mapping for user ${u}` };
    const n = this.config.users;
    const m = Math.min(this.config.candidates, n - 1);
    const scores = new Float64Array(n);
    scoreUser(this.state.X, row, this.state.Y, n, this.state.f, scores);
    const idx = new Int32Array(m);
    const val = new Float64Array(m);
    const count = topK(scores, m, idx, val, (v) => v === u);
    return { userId: u, ids: Array.from(idx.subarray(0, count)), scores: Array.from(val.subarray(0, count)), floor: count > 0 ? val[count - 1] : 0 };
  }

  async deliver(views: readonly ClientView[]): Promise<void> {
    for (const v of views) {
      const body = new TextEncoder().encode(JSON.stringify({ userId: v.userId, round: v.round, partners: Array.from(v.partners), sent: Array.from(v.sent), received: Array.from(v.received) }));
      const res = await this.transport.request("POST", "/ratings", body, "application/json");
      if (res.status === 400) this.rejected++;
      else if (res.status !== 200) throw new Error(`POST /ratings answered ${res.status}`);
    }
  }

  async train(round: number, steps: number): Promise<void> {
    const R = this.ratingsMatrix();
    const { alpha, lambda, factors } = this.config.fcf;
    if (this.fed.deployment === "centralized") {
      const fit = alsFit(R, factors, lambda, alpha, Math.max(1, steps), deriveRng(this.config.seed, "als", round));
      this.state.X.set(fit.X);
      this.state.Y.set(fit.Y);
      return;
    }
    const all = Int32Array.from({ length: this.config.users }, (_, u) => u);
    const f = this.state.f;
    const solveAll = (b: ReturnType<FcfStrategy["publishModel"]>) => {
      for (let u = 0; u < this.config.users; u++) {
        const s = R.indptr[u];
        const e = R.indptr[u + 1];
        solveLocal(b, { userId: u, items: R.indices.subarray(s, e), values: R.data.subarray(s, e), x: this.state.X.subarray(u * f, (u + 1) * f), solved: false }, this.config.fcf);
      }
    };
    for (let s = 0; s < steps; s++) {
      const step = ++this.step;
      const plan = this.strategy.configureRound(step, { available: all, attempt: 0 }, deriveRng(this.config.seed, "sampling", step));
      solveAll(plan.broadcast);
      const sum = factoredAggregate(R, this.state.X, this.state.Y, f, alpha, new Float64Array(this.config.users * f), plan.clients);
      const ok = this.strategy.aggregate(step, [{ clientId: 0, round: step, attempt: 0, update: sum, count: plan.clients.length, metrics: {} }]);
      if (!ok.ok) throw new Error(ok.reason);
    }
    solveAll(this.strategy.publishModel(this.step));
  }

  async publishScores(): Promise<TopMScores> {
    const n = this.config.users;
    const m = Math.min(this.config.candidates, n - 1);
    const scores = new TopMScores(n, m);
    const dec = new TextDecoder();
    for (let u = 0; u < n; u++) {
      const res = await this.transport.request("GET", `/users/${u}/recommendations`);
      if (res.status !== 200) continue; // no mapping yet: the user publishes no list
      const r = JSON.parse(dec.decode(res.body)) as RecommendationList;
      scores.setUser(u, Int32Array.from(r.ids), Float64Array.from(r.scores), r.ids.length, r.floor);
    }
    return scores;
  }

  scoreUser(u: number, out: Float64Array): void {
    const row = this.mapping.get(u);
    if (row === undefined) out.fill(0);
    else scoreUser(this.state.X, row, this.state.Y, this.state.nItems, this.state.f, out);
  }

  recommendationLists(k: number): Int32Array[] {
    return topKLists(this.config.users, k, (u, out) => this.scoreUser(u, out));
  }

  /** The server holds every partner id and message count: its "attack" reads them (AUC measured, = 1 when rows exist). */
  private leakage(): number | null {
    const R = this.ratingsMatrix();
    let sum = 0;
    let count = 0;
    const scores = new Float64Array(this.config.users);
    for (let u = 0; u < this.config.users; u++) {
      scores.fill(0);
      const items = R.indices.subarray(R.indptr[u], R.indptr[u + 1]);
      for (const v of items) scores[v] = 1;
      const auc = aucOf(scores, items, u);
      if (auc !== null) {
        sum += auc;
        count++;
      }
    }
    return count > 0 ? sum / count : null;
  }

  privacy(rounds: number): PrivacySummary {
    const per = this.config.users * Math.max(1, rounds);
    return {
      deployment: this.fed.deployment,
      transport: this.fed.transport,
      payload: "json",
      bytesUpPerClientRound: this.transport.traffic.up / per,
      bytesDownPerClientRound: this.transport.traffic.down / per,
      uploadContains: "ratings",
      secureAggregation: null,
      dp: null,
      leakageAuc: this.leakage(),
      fastPath: this.fed.deployment === "online",
      rounds: { sampled: 0, dropped: 0, stragglers: 0, rejectedRatings: this.rejected },
    };
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
