/**
 * Experiment speed-dating: people-to-people recommendation on real dates. Within each wave, a seeded
 * share of the dates (unordered pairs, both records) is held out; FCF/ALS learns â_ab from the rest with
 * p_ab = 1 when a said yes to b (a "no" is left unobserved, as implicit feedback). On the held-out records
 * we measure the AUC of predicting a's `dec` (one-sided) and the pair's `match` (mutual) with the one-sided
 * score â_ab and the reciprocal scores mean / min / harmonic of (â_ab, â_ba) — mutualScore of src/core/groups.
 * Then the wave's people are paired over rounds by the grouping policies, the training dates recorded as
 * earlier meetings. The realised utility of a meeting a→b is the observed held-out `like`/10 (and dec, match),
 * so it is known only for first meetings of held-out dates. To compare policies on the same footing every
 * policy chooses among the SAME candidate pairs — the held-out dates, whose outcomes are all observed — with
 * the same optimiser (greedy with the repetition penalty); only the pair scores differ (learned mutual score,
 * uniform random, the held-out like itself). Coverage = share of meeting slots with an observed outcome.
 */
import { join } from "node:path";
import type { SpeedDate } from "../../core/data/speed-dating.js";
import { fitFactorModel } from "../../core/eval/models.js";
import { DEFAULT_FCF_HYPER } from "../../core/fcf/hyper.js";
import { MeetingHistory } from "../../core/groups/history.js";
import { mutualScore } from "../../core/groups/mutual.js";
import { makePolicy } from "../../core/groups/policies.js";
import { DenseScores } from "../../core/groups/scores.js";
import type { MutualAggregate } from "../../core/groups/types.js";
import { binaryAuc } from "../../core/metrics/auc.js";
import { deriveRng, permutation } from "../../core/rng.js";
import { csrFromTriplets } from "../../core/sparse/csr.js";
import { loadSpeedDating } from "../data/load.js";
import type { SpeedDatingConfig } from "./config.js";
import { meanSd, pm } from "./stats.js";

export const SCORES = ["one-sided", "popularity", "mean", "min", "harmonic"] as const;
export const GROUPERS = ["learned greedy-penalty", "learned greedy (no penalty)", "random", "oracle (held-out like)"] as const;
type Stat = { mean: number; sd: number };

export interface SpeedDatingResult {
  name: string;
  version: number;
  seeds: string[];
  waves: number;
  people: number;
  heldOutRecords: number[];
  auc: Array<{ score: string; dec: Stat; match: Stat }>;
  grouping: Array<{ policy: string; satisfaction: Stat; yesRate: Stat; matchRate: Stat; observedShare: Stat; repeatRate: Stat; uniquePartners: Stat }>;
}

interface Wave {
  n: number;
  a: Int32Array;
  b: Int32Array;
  recs: SpeedDate[];
}

function byWave(dates: SpeedDate[]): Wave[] {
  const waves = new Map<number, SpeedDate[]>();
  for (const d of dates) {
    const w = waves.get(d.wave) ?? [];
    w.push(d);
    waves.set(d.wave, w);
  }
  return [...waves.keys()].sort((x, y) => x - y).map((w) => {
    const recs = waves.get(w)!;
    const ids = new Map<string, number>();
    const id = (s: string) => (ids.has(s) ? ids.get(s)! : (ids.set(s, ids.size), ids.size - 1));
    const a = Int32Array.from(recs.map((r) => id(r.iid)));
    const b = Int32Array.from(recs.map((r) => id(r.pid)));
    return { n: ids.size, a, b, recs };
  });
}

/** Accumulators pooled over a seed's waves. */
interface SeedAcc {
  auc: Record<string, { dec: number[]; match: number[]; w: number[] }>;
  group: Record<string, { like: number; likeN: number; yes: number; matches: number; pairs: number; observed: number; slots: number; repeats: number; occ: number; partners: number; people: number }>;
}

