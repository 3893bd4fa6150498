/**
 * The tunable knobs of the simulated world (DESIGN §3) and their calibrated defaults.
 *
 * The latent directed "like" score is
 *   L_uv = μ + σ·(√s_r·r_u + √s_p·p_v + √s_s·sym(u,v) + √s_a·asym(u,v) + √s_e·ε_uv),
 * with every component standardised to unit variance, so the shares s_* are the variance shares of L.
 * Affinity a_uv = logistic(L_uv); messages u→v ~ NegBin(mean = m̄·soc_u·utility_uv, size).
 */

/** Every tunable parameter of the world. Shares need not sum to 1: they are normalised. */
export interface WorldParams {
  /** K ≥ 1 communities; each user has a Dirichlet mixture over them (homophily). */
  communities: number;
  /** Dirichlet concentration α per community (small α ⇒ users sit mostly in one community). */
  concentration: number;
  /** d ≥ 1, dimension of the asymmetric taste (rater side) × trait (partner side) term. */
  dims: number;
  /** Variance share of the rater effect r_u ("some people like everyone"). */
  raterShare: number;
  /** Variance share of the partner effect p_v ("some people are liked by everyone", attractiveness). */
  partnerShare: number;
  /** Variance share of the symmetric pair term (standardised community-mixture similarity w_u·w_v). */
  symPairShare: number;
  /** Variance share of the asymmetric low-rank pair term (taste_u · trait_v / √d), learnable. */
  asymPairShare: number;
  /** Variance share of the hashed iid pair noise ε_uv, not learnable. */
  noiseShare: number;
  /** σ, the standard deviation of L (logit scale). */
  likeSd: number;
  /** μ, the base level of L (logit of the typical affinity). */
  baseLevel: number;
  /** m̄, messages u→v per meeting at utility 1 and sociability 1 (the NB mean scales linearly). */
  messageMean: number;
  /** Negative-binomial size r (dispersion): variance = mean + mean²/r. */
  messageSize: number;
  /** Standard deviation of log-sociability; soc_u = exp(σ_soc·z_u − σ_soc²/2) has mean 1. */
  sociabilitySpread: number;
  /** corr(z_u, p_u) between log-sociability and attractiveness, in (−1, 1); negative = "popular people are choosy". */
  sociabilityPartnerCorr: number;
  /** corr(r_u, p_u) between a user's rater and partner effects, in (−1, 1); negative = "attractive people are choosier". */
  raterPartnerCorr: number;
  /** κ ≥ 0: messages u→v have mean m̄·soc_u·utility^κ — how strongly message volume reveals affinity. */
  messageAffinityExponent: number;
  /** Factor in (0, 1] multiplying the utility of meeting v again, per effective earlier meeting. */
  repeatUtilityDecay: number;
  /** Recovery time R > 0 (rounds): eff_uv(t) = Σ_m exp(−(t − t_m)/R) over earlier meetings m. */
  recoveryRounds: number;
  /** Probability in [0, 1) that a user still in the population skips a given round. */
  absence: number;
  /** Probability in [0, 1) per round that a user leaves for good (geometric departure round). */
  churn: number;
}

/**
 * Defaults calibrated against DESIGN §3 (random search over random first dates, n = 20 000, seeds 1–2;
 * `fedrec simulate --users 20000 --world-stats`): like-variance shares ≈ 35/18–22/43–47 % (target
 * 34/18/48). The pair part is mostly homophily (4 fairly pure communities, share 0.40), which is only
 * compatible with the weak reciprocity target because attractive people are choosier
 * (raterPartnerCorr −0.6): corr(like, like_o) ≈ 0.10 (0.12). Yes ≈ 0.40 (0.42), mutual ≈ 0.15 (0.165),
 * corr(dec, dec_o) ≈ −0.05 (−0.05). Messages per pair: median 3 (2), p90 15 (9), p99 ≈ 45 (36),
 * variance/mean ≈ 16 (15) — the upper tail is heavier than the target, the price of message volume that
 * reveals affinity (messageAffinityExponent ≈ 2.8). Why these choices: with 8 weak communities and
 * volume ∝ utility, neither FCF, ALS nor a spectral estimator recovered any pair-specific structure
 * from 90 random meetings per user, and rater/partner effects sum to a constant over any partition,
 * so no learned policy could beat random; this world keeps the targets close while making the pair
 * structure learnable. 92 % of the like variance is structure (rater, partner, community, taste×trait).
 */
