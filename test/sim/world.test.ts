import { describe, it, expect } from "vitest";
import { World, EXACT_CANDIDATE_LIMIT } from "../../src/sim/world/world.js";
import { DEFAULT_WORLD_PARAMS, type WorldParams } from "../../src/sim/world/params.js";
import { worldStats } from "../../src/sim/world/stats.js";
import { makeRng, permutation } from "../../src/core/rng.js";

const P = DEFAULT_WORLD_PARAMS;

/** Random partition of 0..n-1 into groups of size k (the last one may be smaller). */
function randomGroups(n: number, k: number, seed: number): Int32Array[] {
  const perm = permutation(makeRng(seed), n);
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i += k) out.push(perm.slice(i, Math.min(n, i + k)));
  return out;
}

describe("World determinism", () => {
  it("gives identical like, affinity and conversations for one seed, different ones for another", () => {
    const a = new World(300, P, "s1");
    const b = new World(300, P, "s1");
    const c = new World(300, P, "s2");
    let differ = 0;
    for (let t = 0; t < 200; t++) {
      const u = (t * 37) % 300;
      const v = (t * 91 + 5) % 300;
      if (u === v) continue;
      expect(a.like(u, v)).toBe(b.like(u, v));
      expect(a.affinity(u, v)).toBe(b.affinity(u, v));
      if (a.like(u, v) !== c.like(u, v)) differ++;
    }
    expect(differ).toBeGreaterThan(150);
    const g = randomGroups(300, 5, 3);
    const oa = a.converse(1, g);
    const ob = b.converse(1, g);
    const oc = c.converse(1, g);
    expect(oa.views.map((v) => Array.from(v.sent))).toEqual(ob.views.map((v) => Array.from(v.sent)));
    expect(Array.from(oa.satisfaction)).toEqual(Array.from(ob.satisfaction));
    expect(oa.views.map((v) => Array.from(v.sent))).not.toEqual(oc.views.map((v) => Array.from(v.sent)));
  });
});

describe("World affinities", () => {
  it("are asymmetric in general", () => {
    const w = new World(200, P, 4);
    let asym = 0;
    for (let u = 0; u < 50; u++) if (Math.abs(w.affinity(u, u + 100) - w.affinity(u + 100, u)) > 1e-6) asym++;
    expect(asym).toBeGreaterThan(45);
  });

  it("are homophilous: mean affinity within a primary community exceeds the mean across", () => {
    const w = new World(1500, P, 5);
    let inS = 0;
    let inN = 0;
    let outS = 0;
    let outN = 0;
    for (let u = 0; u < 300; u++) {
      for (let v = 300; v < 1500; v++) {
        if (w.community(u) === w.community(v)) {
          inS += w.affinity(u, v);
          inN++;
        } else {
          outS += w.affinity(u, v);
          outN++;
        }
      }
    }
    expect(inN).toBeGreaterThan(1000);
    expect(inS / inN).toBeGreaterThan(outS / outN + 0.03);
  });

  it("lie in (0, 1) and equal the logistic of like", () => {
    const w = new World(100, P, 6);
    for (let u = 0; u < 20; u++) {
      const a = w.affinity(u, 99 - u);
      expect(a).toBeGreaterThan(0);
      expect(a).toBeLessThan(1);
      expect(a).toBeCloseTo(1 / (1 + Math.exp(-w.like(u, 99 - u))), 12);
    }
  });
});

describe("World repetition", () => {
  it("lowers the utility of meeting the same partner right after a meeting, and it recovers with rounds", () => {
    const p: WorldParams = { ...P, repeatUtilityDecay: 0.5, recoveryRounds: 5 };
    const w = new World(50, p, 7);
    const a = w.affinity(3, 8);
    w.converse(1, [Int32Array.of(3, 8)]);
    expect(w.utility(3, 8, 1)).toBeCloseTo(a, 12); // history before round 1 is empty
    const u2 = w.utility(3, 8, 2);
    expect(u2).toBeCloseTo(a * Math.pow(0.5, Math.exp(-1 / 5)), 12);
    expect(u2).toBeLessThan(a * 0.6);
    const u10 = w.utility(3, 8, 10);
    const u40 = w.utility(3, 8, 40);
    expect(u10).toBeGreaterThan(u2);
    expect(u40).toBeGreaterThan(u10);
    expect(u40).toBeGreaterThan(a * 0.99);
    expect(w.utility(8, 3, 2)).toBeCloseTo(w.affinity(8, 3) * Math.pow(0.5, Math.exp(-1 / 5)), 12);
    expect(w.utility(3, 9, 2)).toBe(w.affinity(3, 9));
  });

  it("counts effective meetings as Σ exp(−(t − t_m)/R) over earlier meetings", () => {
    const w = new World(20, { ...P, recoveryRounds: 3 }, 8);
    const rounds = [1, 2, 5, 9];
    for (const r of rounds) w.converse(r, [Int32Array.of(1, 2, 4)]);
    for (const t of [9, 10, 15]) {
      let ref = 0;
      for (const m of rounds) if (m < t) ref += Math.exp(-(t - m) / 3);
      expect(w.effectiveMeetings(2, 1, t)).toBeCloseTo(ref, 12);
      expect(w.effectiveMeetings(4, 1, t)).toBeCloseTo(ref, 12);
    }
    expect(() => w.converse(8, [Int32Array.of(1, 2)])).toThrow(/after round 9/);
  });
});