function score(agg: (typeof SCORES)[number], S: Float64Array, pop: Float64Array, n: number, a: number, b: number): number {
  if (agg === "one-sided") return S[a * n + b];
  if (agg === "popularity") return pop[b];
  return mutualScore(S[a * n + b], S[b * n + a], agg as MutualAggregate);
}

function runWave(cfg: SpeedDatingConfig, wave: Wave, seed: string, w: number, acc: SeedAcc): number {
  const { n, a, b, recs } = wave;
  const pairKey = (x: number, y: number) => (x < y ? x * n + y : y * n + x);
  const keys = [...new Set(Array.from(a, (x, i) => pairKey(x, b[i])))].sort((x, y) => x - y);
  const perm = permutation(deriveRng(seed, "speed-dating-split", w), keys.length);
  const held = new Set<number>();
  for (let q = 0; q < Math.round(cfg.testFraction * keys.length); q++) held.add(keys[perm[q]]);
  const isTest = Array.from(a, (x, i) => held.has(pairKey(x, b[i])));
  const rr: number[] = [], rc: number[] = [];
  const got = new Float64Array(n), dated = new Float64Array(n);
  recs.forEach((r, i) => {
    if (isTest[i]) return;
    dated[b[i]]++;
    if (r.dec === 1) { rr.push(a[i]); rc.push(b[i]); got[b[i]]++; }
  });
  const R = csrFromTriplets(n, n, rr, rc, rr.map(() => 1));
  const hyper = { ...DEFAULT_FCF_HYPER, ...cfg.hyper };
  const m = fitFactorModel(R, { algorithm: cfg.algorithm, hyper, rounds: cfg.rounds, clientsFraction: 1 }, `${seed}/wave${w}`);
  const S = new Float64Array(n * n);
  for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) { let s = 0; for (let t = 0; t < m.f; t++) s += m.X[x * m.f + t] * m.Y[y * m.f + t]; S[x * n + y] = s; }
  const pop = Float64Array.from(got, (g, i) => (dated[i] > 0 ? g / dated[i] : 0));
  const dec = new Map<number, number>();
  const like = new Map<number, number>();
  recs.forEach((r, i) => { dec.set(a[i] * n + b[i], r.dec); if (Number.isFinite(r.like)) like.set(a[i] * n + b[i], r.like); });
  const testIdx = recs.map((_, i) => i).filter((i) => isTest[i]);
  const matchOf = (i: number) => { const o = dec.get(b[i] * n + a[i]); return o === undefined ? NaN : recs[i].dec * o; };
  for (const agg of SCORES) {
    const sc = testIdx.map((i) => score(agg, S, pop, n, a[i], b[i]));
    const withMatch = testIdx.map((i, q) => [q, matchOf(i)]).filter(([, mm]) => Number.isFinite(mm));
    acc.auc[agg].dec.push(binaryAuc(sc, testIdx.map((i) => recs[i].dec)));
    acc.auc[agg].match.push(binaryAuc(withMatch.map(([q]) => sc[q]), withMatch.map(([, mm]) => mm)));
    acc.auc[agg].w.push(testIdx.length);
  }
  const g = cfg.grouping;
  const matrices: Record<(typeof GROUPERS)[number], Float64Array> = {
    "learned greedy-penalty": new Float64Array(n * n),
    "learned greedy (no penalty)": new Float64Array(n * n),
    random: new Float64Array(n * n),
    "oracle (held-out like)": new Float64Array(n * n),
  };
  const rnd = deriveRng(seed, "speed-dating-random-scores", w);
  for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) {
    // candidates: the held-out dates (outcome observed); every other pair scores −1 (never chosen knowingly)
    const e = held.has(pairKey(x, y));
    const r = rnd();
    for (const [u, v] of [[x, y], [y, x]]) {
      const k = u * n + v;
      matrices["learned greedy-penalty"][k] = e ? S[k] : -1;
      matrices["learned greedy (no penalty)"][k] = e ? S[k] : -1;
      matrices.random[k] = e ? r : -1;
      matrices["oracle (held-out like)"][k] = e ? (like.get(k) ?? 0) / 10 : -1;
    }
  }
  for (const name of GROUPERS) {
    const policy = makePolicy(name === "learned greedy (no penalty)" ? "greedy" : "greedy-penalty");
    const history = new MeetingHistory(n);
    history.record(0, keys.filter((k) => !held.has(k)).map((k) => Int32Array.of(Math.floor(k / n), k % n)));
    const st = acc.group[name];
    const scores = new DenseScores(n, matrices[name]);
    const present = Int32Array.from({ length: n }, (_, i) => i);
    const metInRounds = new Set<number>();
    for (let round = 1; round <= g.rounds; round++) {
      const groups = policy.formGroups({ round, present, groupSize: g.groupSize, scores, history, repeatPenalty: g.repeatPenalty, repeatDecay: g.repeatDecay, mutual: g.mutual, rng: deriveRng(seed, "speed-dating-policy", w, name, round) });
      for (const grp of groups) for (let p = 0; p < grp.length; p++) for (let q = p + 1; q < grp.length; q++) {
        const [x, y] = [grp[p], grp[q]];
        metInRounds.add(pairKey(x, y));
        st.occ++;
        if (history.count(x, y) > 0) st.repeats++;
        const h = held.has(pairKey(x, y));
        if (h && !history.hasMet(x, y)) {
          const dx = dec.get(x * n + y), dy = dec.get(y * n + x);
          if (dx !== undefined && dy !== undefined) { st.pairs++; st.matches += dx * dy; }
        }
        for (const [u, v] of [[x, y], [y, x]]) {
          st.slots++;
          if (!h || history.hasMet(u, v)) continue;
          st.observed++;
          const l = like.get(u * n + v);
          if (l !== undefined) { st.like += l / 10; st.likeN++; }
          st.yes += dec.get(u * n + v) ?? 0;
        }
      }
      history.record(round, groups);
    }
    const distinct = new Int32Array(n);
    for (const k of metInRounds) { distinct[Math.floor(k / n)]++; distinct[k % n]++; }
    for (let x = 0; x < n; x++) st.partners += distinct[x] / g.rounds;
    st.people += n;
  }
  return testIdx.length;
}