export const DEFAULT_WORLD_PARAMS: WorldParams = {
  communities: 4,
  concentration: 0.1,
  dims: 4,
  raterShare: 0.34,
  partnerShare: 0.18,
  symPairShare: 0.4,
  asymPairShare: 0.05,
  noiseShare: 0.03,
  likeSd: 1.5,
  baseLevel: -0.2,
  messageMean: 7.97,
  messageSize: 1.12,
  sociabilitySpread: 0.77,
  sociabilityPartnerCorr: -0.82,
  raterPartnerCorr: -0.6,
  messageAffinityExponent: 2.755,
  repeatUtilityDecay: 0.5,
  recoveryRounds: 10,
  absence: 0,
  churn: 0,
};

/** Throws an Error naming every invalid field of `p` (all at once), so a bad config fails early. */
export function validateWorldParams(p: WorldParams): void {
  const bad: string[] = [];
  const need = (ok: boolean, msg: string): void => {
    if (!ok) bad.push(msg);
  };
  need(Number.isInteger(p.communities) && p.communities >= 1, `communities must be an integer ≥ 1 (got ${p.communities})`);
  need(p.concentration > 0 && Number.isFinite(p.concentration), `concentration must be > 0 (got ${p.concentration})`);
  need(Number.isInteger(p.dims) && p.dims >= 1, `dims must be an integer ≥ 1 (got ${p.dims})`);
  const shares = { raterShare: p.raterShare, partnerShare: p.partnerShare, symPairShare: p.symPairShare, asymPairShare: p.asymPairShare, noiseShare: p.noiseShare };
  for (const [k, v] of Object.entries(shares)) need(v >= 0 && Number.isFinite(v), `${k} must be ≥ 0 (got ${v})`);
  need(Object.values(shares).reduce((a, b) => a + b, 0) > 0, "the variance shares must not all be 0");
  need(p.likeSd >= 0 && Number.isFinite(p.likeSd), `likeSd must be ≥ 0 (got ${p.likeSd})`);
  need(Number.isFinite(p.baseLevel), `baseLevel must be finite (got ${p.baseLevel})`);
  need(p.messageMean > 0 && Number.isFinite(p.messageMean), `messageMean must be > 0 (got ${p.messageMean})`);
  need(p.messageSize > 0 && Number.isFinite(p.messageSize), `messageSize must be > 0 (got ${p.messageSize})`);
  need(p.sociabilitySpread >= 0 && Number.isFinite(p.sociabilitySpread), `sociabilitySpread must be ≥ 0 (got ${p.sociabilitySpread})`);
  need(p.messageAffinityExponent >= 0 && Number.isFinite(p.messageAffinityExponent), `messageAffinityExponent must be ≥ 0 (got ${p.messageAffinityExponent})`);
  need(p.raterPartnerCorr > -1 && p.raterPartnerCorr < 1, `raterPartnerCorr must be in (−1, 1) (got ${p.raterPartnerCorr})`);
  need(p.sociabilityPartnerCorr > -1 && p.sociabilityPartnerCorr < 1, `sociabilityPartnerCorr must be in (−1, 1) (got ${p.sociabilityPartnerCorr})`);
  need(p.repeatUtilityDecay > 0 && p.repeatUtilityDecay <= 1, `repeatUtilityDecay must be in (0, 1] (got ${p.repeatUtilityDecay})`);
  need(p.recoveryRounds > 0, `recoveryRounds must be > 0 (got ${p.recoveryRounds})`);
  need(p.absence >= 0 && p.absence < 1, `absence must be in [0, 1) (got ${p.absence})`);
  need(p.churn >= 0 && p.churn < 1, `churn must be in [0, 1) (got ${p.churn})`);
  if (bad.length > 0) throw new Error(`invalid world parameters: ${bad.join("; ")}`);
}
