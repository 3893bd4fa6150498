/**
 * The federated deployment (DESIGN §1 "local" flow): every round, each selected device GETs the master
 * model, solves its x_u, forms its upload on the device (DP and masking applied there), and POSTs it; the
 * master aggregates (FcfStrategy) and steps. After learning, every device GETs the final model and
 * computes its own recommendations. The simulation fast path (exact factored aggregate, DESIGN §2)
 * replaces the per-client uploads only when nothing per-client is observed; it runs the client solves
 * (Cholesky or CG) and the aggregate on config.compute.threads threads, bit-identically for any count.
 */
import { deriveRng, type Rng } from "../../core/rng.js";
import { csrFromTriplets, type Csr } from "../../core/sparse/csr.js";
import { initFcf, type FcfState } from "../../core/fcf/train.js";
import { scoreUser } from "../../core/fcf/recommend.js";
import { TopMScores } from "../../core/groups/scores.js";
import { FcfStrategy } from "../../core/federation/fcf-strategy.js";
import { fcfClient, solveLocal, type FcfClientOptions, type FcfLocal } from "../../core/federation/fcf-client.js";
import { sampleSize } from "../../core/federation/sampling.js";
import type { Broadcast, ClientReply } from "../../core/federation/types.js";
import { hashWords, ringDecode } from "../../core/privacy/secagg.js";
import { aucOf, leakageGram, leakageScores } from "../../core/privacy/leakage.js";
import { dpEpsilon } from "../../core/privacy/rdp.js";
import type { ClientView } from "../client-view.js";
import { Device } from "../device.js";
import type { SimConfig } from "../config.js";
import { binaryReplyLength, contentType, decodeBroadcast, encodeBroadcast, encodeReply } from "../transport/codec.js";
import { GRADIENTS_ACK, makeApiHandler, type ApiError } from "../transport/api.js";
import { inProcessTransport } from "../transport/inprocess.js";
import { httpTransport } from "../transport/http.js";
import type { Transport } from "../transport/types.js";
import type { Learner } from "./learner.js";
import type { FederationOptions, PoisoningSummary, PrivacySummary } from "./options.js";
import { UploadGate } from "./upload-gate.js";
import { drawMalicious, poisonUpdate } from "../../core/federation/poisoning.js";
import { setTopM, topKLists } from "./topm.js";
import { PooledClientRounds } from "../parallel/client-rounds.js";
import { shareState } from "../parallel/pool.js";

/** Whether the exact factored aggregate may stand in for per-client uploads (nothing per-client is observed). */
export function fastPathAllowed(config: SimConfig, fed: FederationOptions): boolean {
  return fed.transport === "in-process" && fed.payload === "f64" && fed.secureAgg === null && fed.dp === null && !fed.attack && config.aggregate === "factored" &&
    fed.poisoning === null && fed.robustAgg.kind === "none";
}

/** Largest accepted POST /gradients body: n·f numbers as JSON (≤ 32 bytes each) plus 1 MiB of header. */
export function maxUploadBytes(n: number, f: number): number {
  return n * f * 32 + (1 << 20);
}

/** Runs async tasks with at most `limit` in flight. */
async function pool(ids: Int32Array, limit: number, task: (id: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ids.length) await task(ids[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, ids.length) }, worker));
}

export class FederatedDeployment implements Learner {
  readonly state: FcfState;
  readonly strategy: FcfStrategy;
  readonly devices: Device[];
  readonly locals: FcfLocal[];
  readonly fastPath: boolean;
  private readonly config: SimConfig;
  private readonly fed: FederationOptions;
  private readonly clientOpts: FcfClientOptions;
  private transport: Transport;
  private readonly gate: UploadGate;
  private readonly malicious: Uint8Array | null;
  private deviceY: Float64Array;
  private step = 0;
  private analytic = { up: 0, down: 0 };
  private leak = { sum: 0, count: 0 };
  private counts = { sampled: 0, dropped: 0, stragglers: 0, failedAttempts: 0, dpSteps: 0 };
  private rounds: PooledClientRounds | null = null;

