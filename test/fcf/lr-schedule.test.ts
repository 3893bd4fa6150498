import { describe, it, expect } from "vitest";
import { formatLrSchedule, lrFactor, parseLrSchedule } from "../../src/core/fcf/lr-schedule.js";
import { adamStep, makeAdamState } from "../../src/core/fcf/master.js";
import { DEFAULT_FCF_HYPER } from "../../src/core/fcf/hyper.js";

describe("learning-rate schedules", () => {
  it("match their closed forms at hand-picked rounds", () => {
    expect(lrFactor(parseLrSchedule("constant", 10), 77)).toBe(1);
    const step = parseLrSchedule("step:100:0.3", 10);
    expect([1, 100, 101, 200, 201].map((r) => lrFactor(step, r))).toEqual([1, 1, 0.3, 0.3, 0.3 * 0.3]);
    expect(lrFactor(parseLrSchedule("exp:0.9", 10), 3)).toBeCloseTo(0.81, 15);
    const cos = parseLrSchedule("cosine", 4); // horizon defaults to the rounds given
    expect(cos).toEqual({ kind: "cosine", horizon: 4, floor: 0 });
    expect([1, 3, 5, 9].map((r) => lrFactor(cos, r))).toEqual([1, 0.5 + 0.5 * Math.cos(Math.PI / 2), 0, 0]);
    expect(lrFactor(parseLrSchedule("cosine:4:0.1", 9), 3)).toBeCloseTo(0.1 + 0.9 * 0.5, 15);
  });

  it("round-trip through their text form and reject malformed ones with what was expected", () => {
    for (const t of ["constant", "step:200:0.3", "exp:0.99", "cosine:600:0.1"]) expect(formatLrSchedule(parseLrSchedule(t, 5))).toBe(t);
    expect(() => parseLrSchedule("step:0:0.5", 5)).toThrow(/EVERY an integer ≥ 1/);
    expect(() => parseLrSchedule("exp:1.5", 5)).toThrow(/0 < GAMMA ≤ 1/);
    expect(() => parseLrSchedule("linear", 5)).toThrow(/expected constant, step/);
  });

  it("scale only Adam's step size: a first step with constant g moves each coordinate by ≈ lr·s(r)·sign(g) (bias correction intact)", () => {
    const h = { ...DEFAULT_FCF_HYPER, lr: 0.05, beta2: 0.999 };
    const s = lrFactor(parseLrSchedule("step:1:0.2", 5), 2); // 0.2
    const p = new Float64Array([1, -2, 3]);
    const g = new Float64Array([0.7, -3, 1e-3]);
    adamStep(makeAdamState(3), p, g, { ...h, lr: h.lr * s });
    expect(p[0]).toBeCloseTo(1 - 0.01, 6);
    expect(p[1]).toBeCloseTo(-2 + 0.01, 6);
    expect(p[2]).toBeCloseTo(3 - 0.01, 4);
  });
});