describe("World.converse", () => {
  it("gives each view its group minus itself, consistent sent/received, and NaN satisfaction exactly for the ungrouped", () => {
    const n = 103;
    const w = new World(n, P, 9);
    const groups = randomGroups(100, 4, 10); // users 100..102 are not grouped
    const out = w.converse(1, groups);
    const viewOf = new Map(out.views.map((v) => [v.userId, v]));
    expect(out.views.length).toBe(100);
    for (const g of groups) {
      for (const u of g) {
        const view = viewOf.get(u)!;
        expect(view.round).toBe(1);
        expect(Array.from(view.partners).sort((x, y) => x - y)).toEqual(Array.from(g).filter((x) => x !== u).sort((x, y) => x - y));
        let s = 0;
        for (let i = 0; i < view.partners.length; i++) {
          const v = view.partners[i];
          const other = viewOf.get(v)!;
          const j = Array.from(other.partners).indexOf(u);
          expect(view.sent[i]).toBe(other.received[j]);
          expect(view.received[i]).toBe(other.sent[j]);
          s += w.utility(u, v, 1);
        }
        expect(out.satisfaction[u]).toBeCloseTo(s / view.partners.length, 12);
      }
    }
    for (let u = 0; u < n; u++) expect(Number.isNaN(out.satisfaction[u])).toBe(u >= 100);
  });

  it("rejects a user in two groups", () => {
    const w = new World(10, P, 11);
    expect(() => w.converse(1, [Int32Array.of(1, 2), Int32Array.of(2, 3)])).toThrow(/more than one group/);
  });

  it("produces over-dispersed messages per pair (variance/mean > 3)", () => {
    const w = new World(2000, P, 12);
    const totals: number[] = [];
    for (let r = 1; r <= 3; r++) {
      const out = w.converse(r, randomGroups(2000, 4, 100 + r));
      const byUser = new Map(out.views.map((v) => [v.userId, v]));
      for (const v of out.views) {
        for (let i = 0; i < v.partners.length; i++) if (v.userId < v.partners[i]) totals.push(v.sent[i] + v.received[i]);
      }
      expect(byUser.size).toBe(2000);
    }
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    const vr = totals.reduce((a, b) => a + (b - mean) ** 2, 0) / (totals.length - 1);
    expect(mean).toBeGreaterThan(0.5);
    expect(vr / mean).toBeGreaterThan(3);
    expect(totals.filter((x) => x === 0).length / totals.length).toBeGreaterThan(0.1);
  });
});