  private constructor(config: SimConfig, fed: FederationOptions, transport: Transport | null) {
    this.config = config;
    this.fed = fed;
    const n = config.users;
    const f = config.fcf.factors;
    this.state = initFcf(n, n, config.fcf, deriveRng(config.seed, "init"));
    // worker threads read the model in place: share it before anything keeps views of X or Y
    if (fastPathAllowed(config, fed) && config.compute.threads > 1) shareState(this.state);
    this.strategy = new FcfStrategy(this.state, config.fcf, { sampling: fed.sampling, secureAgg: fed.secureAgg !== null, robust: fed.robustAgg });
    this.gate = new UploadGate(n);
    this.malicious = fed.poisoning === null ? null : drawMalicious(n, fed.poisoning.fraction, deriveRng(config.seed, "malicious"));
    this.devices = Array.from({ length: n }, (_, u) => new Device(u));
    this.locals = Array.from({ length: n }, (_, u) => ({
      userId: u,
      items: new Int32Array(0),
      values: new Float64Array(0),
      x: this.state.X.subarray(u * f, (u + 1) * f),
      solved: false,
    }));
    this.clientOpts = {
      alpha: config.fcf.alpha,
      lambda: config.fcf.lambda,
      stateful: fed.clientState === "stateful",
      dp: fed.dp === null ? null : { clip: fed.dp.clip, noise: fed.dp.noise },
      secureAgg: fed.secureAgg === null ? null : { degree: fed.secureAgg.degree, secret: hashWords(Array.from(`${config.seed}/secagg`, (c) => c.charCodeAt(0))) },
    };
    this.fastPath = fastPathAllowed(config, fed);
    this.deviceY = this.state.Y.slice();
    const handler = makeApiHandler({ model: () => this.serveModel(), gradients: (r) => this.receive(r) }, fed.payload, maxUploadBytes(n, f));
    this.transport = transport ?? inProcessTransport(handler);
    this.handler = handler;
  }

  private readonly handler: ReturnType<typeof makeApiHandler>;

  /** Creates the deployment and its transport (starts the HTTP server when asked). */
  static async create(config: SimConfig, fed: FederationOptions): Promise<FederatedDeployment> {
    const d = new FederatedDeployment(config, fed, null);
    if (d.fastPath) d.rounds = await PooledClientRounds.start(d.state, config.compute.threads);
    if (fed.transport === "http") {
      await d.transport.close();
      d.transport = await httpTransport(d.handler, "127.0.0.1", maxUploadBytes(config.users, config.fcf.factors));
    }
    return d;
  }

  private serveModel(): Broadcast | ApiError {
    const b = this.strategy.broadcast;
    return b === null ? { status: 409, code: "no_open_round", message: "the master has no open round" } : b;
  }

  private receive(r: ClientReply): ApiError | null {
    return this.gate.admit(r, this.strategy.broadcast);
  }

  async deliver(views: readonly ClientView[]): Promise<void> {
    for (const view of views) {
      const d = this.devices[view.userId];
      d.observe(view);
      const row = d.feedbackRow(this.config.feedbackSource, this.config.feedbackScale);
      const local = this.locals[view.userId];
      local.items = row.items;
      local.values = row.values;
      local.solved = false;
    }
  }

  /** The device side of one round over the transport: GET /model, then (upload) compute and POST /gradients. */
  private async device(u: number, upload: boolean): Promise<void> {
    const fmt = this.fed.payload;
    const res = await this.transport.request("GET", `/model?client=${u}`);
    if (res.status !== 200) throw new Error(`device ${u}: GET /model answered ${res.status}: ${new TextDecoder().decode(res.body)}`);
    const b = decodeBroadcast(res.body, fmt);
    const local = this.locals[u];
    if (!upload) {
      solveLocal(b, local, this.clientOpts);
      if (u === 0 || this.deviceY.length !== b.Y.length) this.deviceY = b.Y;
      return;
    }
    const dpRng: Rng | null = this.fed.dp === null ? null : deriveRng(this.config.seed, "dp", b.round, b.attempt, u);
    const reply = fcfClient(b, local, this.clientOpts, dpRng);
    const p = this.fed.poisoning;
    if (p !== null && this.malicious !== null && this.malicious[u] === 1) poisonUpdate(reply.update, p.attack, p.boost, b, this.config.fcf.lambda);
    const post = await this.transport.request("POST", "/gradients", encodeReply(reply, fmt), contentType(fmt));
    if (post.status !== 200) throw new Error(`device ${u}: POST /gradients answered ${post.status}: ${new TextDecoder().decode(post.body)}`);
  }

  private concurrency(): number {
    return this.transport.kind === "http" ? 16 : 1;
  }

