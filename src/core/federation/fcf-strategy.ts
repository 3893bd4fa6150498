/**
 * The FCF master as a Strategy (DESIGN §2, §6): samples the round's clients, broadcasts Y and YᵀY,
 * aggregates the replies with a pure Aggregator (plain or secure sum), forms
 * ∂J/∂Y = −2·(n/Σcount)·ΣG_u + 2λY (λ once, here) and takes one Adam step.
 */
import { gram } from "../linalg/kernels.js";
import { shuffleInPlace, type Rng } from "../rng.js";
import type { FcfHyper } from "../fcf/hyper.js";
import { adamStep, masterGradient } from "../fcf/master.js";
import type { FcfState } from "../fcf/train.js";
import { secureAggregator, sumAggregator } from "./aggregators.js";
import { sampleClients } from "./sampling.js";
import { robustAggregator, type RobustAgg } from "./robust.js";
import type { AggregateOutcome, Broadcast, ClientReply, PopulationState, RoundPlan, Sampling, Strategy } from "./types.js";

/** Master options: who is sampled, and whether uploads arrive masked (secure aggregation). */
export interface FcfStrategyOptions {
  sampling: Sampling;
  secureAgg: boolean;
  /** Robust aggregation of plain (unmasked) uploads; absent or "none": the plain sum. */
  robust?: RobustAgg;
}

export class FcfStrategy implements Strategy {
  readonly state: FcfState;
  private readonly hyper: FcfHyper;
  private readonly opts: FcfStrategyOptions;
  private readonly grad: Float64Array;
  private readonly robust: ReturnType<typeof robustAggregator>;
  private current: Broadcast | null = null;
  /** The last aggregated sum Σ G_u and its weight (for tests and audits). */
  lastSum: Float64Array | null = null;
  lastCount = 0;

  constructor(state: FcfState, hyper: FcfHyper, opts: FcfStrategyOptions) {
    this.state = state;
    this.hyper = hyper;
    this.opts = opts;
    this.grad = new Float64Array(state.nItems * state.f);
    this.robust = robustAggregator(opts.robust ?? { kind: "none" });
  }

  /** The broadcast of the open round (what GET /model serves), or null. */
  get broadcast(): Broadcast | null {
    return this.current;
  }

  configureRound(round: number, state: PopulationState, rng: Rng): RoundPlan {
    const clients = state.attempt === 0 ? sampleClients(state.available, this.opts.sampling, rng) : state.available.slice().sort();
    let participants: Int32Array | null = null;
    if (this.opts.secureAgg) {
      participants = clients.slice();
      shuffleInPlace(rng, participants);
    }
    const { Y, YtY, nItems, f } = this.state;
    gram(Y, nItems, f, YtY);
    this.current = { round, attempt: state.attempt, nItems, f, Y, YtY, participants };
    return { clients, broadcast: this.current };
  }

  /** Serves the current model outside a training round (the devices' final GET /model); closes any open round. */
  publishModel(round: number): Broadcast {
    const { Y, YtY, nItems, f } = this.state;
    gram(Y, nItems, f, YtY);
    this.current = { round, attempt: 0, nItems, f, Y, YtY, participants: null };
    return this.current;
  }

  aggregate(round: number, replies: readonly ClientReply[]): AggregateOutcome {
    const b = this.current;
    if (b === null || b.round !== round) return { ok: false, reason: `round ${round} was not configured` };
    for (const r of replies) {
      if (r.round !== round || r.attempt !== b.attempt) return { ok: false, reason: `client ${r.clientId} replied to round ${r.round}.${r.attempt}, expected ${round}.${b.attempt}` };
    }
    const agg = b.participants !== null ? secureAggregator({ participants: b.participants }, replies) : (this.robust ?? sumAggregator)(null, replies);
    if (agg.update === null) return { ok: false, reason: `incomplete round: ${agg.metrics.missing ?? 0} of the participants did not reply` };
    this.lastSum = agg.update;
    this.lastCount = agg.count;
    masterGradient(agg.update, this.state.Y, this.hyper.lambda, this.state.nUsers / agg.count, this.grad);
    adamStep(this.state.adam, this.state.Y, this.grad, this.hyper);
    this.state.round += 1;
    return { ok: true, metrics: { ...agg.metrics, clients: agg.count } };
  }

  evaluate(): Record<string, number> {
    let s = 0;
    for (const v of this.state.Y) s += v * v;
    return { yNorm: Math.sqrt(s), adamSteps: this.state.adam.t };
  }
}
