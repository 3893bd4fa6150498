/**
 * The pair weight every optimising policy maximises (DESIGN §4), in one place:
 *   w_ij = m_ij − λ_rep · c_eff(i, j)² + explore_ij − FORBIDDEN · [i, j blocked or met ≥ N times],
 * with m_ij = AGG(â_ij, â_ji). Greedy and local search read the same weights, so "the objective" is one
 * function whatever the policy. Symmetric in i and j; exploration noise is a hash of the unordered pair
 * and a per-round salt drawn from the policy's rng, so it is the same value whichever side asks.
 */
import { mutualScore } from "./mutual.js";
import type { Exploration, GroupingInput } from "./types.js";

/** Weight of a forbidden pair: larger than any sum of real weights a group can have. */
export const FORBIDDEN = 1e9;

/** A uniform [0, 1) value for the unordered pair {i, j} under `salt` (a 32-bit integer mix). */
export function pairUniform(salt: number, i: number, j: number): number {
  const lo = i < j ? i : j;
  const hi = i < j ? j : i;
  let h = Math.imul(lo ^ salt, 0x9e3779b1) ^ Math.imul(hi + 0x632be5ab, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Exact pair weights for one round's grouping input. */
export class PairWeights {
  private readonly input: GroupingInput;
  private readonly lambda: number;
  private readonly neverAgain: number;
  private readonly exploration: Exploration;
  private readonly salt: number;
  /** ε-greedy: 1 for users exploring this round (indexed by id). */
  private readonly exploring: Uint8Array | null;
  private readonly ucbLog: number;

  /**
   * @param lambda the repetition-penalty weight actually used (0 for the penalty-free variants)
   * Draws the exploration salt and, for ε-greedy, each present user's coin from input.rng (in `present` order).
   */
  constructor(input: GroupingInput, lambda: number) {
    this.input = input;
    this.lambda = lambda;
    this.neverAgain = input.neverAgainAfter ?? 0;
    this.exploration = input.exploration ?? { kind: "none" };
    this.salt = 0;
    this.exploring = null;
    this.ucbLog = Math.log(input.round + 1);
    if (this.exploration.kind !== "none") this.salt = Math.floor(input.rng() * 4294967296) | 0;
    if (this.exploration.kind === "epsilon") {
      const e = new Uint8Array(input.scores.n);
      for (let t = 0; t < input.present.length; t++) if (input.rng() < this.exploration.epsilon) e[input.present[t]] = 1;
      this.exploring = e;
    }
  }

  /**
   * An upper bound on w_ij over present pairs, for pruning in local search: the largest directed score of
   * any present user's first (best) candidate, raised by the exploration's largest bonus; +∞ with softmax
   * noise. Assumes, as both score sources guarantee, that a user's unlisted scores do not exceed its first
   * candidate's.
   */
  upperBound(): number {
    const inp = this.input;
    let best = -Infinity;
    for (let t = 0; t < inp.present.length; t++) {
      const u = inp.present[t];
      const c = inp.scores.candidates(u);
      if (c.length > 0) best = Math.max(best, inp.scores.score(u, c[0]));
      else best = Infinity;
    }
    const ex = this.exploration;
    if (ex.kind === "softmax" || !Number.isFinite(best)) return Infinity;
    if (ex.kind === "epsilon") best = Math.max(best, 1);
    if (ex.kind === "ucb") best += ex.bonus * Math.sqrt(this.ucbLog);
    return best;
  }

  /** True when i and j must never share a group (blocked pair or the never-again rule). */
  forbidden(i: number, j: number): boolean {
    if (this.input.blocked !== undefined && this.input.blocked.has(i, j)) return true;
    return this.neverAgain > 0 && this.input.history.count(i, j) >= this.neverAgain;
  }

  /** w_ij as above; NaN scores become −FORBIDDEN so they never win. */
  weight(i: number, j: number): number {
    const inp = this.input;
    const c = this.lambda > 0 ? inp.history.decayedCount(i, j, inp.round, inp.repeatDecay) : 0;
    const count = this.needsCount ? inp.history.count(i, j) : 0;
    return this.compose(i, j, inp.scores.score(i, j), inp.scores.score(j, i), c, count);
  }

  /**
   * True when a pair that never met weighs exactly AGG(â_ij, â_ji): no exploration, no blocked pairs, no
   * never-again rule (compose then adds only −λ·0² to the mutual score).
   */
  get plain(): boolean {
    return this.exploration.kind === "none" && this.input.blocked === undefined && this.neverAgain === 0;
  }

  /** λ_rep as used by this round's weights (0 for the penalty-free variants). */
  get repeatWeight(): number {
    return this.lambda;
  }

  /** True when w_ij reads the pair's plain meeting count (UCB bonus or the never-again rule). */
  get needsCount(): boolean {
    return this.exploration.kind === "ucb" || this.neverAgain > 0;
  }

  /** True when w_ij reads the pair's decayed meeting count (a repetition penalty is on). */
  get needsDecayed(): boolean {
    return this.lambda > 0;
  }

  /**
   * An upper bound on w_ij over pairs that never met when â_ij ≤ sij and â_ji ≤ sji (AGG is monotone):
   * the mutual score, raised to 1 under ε-greedy and by the full UCB bonus; +∞ with softmax noise.
   */
  unmetBound(sij: number, sji: number): number {
    const ex = this.exploration;
    if (ex.kind === "softmax") return Infinity;
    let w = mutualScore(sij, sji, this.input.mutual);
    if (ex.kind === "epsilon") w = Math.max(w, 1);
    if (ex.kind === "ucb") w += ex.bonus * Math.sqrt(this.ucbLog);
    return w === w ? w : Infinity;
  }

  /**
   * w_ij from its ingredients, so that callers that already hold them (the candidate graph) skip the
   * lookups: sij = â_ij, sji = â_ji, c = c_eff(i, j) (read only when λ > 0), count = meetings of {i, j}
   * (read only when needsCount). Symmetric: compose(i, j, a, b, …) === compose(j, i, b, a, …) bit for bit.
   */
  compose(i: number, j: number, sij: number, sji: number, c: number, count: number): number {
    let m: number;
    if (this.exploring !== null && (this.exploring[i] === 1 || this.exploring[j] === 1)) m = pairUniform(this.salt, i, j);
    else m = mutualScore(sij, sji, this.input.mutual);
    let w = m;
    const ex = this.exploration;
    if (this.lambda > 0) w -= this.lambda * c * c;
    if (ex.kind === "ucb") w += ex.bonus * Math.sqrt(this.ucbLog / (1 + count));
    if (ex.kind === "softmax") {
      const u = pairUniform(this.salt, i, j);
      w += -ex.temperature * Math.log(-Math.log(u > 0 ? u : 1e-300));
    }
    const blocked = this.input.blocked;
    if ((blocked !== undefined && blocked.has(i, j)) || (this.neverAgain > 0 && count >= this.neverAgain)) w -= FORBIDDEN;
    return w === w ? w : -FORBIDDEN;
  }
}