  /** Which sampled clients reply in time: dropouts (prob p) and stragglers (latency ~ Exp(1) > deadline), seeded per step. */
  private available(clients: Int32Array, step: number): Int32Array {
    const rng = deriveRng(this.config.seed, "availability", step);
    const alive: number[] = [];
    for (const u of clients) {
      const drop = rng() < this.fed.dropout;
      const latency = -Math.log(1 - rng());
      if (drop) this.counts.dropped++;
      else if (this.fed.deadline !== null && latency > this.fed.deadline) this.counts.stragglers++;
      else alive.push(u);
    }
    return Int32Array.from(alive);
  }

  private attack(replies: readonly ClientReply[], b: Broadcast): void {
    const YtY = leakageGram(b.Y, b.nItems, b.f);
    const scores = new Float64Array(b.nItems);
    const seen = new Float64Array(b.nItems * b.f);
    for (const r of replies) {
      if (this.fed.secureAgg !== null) ringDecode(r.update, seen);
      else seen.set(r.update);
      leakageScores(seen, b.Y, YtY, b.nItems, b.f, scores);
      const auc = aucOf(scores, this.locals[r.clientId].items, r.clientId);
      if (auc !== null) {
        this.leak.sum += auc;
        this.leak.count++;
      }
    }
  }

