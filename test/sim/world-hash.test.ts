import { describe, it, expect } from "vitest";
import { hashNormal, hashUniform } from "../../src/sim/world/hash.js";
import { World } from "../../src/sim/world/world.js";
import { DEFAULT_WORLD_PARAMS, validateWorldParams } from "../../src/sim/world/params.js";

function corr(a: number[], b: number[]): number {
  const m = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / m;
  const mb = b.reduce((s, x) => s + x, 0) / m;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < m; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe("hashed pair noise", () => {
  it("is a standard normal, deterministic, with (u, v) and (v, u) uncorrelated", () => {
    const x: number[] = [];
    const y: number[] = [];
    for (let u = 0; u < 200; u++) {
      for (let v = 0; v < 100; v++) {
        x.push(hashNormal(11, 22, u, v + 200));
        y.push(hashNormal(11, 22, v + 200, u));
      }
    }
    const m = x.reduce((s, t) => s + t, 0) / x.length;
    const vr = x.reduce((s, t) => s + (t - m) ** 2, 0) / x.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(vr - 1)).toBeLessThan(0.04);
    expect(x.filter((t) => Math.abs(t) > 1.96).length / x.length).toBeGreaterThan(0.04);
    expect(x.filter((t) => Math.abs(t) > 1.96).length / x.length).toBeLessThan(0.06);
    expect(Math.abs(corr(x, y))).toBeLessThan(0.03);
    expect(hashNormal(11, 22, 5, 9)).toBe(hashNormal(11, 22, 5, 9));
    expect(hashNormal(11, 22, 5, 9)).not.toBe(hashNormal(12, 22, 5, 9));
  });

  it("gives uniforms strictly inside (0, 1) with a flat histogram", () => {
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 50000; i++) {
      const u = hashUniform(7, i, i * 3 + 1);
      expect(u > 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]++;
    }
    for (const b of bins) expect(Math.abs(b - 5000)).toBeLessThan(300);
  });
});

describe("world learnability", () => {
  it("lets the crowd's taste predict one rater's likes clearly but imperfectly", () => {
    const w = new World(2000, DEFAULT_WORLD_PARAMS, 3);
    const partners = Array.from({ length: 400 }, (_, i) => 1000 + i);
    const crowd = partners.map((v) => {
      let s = 0;
      for (let u = 0; u < 300; u++) s += w.like(u, v);
      return s / 300;
    });
    const cs: number[] = [];
    for (let u = 500; u < 520; u++) cs.push(corr(partners.map((v) => w.like(u, v)), crowd));
    const mean = cs.reduce((a, b) => a + b, 0) / cs.length;
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.8);
  });
});

describe("validateWorldParams", () => {
  it("names every invalid field at once", () => {
    expect(() => validateWorldParams({ ...DEFAULT_WORLD_PARAMS, communities: 0, messageSize: -1 })).toThrow(/communities.*messageSize/);
    expect(() => validateWorldParams(DEFAULT_WORLD_PARAMS)).not.toThrow();
  });
});