/** Runs the experiment over every wave and seed. */
export async function runSpeedDating(cfg: SpeedDatingConfig, root: string, progress?: (msg: string) => void): Promise<SpeedDatingResult> {
  const data = await loadSpeedDating(join(root, cfg.data.file), { skipBadRows: false });
  const waves = byWave(data.dates);
  const perSeed: SeedAcc[] = [];
  const heldOut: number[] = [];
  for (const seed of cfg.seeds) {
    progress?.(`seed ${seed}`);
    const acc: SeedAcc = {
      auc: Object.fromEntries(SCORES.map((s) => [s, { dec: [], match: [], w: [] }])),
      group: Object.fromEntries(GROUPERS.map((p) => [p, { like: 0, likeN: 0, yes: 0, matches: 0, pairs: 0, observed: 0, slots: 0, repeats: 0, occ: 0, partners: 0, people: 0 }])),
    };
    let records = 0;
    waves.forEach((wave, w) => { records += runWave(cfg, wave, seed, w, acc); });
    heldOut.push(records);
    perSeed.push(acc);
  }
  const weighted = (v: number[], wts: number[]) => { let s = 0, t = 0; v.forEach((x, i) => { if (Number.isFinite(x)) { s += x * wts[i]; t += wts[i]; } }); return t > 0 ? s / t : NaN; };
  const over = (f: (a: SeedAcc) => number) => { const s = meanSd(perSeed.map(f)); return { mean: s.mean, sd: s.sd }; };
  return {
    name: cfg.name,
    version: cfg.version,
    seeds: cfg.seeds,
    waves: waves.length,
    people: waves.reduce((t, w) => t + w.n, 0),
    heldOutRecords: heldOut,
    auc: SCORES.map((s) => ({ score: s, dec: over((a) => weighted(a.auc[s].dec, a.auc[s].w)), match: over((a) => weighted(a.auc[s].match, a.auc[s].w)) })),
    grouping: GROUPERS.map((p) => ({
      policy: p,
      satisfaction: over((a) => a.group[p].like / a.group[p].likeN),
      yesRate: over((a) => a.group[p].yes / a.group[p].observed),
      matchRate: over((a) => a.group[p].matches / a.group[p].pairs),
      observedShare: over((a) => a.group[p].observed / a.group[p].slots),
      repeatRate: over((a) => a.group[p].repeats / a.group[p].occ),
      uniquePartners: over((a) => a.group[p].partners / a.group[p].people),
    })),
  };
}

