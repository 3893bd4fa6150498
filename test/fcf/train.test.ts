import { describe, expect, it } from "vitest";
import { alsFit } from "../../src/core/fcf/als.js";
import { confidence, feedbackValue } from "../../src/core/fcf/feedback.js";
import { factoredAggregate } from "../../src/core/fcf/factored.js";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../../src/core/fcf/hyper.js";
import { scoreUser } from "../../src/core/fcf/recommend.js";
import { fcfGradient, fcfIteration, fcfLoss, initFcf, solveClients } from "../../src/core/fcf/train.js";
import { makeRng } from "../../src/core/rng.js";
import { csrFromTriplets } from "../../src/core/sparse/csr.js";
import { maxRelErr } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: 4 };

describe("feedback", () => {
  it("maps messages to r (count or log1p) and r to c = 1 + αr", () => {
    expect(feedbackValue(7, "count")).toBe(7);
    expect(feedbackValue(7, "log")).toBeCloseTo(Math.log(8), 15);
    expect(feedbackValue(0, "log")).toBe(0);
    expect(confidence(0, 2)).toBe(1);
    expect(confidence(3, 2)).toBe(7);
  });
});

describe("initFcf", () => {
  it("is seeded: Y ~ N(0, 0.1²), X = 0, round 0, Adam t = 0", () => {
    const a = initFcf(50, 400, hyper, makeRng("init"));
    const b = initFcf(50, 400, hyper, makeRng("init"));
    expect(a.Y).toEqual(b.Y);
    expect(a.X.every((x) => x === 0)).toBe(true);
    const sd = Math.sqrt(a.Y.reduce((s, y) => s + y * y, 0) / a.Y.length);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
    expect(a.round).toBe(0);
    expect(a.adam.t).toBe(0);
  });
});

describe("fcfIteration with sampled clients", () => {
  const R = randomSparse(20, 15, 0.3, 4, makeRng("sampled"));

  it("rescales the data term by nUsers/|clients| and adds λY once", () => {
    const state = initFcf(20, 15, hyper, makeRng("s-init"));
    const clients = new Int32Array([2, 5, 11, 19]);
    const g = fcfGradient(state, R, hyper, { clients, aggregate: "dense" }, new Float64Array(15 * 4));
    const sum = factoredAggregate(R, state.X, state.Y, 4, hyper.alpha, new Float64Array(15 * 4), clients);
    const expected = Array.from(sum, (s, i) => -2 * (20 / 4) * s + 2 * hyper.lambda * state.Y[i]);
    expect(maxRelErr(g, expected, 1e-9)).toBeLessThan(1e-9);
  });

  it("updates only the sampled clients' X rows; listing every client equals clients = null", () => {
    const a = initFcf(20, 15, hyper, makeRng("s-init"));
    const b = initFcf(20, 15, hyper, makeRng("s-init"));
    const c = initFcf(20, 15, hyper, makeRng("s-init"));
    fcfIteration(a, R, hyper, { clients: null, aggregate: "factored" });
    fcfIteration(b, R, hyper, { clients: Int32Array.from({ length: 20 }, (_, i) => i), aggregate: "dense" });
    expect(maxRelErr(b.Y, a.Y, 1e-9)).toBeLessThan(1e-12);
    fcfIteration(c, R, hyper, { clients: new Int32Array([3]), aggregate: "dense" });
    for (let u = 0; u < 20; u++) {
      const row = Array.from(c.X.subarray(u * 4, u * 4 + 4));
      if (u === 3 && R.indptr[4] > R.indptr[3]) expect(row.some((x) => x !== 0)).toBe(true);
      if (u !== 3) expect(row).toEqual([0, 0, 0, 0]);
    }
    expect(c.round).toBe(1);
  });

  it("rejects an empty client list and a mis-shaped R", () => {
    const s = initFcf(20, 15, hyper, makeRng("s-init"));
    expect(() => fcfIteration(s, R, hyper, { clients: new Int32Array(0), aggregate: "dense" })).toThrow(/at least one/);
    const wrong = csrFromTriplets(20, 14, [0], [0], [1]);
    expect(() => fcfIteration(s, wrong, hyper, { clients: null, aggregate: "dense" })).toThrow(RangeError);
  });

  it("decreases the cost J = min_X J(X, Y) over rounds", () => {
    const s = initFcf(20, 15, hyper, makeRng("s-init"));
    const J = (): number => {
      solveClients(s, R, hyper, null);
      return fcfLoss(s, R, hyper.lambda, hyper.alpha);
    };
    const j0 = J();
    for (let r = 0; r < 30; r++) fcfIteration(s, R, hyper, { clients: null, aggregate: "factored" });
    expect(J()).toBeLessThan(0.7 * j0);
  });
});

describe("alsFit", () => {
  it("never increases the cost across iterations (block coordinate descent) and is seeded", () => {
    const R = randomSparse(25, 18, 0.25, 5, makeRng("als"));
    let prev = Infinity;
    const st = initFcf(25, 18, hyper, makeRng("unused"));
    for (const it of [1, 2, 4, 8, 16]) {
      const { X, Y } = alsFit(R, 4, 0.1, 2, it, makeRng("als-init"));
      const j = fcfLoss({ ...st, X, Y }, R, 0.1, 2);
      expect(j).toBeLessThanOrEqual(prev * (1 + 1e-12));
      prev = j;
    }
    expect(alsFit(R, 4, 0.1, 2, 3, makeRng("s")).Y).toEqual(alsFit(R, 4, 0.1, 2, 3, makeRng("s")).Y);
  });
});

describe("scoreUser", () => {
  it("writes x_uᵀy_v for every item", () => {
    const X = new Float64Array([1, 2, 3, -1]);
    const Y = new Float64Array([1, 0, 0, 1, 2, 2]);
    expect(Array.from(scoreUser(X, 1, Y, 3, 2, new Float64Array(3)))).toEqual([3, -1, 4]);
  });
});
