import { describe, expect, it } from "vitest";
import { DEFAULT_FCF_HYPER } from "../../src/core/fcf/hyper.js";
import { adamStep, makeAdamState, masterGradient } from "../../src/core/fcf/master.js";

describe("adamStep", () => {
  it("moves each coordinate by ≈ lr·sign(g) on the first step with β2 = 0.999 (bias-corrected with t = 1)", () => {
    const hyper = { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const g = new Float64Array([3, -0.02, 250, -7]);
    const params = new Float64Array([1, 1, 1, 1]);
    const state = makeAdamState(4);
    adamStep(state, params, g, hyper);
    expect(state.t).toBe(1);
    for (let i = 0; i < 4; i++) expect(params[i] - 1).toBeCloseTo(-hyper.lr * Math.sign(g[i]), 6);
  });

  it("keeps moving by ≈ lr·sign(g) under a constant gradient for many steps", () => {
    const hyper = { ...DEFAULT_FCF_HYPER, lr: 0.01 };
    const params = new Float64Array([0, 0]);
    const g = new Float64Array([2, -5]);
    const state = makeAdamState(2);
    for (let t = 1; t <= 50; t++) {
      const before = params.slice();
      adamStep(state, params, g, hyper);
      expect(params[0] - before[0]).toBeCloseTo(-0.01, 8);
      expect(params[1] - before[1]).toBeCloseTo(0.01, 8);
    }
    expect(state.t).toBe(50);
  });

  it("matches a hand-unrolled two-step Adam with a changing gradient", () => {
    const { lr, beta1: b1, beta2: b2, eps } = DEFAULT_FCF_HYPER;
    const p = new Float64Array([0.5]);
    const s = makeAdamState(1);
    adamStep(s, p, new Float64Array([1]), DEFAULT_FCF_HYPER);
    adamStep(s, p, new Float64Array([-3]), DEFAULT_FCF_HYPER);
    let m = (1 - b1) * 1;
    let v = (1 - b2) * 1;
    let x = 0.5 - (lr * (m / (1 - b1))) / (Math.sqrt(v / (1 - b2)) + eps);
    m = b1 * m + (1 - b1) * -3;
    v = b2 * v + (1 - b2) * 9;
    x -= (lr * (m / (1 - b1 * b1))) / (Math.sqrt(v / (1 - b2 * b2)) + eps);
    expect(p[0]).toBeCloseTo(x, 14);
  });
});

describe("masterGradient", () => {
  it("is −2·scale·ΣG + 2λY with λ added once, whatever the number of clients", () => {
    const sumG = new Float64Array([1, -2, 0.5]);
    const Y = new Float64Array([0.3, 0.1, -1]);
    const out = masterGradient(sumG, Y, 0.2, 4, new Float64Array(3));
    expect(Array.from(out)).toEqual([-8 + 0.12, 16 + 0.04000000000000001, -4 - 0.4]);
  });

  it("may write in place over sumG", () => {
    const sumG = new Float64Array([1, 2]);
    masterGradient(sumG, new Float64Array([1, 1]), 0.5, 1, sumG);
    expect(Array.from(sumG)).toEqual([-1, -3]);
  });
});
