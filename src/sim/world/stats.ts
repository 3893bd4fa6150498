/**
 * The world's own figures, measured the way the real data were, printed beside DESIGN §3's targets
 * (speed dating: variance shares of "like", yes and match rates, reciprocity; messaging networks:
 * messages per pair). Every figure is measured on pairs meeting for the first time (no history).
 */
import { type Rng, negativeBinomial, permutation, randInt } from "../../core/rng.js";
import type { World } from "./world.js";

/** One measured figure and its real-data target (null when there is none). */
export interface WorldStat {
  name: string;
  value: number;
  target: number | null;
  note: string;
}

/**
 * Measures the world's calibration figures. Variance shares: two-way random-effects ANOVA (no
 * replication) on a fully crossed sample of `raters` × `raters` disjoint users,
 *   σ²_rater = (MS_rows − MS_res)/P, σ²_partner = (MS_cols − MS_res)/R, σ²_pair+noise = MS_res,
 * each divided by their sum. Dates: `dates` random first meetings (u, v), messages both ways drawn as in
 * a conversation; dec_uv = [u sends ≥ 1 message], mutual = dec_uv·dec_vu, messages per pair = u→v + v→u
 * among pairs with ≥ 1 message.
 */
export function worldStats(world: World, rng: Rng, opts?: { raters?: number; dates?: number }): WorldStat[] {
  const R = Math.min(opts?.raters ?? 150, Math.floor(world.n / 2));
  const D = opts?.dates ?? 20000;
  if (R < 2) throw new Error(`worldStats needs at least 4 users (got ${world.n})`);
  if (!(D >= 2)) throw new Error(`worldStats needs at least 2 dates (got ${D})`);
  const shares = anovaShares(world, rng, R);

  const size = world.params.messageSize;
  const likeA = new Float64Array(D);
  const likeB = new Float64Array(D);
  const decA = new Float64Array(D);
  const decB = new Float64Array(D);
  const perPair: number[] = [];
  let yes = 0;
  let mutual = 0;
  for (let t = 0; t < D; t++) {
    const u = randInt(rng, world.n);
    let v = randInt(rng, world.n - 1);
    if (v >= u) v += 1;
    likeA[t] = world.like(u, v);
    likeB[t] = world.like(v, u);
    const muv = negativeBinomial(rng, world.messageMean(u, world.affinity(u, v)), size);
    const mvu = negativeBinomial(rng, world.messageMean(v, world.affinity(v, u)), size);
    decA[t] = muv > 0 ? 1 : 0;
    decB[t] = mvu > 0 ? 1 : 0;
    yes += decA[t] + decB[t];
    mutual += decA[t] * decB[t];
    if (muv + mvu > 0) perPair.push(muv + mvu);
  }
  const msgs = Float64Array.from(perPair).sort();
  let mean = 0;
  for (const x of msgs) mean += x;
  mean /= Math.max(1, msgs.length);
  let vr = 0;
  for (const x of msgs) vr += (x - mean) * (x - mean);
  vr /= Math.max(1, msgs.length - 1);
  const stat = (name: string, value: number, target: number | null, note: string): WorldStat => ({ name, value, target, note });
  return [
    stat("like.raterShare", shares[0], 0.34, `variance share of like due to the rater (ANOVA on ${R}×${R} users)`),
    stat("like.partnerShare", shares[1], 0.18, "variance share of like due to the partner"),
    stat("like.pairShare", shares[2], 0.48, "variance share of like that is pair-specific plus noise"),
    stat("date.yesRate", yes / (2 * D), 0.42, `share of directed first dates with ≥ 1 message sent (${D} dates)`),
    stat("date.mutualRate", mutual / D, 0.165, "share of first dates where both send ≥ 1 message"),
    stat("date.corrLike", pearson(likeA, likeB), 0.12, "corr(like_uv, like_vu) over first dates"),
    stat("date.corrDec", pearson(decA, decB), -0.05, "corr(dec_uv, dec_vu) over first dates"),
    stat("messages.median", quantile(msgs, 0.5), 2, `messages per pair (u→v + v→u) over pairs with ≥ 1 (${msgs.length} pairs)`),
    stat("messages.p90", quantile(msgs, 0.9), 9, "90th percentile of messages per pair"),
    stat("messages.p99", quantile(msgs, 0.99), 36, "99th percentile of messages per pair"),
    stat("messages.varianceToMean", mean > 0 ? vr / mean : Number.NaN, 15, "variance/mean of messages per pair (1 = Poisson)"),
    stat("messages.mean", mean, null, "mean messages per pair with ≥ 1"),
  ];
}

/** Rater, partner and residual variance shares of like on disjoint random sets of R raters and R partners. */
function anovaShares(world: World, rng: Rng, R: number): [number, number, number] {
  const perm = permutation(rng, world.n);
  const y = new Float64Array(R * R);
  const rowMean = new Float64Array(R);
  const colMean = new Float64Array(R);
  let grand = 0;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < R; j++) {
      const x = world.like(perm[i], perm[R + j]);
      y[i * R + j] = x;
      rowMean[i] += x / R;
      colMean[j] += x / R;
      grand += x / (R * R);
    }
  }
  let ssRow = 0;
  let ssCol = 0;
  let ssRes = 0;
  for (let i = 0; i < R; i++) ssRow += R * (rowMean[i] - grand) ** 2;
  for (let j = 0; j < R; j++) ssCol += R * (colMean[j] - grand) ** 2;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < R; j++) ssRes += (y[i * R + j] - rowMean[i] - colMean[j] + grand) ** 2;
  }
  const msRes = ssRes / ((R - 1) * (R - 1));
  const vRow = Math.max(0, (ssRow / (R - 1) - msRes) / R);
  const vCol = Math.max(0, (ssCol / (R - 1) - msRes) / R);
  const tot = vRow + vCol + msRes;
  return [vRow / tot, vCol / tot, msRes / tot];
}

/** Pearson correlation of two equal-length samples (NaN when either is constant). */
function pearson(a: Float64Array, b: Float64Array): number {
  const m = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < m; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= m;
  mb /= m;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < m; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/** Quantile of a sorted sample by the nearest-rank rule (value at rank ⌈q·m⌉); NaN when empty. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
