import { describe, it, expect } from "vitest";
import { makeRng, normal } from "../../src/core/rng.js";
import { secureAggregator, sumAggregator } from "../../src/core/federation/aggregators.js";
import { sampleClients } from "../../src/core/federation/sampling.js";
import type { ClientReply } from "../../src/core/federation/types.js";
import { maskUpload, RING, ringDecode, ringEncode } from "../../src/core/privacy/secagg.js";

function uploads(n: number, len: number, seed: string): Float64Array[] {
  const rng = makeRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: len }, () => 3 * normal(rng)));
}
const reply = (clientId: number, update: Float64Array): ClientReply => ({ clientId, round: 1, attempt: 0, update, count: 1, metrics: {} });

function masked(us: Float64Array[], participants: Int32Array, degree: number): ClientReply[] {
  return Array.from(participants, (id) => {
    const e = ringEncode(us[id], new Float64Array(us[id].length));
    maskUpload(e, id, participants, degree, 12345, 1, 0);
    return reply(id, e);
  });
}

describe("aggregators (one contract: the sum of the uploads)", () => {
  const us = uploads(12, 50, "agg");
  const plain = new Float64Array(50);
  for (const u of us) u.forEach((v, i) => (plain[i] += v));
  const participants = Int32Array.from([5, 2, 9, 0, 11, 7, 3, 1, 10, 4, 8, 6]);

  it("plain sum equals the element-wise sum, whatever the reply order", () => {
    const a = sumAggregator(null, us.map((u, id) => reply(id, u)));
    const b = sumAggregator(null, us.map((u, id) => reply(id, u)).reverse());
    expect(Array.from(a.update!)).toEqual(Array.from(b.update!));
    a.update!.forEach((v, i) => expect(v).toBeCloseTo(plain[i], 12));
    expect(a.count).toBe(12);
  });

  it.each([2, 4, 11])("secure sum (degree %i): masks cancel; equals the plain sum to the fixed-point step", (degree) => {
    const r = secureAggregator({ participants }, masked(us, participants, degree));
    expect(r.update).not.toBeNull();
    r.update!.forEach((v, i) => expect(Math.abs(v - plain[i])).toBeLessThan(12 * 2 ** -24));
  });

  it("a single masked upload is uniform on the ring and uncorrelated with the upload", () => {
    const rs = masked(us, participants, 4);
    const x = rs[0].update;
    const mean = x.reduce((s, v) => s + v / RING, 0) / x.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.15);
    const decoded = ringDecode(x, new Float64Array(x.length));
    expect(Math.max(...decoded.map(Math.abs))).toBeGreaterThan(1e5); // nothing like the upload (|v| ≲ 10)
  });

  it("secure sum fails (update null) when a participant's masked upload is missing", () => {
    const rs = masked(us, participants, 4).filter((r) => r.clientId !== 9);
    expect(secureAggregator({ participants }, rs).update).toBeNull();
  });
});

describe("client sampling", () => {
  it("(n/m)·Σ_sampled G_u is unbiased: its mean over every m-subset equals Σ_all G_u (exhaustive, n = 7, m = 3)", () => {
    const n = 7;
    const m = 3;
    const G = uploads(n, 5, "unbiased");
    const full = new Float64Array(5);
    for (const g of G) g.forEach((v, i) => (full[i] += v));
    const mean = new Float64Array(5);
    let subsets = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      const ids = [...Array(n).keys()].filter((u) => mask & (1 << u));
      if (ids.length !== m) continue;
      subsets++;
      const sum = sumAggregator(null, ids.map((u) => reply(u, G[u])));
      sum.update!.forEach((v, i) => (mean[i] += (n / sum.count) * v));
    }
    mean.forEach((v, i) => expect(v / subsets).toBeCloseTo(full[i], 10));
  });

  it("the seeded sampler draws every client with probability m/n (Monte Carlo, 20k draws)", () => {
    const available = Int32Array.from({ length: 10 }, (_, i) => i);
    const rng = makeRng("sampler");
    const hits = new Float64Array(10);
    const draws = 20000;
    for (let t = 0; t < draws; t++) for (const u of sampleClients(available, { kind: "count", count: 3 }, rng)) hits[u]++;
    hits.forEach((h) => expect(Math.abs(h / draws - 0.3)).toBeLessThan(0.015));
    expect(sampleClients(available, { kind: "fraction", fraction: 0.25 }, rng).length).toBe(3);
  });
});
