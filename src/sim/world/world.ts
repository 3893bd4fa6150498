/**
 * The simulated world of DESIGN §3: n users with hidden traits, a latent directed "like" score computed on
 * demand from per-user traits plus hashed pair noise (no n×n matrix anywhere), utilities that decay with
 * repeated meetings and recover with time, and conversations whose message counts are over-dispersed.
 * The world is seeded: every draw comes from a generator derived from the seed for one concern.
 */
import { type Rng, deriveRng, gamma, negativeBinomial, normal, randInt } from "../../core/rng.js";
import type { AffinityScores } from "../../core/groups/types.js";
import { topK } from "../../core/linalg/topk.js";
import type { ClientView } from "../client-view.js";
import { type WorldParams, validateWorldParams } from "./params.js";
import { hashNormal } from "./hash.js";
import { PairHistory } from "./history.js";

/** What one round of conversations produced. */
export interface RoundOutcome {
  round: number;
  /** One view per grouped user, in group order. */
  views: ClientView[];
  /** satisfaction[u] = mean over u's partners v of utility(u, v, round); NaN for users in no group. */
  satisfaction: Float64Array;
}

/** Up to this many users, the oracle's candidate lists are exact (every other user is scanned). */
export const EXACT_CANDIDATE_LIMIT = 5000;
/** Extra length of a cached static ranking, so it is not recomputed every round as meetings grow. */
const STATIC_RANK_SLACK = 64;
/** Above the limit, size of each of the three candidate pools scanned by the oracle. */
const CANDIDATE_POOL = 2048;

/** The population, its hidden traits, its meeting history and its conversations. */
export class World {
  readonly n: number;
  readonly params: Readonly<WorldParams>;
  private readonly seed: string | number;
  private readonly K: number;
  private readonly d: number;
  /** Scaled rater effects σ√s_r·z (logit units). */
  private readonly rater: Float64Array;
  /** Scaled partner effects σ√s_p·z (logit units): attractiveness. */
  private readonly partner: Float64Array;
  private readonly soc: Float64Array;
  /** Community mixtures w_u (n×K, rows sum to 1). */
  private readonly mix: Float32Array;
  private readonly taste: Float32Array;
  private readonly trait: Float32Array;
  private readonly primary: Int32Array;
  /** Members grouped by primary community: members of c are commMembers[commStart[c] .. commStart[c+1]). */
  private readonly commStart: Int32Array;
  private readonly commMembers: Int32Array;
  /** Round before which user u leaves for good (present iff round < departure[u]); null without churn. */
  private readonly departure: Int32Array | null;
  private readonly symScale: number;
  private readonly symMean: number;
  private readonly asymScale: number;
  private readonly noiseScale: number;
  private readonly hash1: number;
  private readonly hash2: number;
  private readonly history: PairHistory;
  private lastRound = 0;
  private mostAttractive: Int32Array | null = null;
  /** Meetings each user has had (an upper bound on its distinct earlier partners). */
  private readonly meetings: Int32Array;
  /** Per user (exact oracle only): other users sorted by static like score, long enough for the current meetings. */
  private readonly staticRank: Array<Int32Array | null>;

  /** Draws the population: n users' traits from deriveRng(seed, "world", "traits"). */
  constructor(n: number, params: WorldParams, seed: string | number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`World needs an integer n ≥ 1 (got ${n})`);
    validateWorldParams(params);
    this.n = n;
    this.params = Object.freeze({ ...params });
    this.seed = seed;
    const K = (this.K = params.communities);
    const d = (this.d = params.dims);
    const total = params.raterShare + params.partnerShare + params.symPairShare + params.asymPairShare + params.noiseShare;
    const sd = params.likeSd;
    const raterSd = sd * Math.sqrt(params.raterShare / total);
    const partnerSd = sd * Math.sqrt(params.partnerShare / total);
    // w_u ~ Dirichlet(α·1_K): E[w_u·w_v] = 1/K, Var from the Dirichlet moments (independent u, v).
    const a = params.concentration;
    const a0 = K * a;
    const eSq = (a * (a + 1)) / (a0 * (a0 + 1));
    const eCross = (a * a) / (a0 * (a0 + 1));
    const simVar = K * eSq * eSq + K * (K - 1) * eCross * eCross - 1 / (K * K);
    this.symMean = 1 / K;
    this.symScale = simVar > 1e-15 ? (sd * Math.sqrt(params.symPairShare / total)) / Math.sqrt(simVar) : 0;
    this.asymScale = (sd * Math.sqrt(params.asymPairShare / total)) / Math.sqrt(d);
    this.noiseScale = sd * Math.sqrt(params.noiseShare / total);