  /** One master step through the protocol: sample, availability, device rounds, aggregate (retry when masks do not cancel). */
  private async protocolStep(step: number, attackNow: boolean): Promise<void> {
    const all = Int32Array.from({ length: this.config.users }, (_, u) => u);
    const rng = deriveRng(this.config.seed, "sampling", step);
    let plan = this.strategy.configureRound(step, { available: all, attempt: 0 }, rng);
    this.counts.sampled += plan.clients.length;
    const alive = this.available(plan.clients, step);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) plan = this.strategy.configureRound(step, { available: Int32Array.from(this.gate.pending.keys()), attempt }, rng);
      this.gate.open();
      const asked = attempt === 0 ? alive : plan.clients;
      await pool(asked, this.concurrency(), (u) => this.device(u, true));
      const replies = [...this.gate.pending.values()];
      if (replies.length === 0) return;
      if (attackNow && attempt === 0) this.attack(replies, plan.broadcast);
      const outcome = this.strategy.aggregate(step, replies);
      if (outcome.ok) {
        this.counts.dpSteps++;
        return;
      }
      this.counts.failedAttempts++;
    }
    throw new Error(`round ${step}: aggregation failed after 3 attempts`);
  }

  /** One master step by the exact factored aggregate (simulation fast path); bandwidth counted as the protocol's. */
  private fastStep(step: number, R: Csr): void {
    const all = Int32Array.from({ length: this.config.users }, (_, u) => u);
    const plan = this.strategy.configureRound(step, { available: all, attempt: 0 }, deriveRng(this.config.seed, "sampling", step));
    this.counts.sampled += plan.clients.length;
    const alive = this.available(plan.clients, step);
    if (alive.length === 0) return;
    const b = plan.broadcast;
    const rounds = this.pooled();
    const keep = this.clientOpts.stateful ? (u: number) => this.locals[u].solved : null;
    const sum = rounds.solveAndAggregate(R, alive, keep, this.config.fcf, this.config.compute);
    for (const u of alive) this.locals[u].solved = true;
    const down = encodeBroadcast(b, "f64").byteLength;
    for (const u of alive) {
      this.analytic.down += down + GRADIENTS_ACK.byteLength;
      this.analytic.up += binaryReplyLength({ clientId: u, round: step, attempt: 0, count: 1, metrics: {} }, b.nItems * b.f, "f64");
    }
    const ok = this.strategy.aggregate(step, [{ clientId: 0, round: step, attempt: 0, update: sum, count: alive.length, metrics: {} }]);
    if (!ok.ok) throw new Error(ok.reason);
  }

  private pooled(): PooledClientRounds {
    if (this.rounds === null) throw new Error("the federated fast path has no client-round engine");
    return this.rounds;
  }

  private feedbackMatrix(): Csr {
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (const l of this.locals) {
      for (let k = 0; k < l.items.length; k++) {
        rows.push(l.userId);
        cols.push(l.items[k]);
        vals.push(l.values[k]);
      }
    }
    return csrFromTriplets(this.config.users, this.config.users, rows, cols, vals);
  }

  async train(_round: number, steps: number): Promise<void> {
    const R = this.fastPath ? this.feedbackMatrix() : null;
    for (let s = 0; s < steps; s++) {
      const step = ++this.step;
      if (R !== null) this.fastStep(step, R);
      else await this.protocolStep(step, this.fed.attack && s === 0);
    }
    // every device fetches the final model and computes x_u and its recommendations locally
    const all = Int32Array.from({ length: this.config.users }, (_, u) => u);
    const model = this.strategy.publishModel(this.step);
    if (R !== null) {
      const down = encodeBroadcast(model, "f64").byteLength;
      this.pooled().solve(R, all, this.config.fcf, this.config.compute);
      for (const u of all) this.locals[u].solved = true;
      this.analytic.down += down * all.length;
      this.deviceY = this.state.Y.slice();
    } else {
      await pool(all, this.concurrency(), (u) => this.device(u, false));
    }
  }

  async publishScores(): Promise<TopMScores> {
    const n = this.config.users;
    const m = Math.min(this.config.candidates, n - 1);
    const scores = new TopMScores(n, m);
    const row = new Float64Array(n);
    const idx = new Int32Array(m);
    const val = new Float64Array(m);
    for (let u = 0; u < n; u++) {
      this.scoreUser(u, row);
      setTopM(scores, u, row, m, idx, val);
    }
    return scores;
  }

  scoreUser(u: number, out: Float64Array): void {
    scoreUser(this.state.X, u, this.deviceY, this.state.nItems, this.state.f, out);
  }

  recommendationLists(k: number): Int32Array[] {
    return topKLists(this.config.users, k, (u, out) => this.scoreUser(u, out));
  }

  privacy(rounds: number): PrivacySummary {
    const perClientRound = this.config.users * Math.max(1, rounds);
    const up = this.transport.traffic.up + this.analytic.up;
    const down = this.transport.traffic.down + this.analytic.down;
    const fed = this.fed;
    const q = sampleSize(fed.sampling, this.config.users) / this.config.users;
    return {
      deployment: "federated",
      transport: fed.transport,
      payload: fed.payload,
      bytesUpPerClientRound: up / perClientRound,
      bytesDownPerClientRound: down / perClientRound,
      uploadContains: "gradients",
      secureAggregation: fed.secureAgg === null ? null : { degree: fed.secureAgg.degree, recovery: "retry", failedAttempts: this.counts.failedAttempts },
      dp: fed.dp === null ? null : { ...fed.dp, steps: this.counts.dpSteps, sampleRate: q, epsilon: dpEpsilon(q, fed.dp.noise, this.counts.dpSteps, fed.dp.delta) },
      leakageAuc: this.leak.count > 0 ? this.leak.sum / this.leak.count : null,
      fastPath: this.fastPath,
      rounds: { sampled: this.counts.sampled, dropped: this.counts.dropped, stragglers: this.counts.stragglers },
      uploads: { ...this.gate.counts },
      ...(fed.poisoning === null && fed.robustAgg.kind === "none" ? {} : { poisoning: this.poisoningSummary() }),
    };
  }

  /** The attack, the defence and (promote) the target's exposure in the users' top-10 lists and its mean rank. */
  private poisoningSummary(): PoisoningSummary {
    const p = this.fed.poisoning;
    const r = this.fed.robustAgg;
    const target = p !== null && p.attack.kind === "promote" ? p.attack.target : null;
    let exposure: number | null = null;
    let meanRank: number | null = null;
    if (target !== null) {
      const n = this.config.users;
      const row = new Float64Array(n);
      let inTop = 0;
      let rankSum = 0;
      for (let u = 0; u < n; u++) {
        if (u === target) continue;
        this.scoreUser(u, row);
        let rank = 1;
        const s = row[target];
        for (let v = 0; v < n; v++) if (v !== u && v !== target && row[v] > s) rank++;
        rankSum += rank;
        if (rank <= 10) inTop++;
      }
      exposure = inTop / (n - 1);
      meanRank = rankSum / (n - 1);
    }
    return {
      maliciousClients: this.malicious === null ? 0 : this.malicious.reduce((a, b) => a + b, 0),
      attack: p === null ? "none" : p.attack.kind === "promote" ? `promote:${p.attack.target}` : p.attack.kind,
      robustAgg: r.kind === "norm-bound" ? `norm-bound:${r.bound ?? "median"}` : r.kind === "trimmed-mean" ? `trimmed-mean:${r.trim}` : r.kind,
      promotedExposure: exposure,
      promotedMeanRank: meanRank,
    };
  }

  async close(): Promise<void> {
    await this.rounds?.close();
    await this.transport.close();
  }
}