/** The markdown tables of the result. */
export function speedDatingMarkdown(r: SpeedDatingResult, command: string): string {
  return [
    `# ${r.name} (config v${r.version})`,
    "",
    `Command: \`${command}\` — ${r.waves} waves, ${r.people} people, ${r.seeds.length} seed(s); mean ± sd over seeds of the record-weighted mean over waves.`,
    "",
    "## Held-out dates: AUC",
    "",
    "| score | AUC dec (one-sided yes) | AUC match (mutual yes) |",
    "|---|---|---|",
    ...r.auc.map((a) => `| ${a.score} | ${pm(a.dec, 3)} | ${pm(a.match, 3)} |`),
    "",
    "## Pairing the wave's people over rounds",
    "",
    "Every policy chooses among the same candidates — the held-out dates, whose outcomes are observed — with the same optimiser (greedy + repetition penalty, except the no-penalty row); only the pair scores differ. satisfaction = mean held-out `like`/10 over observed meeting slots; yes/match rate likewise; coverage = share of meeting slots that are first meetings of held-out dates (observed); repeat rate = share of meetings of a pair that met before (training dates count); unique partners = distinct partners met in the rounds / rounds.",
    "",
    "| policy | satisfaction | yes rate | match rate | coverage | repeat rate | unique partners |",
    "|---|---|---|---|---|---|---|",
    ...r.grouping.map((g) => `| ${g.policy} | ${pm(g.satisfaction, 3)} | ${pm(g.yesRate, 3)} | ${pm(g.matchRate, 3)} | ${pm(g.observedShare, 3)} | ${pm(g.repeatRate, 3)} | ${pm(g.uniquePartners, 3)} |`),
    "",
  ].join("\n");
}

/** Vega-Lite spec: AUC by score for dec and match, with ±sd error bars. */
export function speedDatingChartSpec(r: SpeedDatingResult): object {
  const values = r.auc.flatMap((a) => [
    { score: a.score, target: "dec", auc: a.dec.mean, lo: a.dec.mean - a.dec.sd, hi: a.dec.mean + a.dec.sd },
    { score: a.score, target: "match", auc: a.match.mean, lo: a.match.mean - a.match.sd, hi: a.match.mean + a.match.sd },
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `${r.name}: held-out AUC (mean ± sd over ${r.seeds.length} seeds)`,
    data: { values },
    facet: { column: { field: "target", type: "nominal", title: null } },
    spec: {
      width: 220,
      height: 200,
      layer: [
        { mark: "bar", encoding: { x: { field: "score", type: "nominal", sort: null }, y: { field: "auc", type: "quantitative", scale: { domain: [0.4, 0.9] }, title: "AUC" }, color: { field: "score", type: "nominal", legend: null } } },
        { mark: "errorbar", encoding: { x: { field: "score", type: "nominal", sort: null }, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
      ],
    },
  };
}