    this.rater = new Float64Array(n);
    this.partner = new Float64Array(n);
    this.soc = new Float64Array(n);
    this.mix = new Float32Array(n * K);
    this.taste = new Float32Array(n * d);
    this.trait = new Float32Array(n * d);
    this.primary = new Int32Array(n);
    const rng = deriveRng(seed, "world", "traits");
    const rho = params.sociabilityPartnerCorr;
    const rpc = params.raterPartnerCorr;
    const ss = params.sociabilitySpread;
    const w = new Float64Array(K);
    for (let u = 0; u < n; u++) {
      const zp = normal(rng);
      const zr = rpc * zp + Math.sqrt(1 - rpc * rpc) * normal(rng);
      const zs = rho * zp + Math.sqrt(1 - rho * rho) * normal(rng);
      this.rater[u] = raterSd * zr;
      this.partner[u] = partnerSd * zp;
      this.soc[u] = Math.exp(ss * zs - (ss * ss) / 2);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += w[k] = K === 1 ? 1 : gamma(rng, a) + 1e-300;
      let best = 0;
      for (let k = 0; k < K; k++) {
        this.mix[u * K + k] = w[k] / sum;
        if (w[k] > w[best]) best = k;
      }
      this.primary[u] = best;
      for (let j = 0; j < d; j++) this.taste[u * d + j] = normal(rng);
      for (let j = 0; j < d; j++) this.trait[u * d + j] = normal(rng);
    }
    this.commStart = new Int32Array(K + 1);
    for (let u = 0; u < n; u++) this.commStart[this.primary[u] + 1]++;
    for (let k = 0; k < K; k++) this.commStart[k + 1] += this.commStart[k];
    this.commMembers = new Int32Array(n);
    const fill = this.commStart.slice(0, K);
    for (let u = 0; u < n; u++) this.commMembers[fill[this.primary[u]]++] = u;