describe("World.present", () => {
  it("returns everyone with no absence or churn", () => {
    expect(Array.from(new World(7, P, 1).present(3))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("drops about `absence` of the users each round, reproducibly, varying by round", () => {
    const p = { ...P, absence: 0.2 };
    const w = new World(5000, p, 13);
    const r5 = w.present(5);
    expect(Array.from(r5)).toEqual(Array.from(new World(5000, p, 13).present(5)));
    expect(Math.abs(r5.length - 4000)).toBeLessThan(150);
    expect(Array.from(w.present(6))).not.toEqual(Array.from(r5));
  });

  it("makes churned users leave for good, with survival (1 − churn)^t", () => {
    const w = new World(5000, { ...P, churn: 0.05 }, 22);
    let prev = new Set(w.present(1));
    for (let t = 2; t <= 20; t++) {
      const cur = w.present(t);
      for (const u of cur) expect(prev.has(u)).toBe(true);
      prev = new Set(cur);
    }
    expect(Math.abs(prev.size - 5000 * Math.pow(0.95, 20))).toBeLessThan(150);
  });
});

describe("World.trueScores", () => {
  it("scores by utility and lists exactly the top candidates for small n", () => {
    const w = new World(300, P, 14);
    w.converse(1, randomGroups(300, 5, 15));
    const s = w.trueScores(2, 10);
    expect(s.n).toBe(300);
    for (const i of [0, 17, 299]) {
      const ref = Array.from({ length: 300 }, (_, v) => v)
        .filter((v) => v !== i)
        .sort((x, y) => w.utility(i, y, 2) - w.utility(i, x, 2) || x - y)
        .slice(0, 10);
      expect(Array.from(s.candidates(i))).toEqual(ref);
      expect(s.score(i, ref[0])).toBe(w.utility(i, ref[0], 2));
    }
  });

  it("returns distinct, best-first candidates from a pool above the exact limit", () => {
    const w = new World(EXACT_CANDIDATE_LIMIT + 1000, P, 16);
    const s = w.trueScores(1, 20);
    const c = Array.from(s.candidates(42));
    expect(c.length).toBe(20);
    expect(new Set(c).size).toBe(20);
    expect(c).not.toContain(42);
    for (let j = 1; j < c.length; j++) expect(s.score(42, c[j - 1])).toBeGreaterThanOrEqual(s.score(42, c[j]));
    // the pool's best should beat a typical partner by far
    let mean = 0;
    for (let v = 0; v < 1000; v++) mean += s.score(42, v + 100) / 1000;
    expect(s.score(42, c[19])).toBeGreaterThan(mean);
  });
});

describe("worldStats", () => {
  it("returns every figure, finite, with targets, and the calibrated defaults sit within loose bands", () => {
    const w = new World(20000, P, 17);
    const st = worldStats(w, makeRng(18), { raters: 150, dates: 20000 });
    const get = (name: string) => {
      const s = st.find((x) => x.name === name);
      expect(s, name).toBeDefined();
      expect(Number.isFinite(s!.value), name).toBe(true);
      return s!;
    };
    const names = ["like.raterShare", "like.partnerShare", "like.pairShare", "date.yesRate", "date.mutualRate", "date.corrLike", "date.corrDec", "messages.median", "messages.p90", "messages.p99", "messages.varianceToMean"];
    for (const n of names) expect(get(n).target).not.toBeNull();
    expect(get("like.raterShare").value).toBeGreaterThan(0.24);
    expect(get("like.raterShare").value).toBeLessThan(0.44);
    expect(get("like.partnerShare").value).toBeGreaterThan(0.1);
    expect(get("like.partnerShare").value).toBeLessThan(0.26);
    expect(get("date.yesRate").value).toBeGreaterThan(0.32);
    expect(get("date.yesRate").value).toBeLessThan(0.52);
    expect(get("date.mutualRate").value).toBeGreaterThan(0.1);
    expect(get("date.mutualRate").value).toBeLessThan(0.23);
    expect(get("date.corrLike").value).toBeGreaterThan(0.05);
    expect(get("date.corrLike").value).toBeLessThan(0.2);
    expect(get("date.corrDec").value).toBeLessThan(0.02);
    expect(get("messages.median").value).toBeGreaterThanOrEqual(1);
    expect(get("messages.median").value).toBeLessThanOrEqual(3);
    expect(get("messages.p99").value).toBeGreaterThan(20);
    expect(get("messages.p99").value).toBeLessThan(60);
    expect(get("messages.varianceToMean").value).toBeGreaterThan(8);
  });

  it("recovers planted variance shares (ANOVA reference)", () => {
    const p: WorldParams = { ...P, raterShare: 0.6, partnerShare: 0.1, symPairShare: 0, asymPairShare: 0, noiseShare: 0.3 };
    const st = worldStats(new World(2000, p, 19), makeRng(20), { raters: 200, dates: 100 });
    const v = (n: string) => st.find((x) => x.name === n)!.value;
    expect(v("like.raterShare")).toBeGreaterThan(0.45);
    expect(v("like.raterShare")).toBeLessThan(0.75);
    expect(v("like.pairShare")).toBeGreaterThan(0.22);
    expect(v("like.pairShare")).toBeLessThan(0.4);
  });
});

describe("World scale", () => {
  it("constructs a million users with per-user arrays only", () => {
    const w = new World(1_000_000, P, 21);
    expect(w.n).toBe(1_000_000);
    const a = w.affinity(999_999, 3);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(1);
    const out = w.converse(1, [Int32Array.of(0, 500_000, 999_999)]);
    expect(out.views.length).toBe(3);
  }, 30_000);
});

describe("oracle candidates", () => {
  it("equal a brute-force top-k by current utility after many rounds of meetings", () => {
    const n = 300;
    const world = new World(n, DEFAULT_WORLD_PARAMS, "oracle-cache");
    const rng = makeRng("oracle-cache-groups");
    const k = 12;
    for (let round = 1; round <= 30; round++) {
      const order = permutation(rng, n);
      const groups: Int32Array[] = [];
      for (let g = 0; g + 4 <= n; g += 4) groups.push(order.slice(g, g + 4));
      if (round % 10 === 0) {
        const scores = world.trueScores(round, k);
        for (let i = 0; i < n; i += 7) {
          const brute = Array.from({ length: n }, (_, v) => v)
            .filter((v) => v !== i)
            .map((v) => [v, world.utility(i, v, round)] as const)
            .sort((a, b) => b[1] - a[1] || a[0] - b[0])
            .slice(0, k)
            .map(([v]) => v);
          expect(Array.from(scores.candidates(i))).toEqual(brute);
        }
      }
      world.converse(round, groups);
    }
  });
});