    const hr = deriveRng(seed, "world", "hash");
    this.hash1 = Math.floor(hr() * 4294967296) >>> 0;
    this.hash2 = Math.floor(hr() * 4294967296) >>> 0;
    this.departure = params.churn > 0 ? drawDepartures(n, params.churn, deriveRng(seed, "world", "churn")) : null;
    this.history = new PairHistory(n, params.recoveryRounds);
    this.meetings = new Int32Array(n);
    this.staticRank = n <= EXACT_CANDIDATE_LIMIT ? new Array<Int32Array | null>(n).fill(null) : [];
  }

  /**
   * Latent directed like score L_uv = μ + r_u + p_v + s_sym·(w_u·w_v − 1/K) + s_asym·taste_uᵀtrait_v
   * + s_e·ε(seed, u, v), with ε a hashed standard normal. Deterministic, O(K + d).
   */
  like(u: number, v: number): number {
    const K = this.K;
    const d = this.d;
    let sim = 0;
    for (let k = 0, ou = u * K, ov = v * K; k < K; k++) sim += this.mix[ou + k] * this.mix[ov + k];
    let ta = 0;
    for (let j = 0, ou = u * d, ov = v * d; j < d; j++) ta += this.taste[ou + j] * this.trait[ov + j];
    return (
      this.params.baseLevel +
      this.rater[u] +
      this.partner[v] +
      this.symScale * (sim - this.symMean) +
      this.asymScale * ta +
      this.noiseScale * hashNormal(this.hash1, this.hash2, u, v)
    );
  }

  /** True directed affinity a_uv = logistic(L_uv) ∈ (0, 1): asymmetric, homophilous. */
  affinity(u: number, v: number): number {
    return 1 / (1 + Math.exp(-this.like(u, v)));
  }

  /**
   * Worth to u of meeting v at `round`: a_uv · δ^eff_uv(round), δ = repeatUtilityDecay and
   * eff_uv(t) = Σ_{earlier meetings m, t_m < t} exp(−(t − t_m)/recoveryRounds).
   */
  utility(u: number, v: number, round: number): number {
    const a = this.affinity(u, v);
    const eff = this.history.effective(u, v, round);
    return eff === 0 ? a : a * Math.pow(this.params.repeatUtilityDecay, eff);
  }

  /** Effective number of earlier meetings of {u, v} before `round` (the exponent of the utility decay). */
  effectiveMeetings(u: number, v: number, round: number): number {
    return this.history.effective(u, v, round);
  }

  /** Mean of the message count u→v: messageMean · soc_u · utility^κ. */
  messageMean(u: number, utility: number): number {
    const k = this.params.messageAffinityExponent;
    return this.params.messageMean * this.soc[u] * (k === 1 ? utility : Math.pow(utility, k));
  }

  /** Sociability soc_u (mean 1 over the population). */
  sociability(u: number): number {
    return this.soc[u];
  }

  /** Primary community of u: argmax_k w_uk. */
  community(u: number): number {
    return this.primary[u];
  }

  /**
   * Ids present in `round` (ascending): users not yet departed (churn) who are not absent this round.
   * Absence draws come from deriveRng(seed, "world", "absence", round), one per user.
   */
  present(round: number): Int32Array {
    const { absence } = this.params;
    const dep = this.departure;
    if (absence === 0 && dep === null) {
      const all = new Int32Array(this.n);
      for (let u = 0; u < this.n; u++) all[u] = u;
      return all;
    }
    const rng = absence > 0 ? deriveRng(this.seed, "world", "absence", round) : null;
    const out = new Int32Array(this.n);
    let m = 0;
    for (let u = 0; u < this.n; u++) {
      const away = rng !== null && rng() < absence;
      if (!away && (dep === null || round < dep[u])) out[m++] = u;
    }
    return out.slice(0, m);
  }

  /**
   * Runs one round of conversations. In every group, each member u sends each other member v
   * NegBin(mean = messageMean(u, utility(u, v, round)), size) messages, drawn in group order from
   * deriveRng(seed, "world", "round", round). Utilities use the history before this round; then every
   * pair of the group is recorded as having met. Groups must be disjoint; rounds must not decrease.
   */
  converse(round: number, groups: Int32Array[]): RoundOutcome {
    if (!Number.isInteger(round) || round < 1) throw new Error(`round must be an integer ≥ 1 (got ${round})`);
    if (round < this.lastRound) throw new Error(`round ${round} comes after round ${this.lastRound}`);
    this.lastRound = round;
    const n = this.n;
    const seen = new Uint8Array(n);
    let slots = 0;
    for (const g of groups) {
      for (let i = 0; i < g.length; i++) {
        const u = g[i];
        if (!Number.isInteger(u) || u < 0 || u >= n) throw new Error(`user id ${u} out of range [0, ${n})`);
        if (seen[u] === 1) throw new Error(`user ${u} is in more than one group in round ${round}`);
        seen[u] = 1;
      }
      slots += g.length * (g.length - 1);
    }
    const partners = new Int32Array(slots);
    const sent = new Int32Array(slots);
    const received = new Int32Array(slots);
    const util = new Float64Array(slots);
    const satisfaction = new Float64Array(n).fill(Number.NaN);
    const views: ClientView[] = [];
    const rng = deriveRng(this.seed, "world", "round", round);
    const size = this.params.messageSize;
    let base = 0;
    for (const g of groups) {
      const k = g.length;
      const w = k - 1;
      for (let i = 0; i < k; i++) {
        const u = g[i];
        let s = 0;
        for (let j = 0, o = base + i * w; j < k; j++) {
          if (j === i) continue;
          const x = this.utility(u, g[j], round);
          partners[o] = g[j];
          util[o++] = x;
          s += x;
        }
        satisfaction[u] = w > 0 ? s / w : Number.NaN;
      }
      for (let o = base; o < base + k * w; o++) {
        sent[o] = negativeBinomial(rng, this.messageMean(g[((o - base) / w) | 0], util[o]), size);
      }
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          if (j === i) continue;
          // slot of (j → i) in j's block: i's position among j's partners
          received[base + i * w + (j < i ? j : j - 1)] = sent[base + j * w + (i < j ? i : i - 1)];
        }
      }
      for (let i = 0; i < k; i++) {
        const o = base + i * w;
        views.push({ userId: g[i], round, partners: partners.subarray(o, o + w), sent: sent.subarray(o, o + w), received: received.subarray(o, o + w) });
        this.meetings[g[i]] += w;
        for (let j = i + 1; j < k; j++) this.history.record(g[i], g[j], round);
      }
      base += k * w;
    }
    return { round, views, satisfaction };
  }

  /**
   * The oracle's view at `round`: score(i, j) = utility(i, j, round); candidates(i) = i's `candidates`
   * best others by utility, best first, computed lazily per user and cached for this view. For
   * n ≤ EXACT_CANDIDATE_LIMIT every other user is scanned (exact). Above it the list is APPROXIMATE: only
   * a pool is scanned — 2048 seeded uniform users (deriveRng(seed, "world", "oracle", round, i)), 2048
   * seeded members of i's primary community, and the 2048 most attractive users (largest partner
   * effect) — so a top partner outside the pool can be missed. Scores are always exact.
   */
  trueScores(round: number, candidates: number): AffinityScores {
    const n = this.n;
    const k = Math.max(0, Math.min(Math.floor(candidates), n - 1));
    const cache = new Map<number, Int32Array>();
    const exact = n <= EXACT_CANDIDATE_LIMIT;
    const scratch = new Float64Array(exact ? n : 3 * CANDIDATE_POOL);
    return {
      n,
      score: (i: number, j: number): number => this.utility(i, j, round),
      candidates: (i: number): Int32Array => {
        const hit = cache.get(i);
        if (hit !== undefined) return hit;
        const out = exact ? this.exactCandidates(i, round, k, scratch) : this.pooledCandidates(i, round, k, scratch);
        cache.set(i, out);
        return out;
      },
    };
  }

  /**
   * Exact top-k by utility without scanning everyone each round: utility ≤ affinity, and only the pairs
   * i has met are reduced, so the top-k by utility lies within i's top (k + meetings_i) by the static
   * like score. That static ranking is computed once per user and extended only when i's meetings
   * outgrow it. Exact up to the order of exactly tied utilities.
   */
  private exactCandidates(i: number, round: number, k: number, scores: Float64Array): Int32Array {
    const need = Math.min(this.n - 1, k + this.meetings[i]);
    let ranked = this.staticRank[i];
    if (ranked === null || ranked.length < need) {
      const length = Math.min(this.n - 1, need + STATIC_RANK_SLACK);
      for (let v = 0; v < this.n; v++) scores[v] = v === i ? Number.NaN : this.like(i, v);
      ranked = new Int32Array(length);
      topK(scores, length, ranked, null, null);
      this.staticRank[i] = ranked;
    }
    const view = scores.subarray(0, need);
    for (let s = 0; s < need; s++) view[s] = this.utility(i, ranked[s], round);
    const idx = new Int32Array(Math.min(k, need));
    const m = topK(view, idx.length, idx, null, null);
    for (let s = 0; s < m; s++) idx[s] = ranked[idx[s]];
    return m < idx.length ? idx.slice(0, m) : idx;
  }

  private pooledCandidates(i: number, round: number, k: number, scores: Float64Array): Int32Array {
    const rng = deriveRng(this.seed, "world", "oracle", round, i);
    const pool = new Int32Array(3 * CANDIDATE_POOL);
    const c = this.primary[i];
    const c0 = this.commStart[c];
    const cn = this.commStart[c + 1] - c0;
    const top = this.attractive();
    for (let s = 0; s < CANDIDATE_POOL; s++) {
      pool[s] = randInt(rng, this.n);
      pool[CANDIDATE_POOL + s] = this.commMembers[c0 + randInt(rng, cn)];
      pool[2 * CANDIDATE_POOL + s] = top[s];
    }
    pool.sort();
    let m = 0;
    for (let s = 0; s < pool.length; s++) {
      if (pool[s] !== i && (m === 0 || pool[s] !== pool[m - 1])) pool[m++] = pool[s];
    }
    const view = scores.subarray(0, m);
    for (let s = 0; s < m; s++) view[s] = this.utility(i, pool[s], round);
    const kk = Math.min(k, m);
    const idx = new Int32Array(kk);
    topK(view, kk, idx, null, null);
    for (let s = 0; s < kk; s++) idx[s] = pool[idx[s]];
    return idx;
  }

  /** The CANDIDATE_POOL users with the largest partner effect (computed once). */
  private attractive(): Int32Array {
    if (this.mostAttractive === null) {
      const k = Math.min(CANDIDATE_POOL, this.n);
      const idx = new Int32Array(k);
      topK(this.partner, k, idx, null, null);
      const top = new Int32Array(CANDIDATE_POOL);
      for (let s = 0; s < CANDIDATE_POOL; s++) top[s] = idx[s % k];
      this.mostAttractive = top;
    }
    return this.mostAttractive;
  }
}

/** Departure rounds G_u with P(G_u > t) = (1 − churn)^t: present in round t iff t < G_u. */
function drawDepartures(n: number, churn: number, rng: Rng): Int32Array {
  const dep = new Int32Array(n);
  const lq = Math.log(1 - churn);
  for (let u = 0; u < n; u++) {
    let x = rng();
    while (x <= 0) x = rng();
    const g = Math.floor(Math.log(x) / lq) + 1;
    dep[u] = g > 2147483647 || !Number.isFinite(g) ? 2147483647 : g;
  }
  return dep;
}
