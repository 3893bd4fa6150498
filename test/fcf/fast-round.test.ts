import { describe, expect, it } from "vitest";
import { fastIteration } from "../../src/core/fcf/fast.js";
import { DEFAULT_FCF_HYPER } from "../../src/core/fcf/hyper.js";
import { fcfIteration, initFcf } from "../../src/core/fcf/train.js";
import { makeRng } from "../../src/core/rng.js";
import { maxRelErr } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

describe("fastIteration (blocked round: YᵀY once, exact factored aggregate, fused gradient + Adam)", () => {
  const hyper = { ...DEFAULT_FCF_HYPER, factors: 6 };
  // more users than one block so the block partials and their reduction are exercised
  const n = 5000;
  const R = randomSparse(n, n, 0.002, 4, makeRng("fast-round"));

  it("matches fcfIteration with the dense aggregate on a small problem over rounds (to rounding)", () => {
    const small = randomSparse(40, 40, 0.15, 4, makeRng("fast-small"));
    const a = initFcf(40, 40, hyper, makeRng("init"));
    const b = initFcf(40, 40, hyper, makeRng("init"));
    for (let t = 0; t < 4; t++) {
      fcfIteration(a, small, hyper, { clients: null, aggregate: "dense" });
      fastIteration(b, small, hyper, null, { solver: "cholesky", cgSteps: 3 });
    }
    expect(maxRelErr(b.Y, a.Y, 1e-9)).toBeLessThan(1e-9);
    expect(maxRelErr(b.X, a.X, 1e-9)).toBeLessThan(1e-9);
  });

  it("matches fcfIteration with the factored aggregate across several blocks, with sampled clients too", () => {
    const clients = Int32Array.from({ length: 3000 }, (_, i) => (i * 7) % n);
    for (const cl of [null, clients]) {
      const a = initFcf(n, n, hyper, makeRng("init"));
      const b = initFcf(n, n, hyper, makeRng("init"));
      for (let t = 0; t < 2; t++) {
        fcfIteration(a, R, hyper, { clients: cl, aggregate: "factored" });
        fastIteration(b, R, hyper, cl, { solver: "cholesky", cgSteps: 3 });
      }
      expect(maxRelErr(b.Y, a.Y, 1e-9)).toBeLessThan(1e-9);
    }
  });

  it("with the CG solver, converges to the same model as Cholesky over rounds", () => {
    const a = initFcf(n, n, hyper, makeRng("init"));
    const b = initFcf(n, n, hyper, makeRng("init"));
    for (let t = 0; t < 5; t++) {
      fastIteration(a, R, hyper, null, { solver: "cholesky", cgSteps: 3 });
      fastIteration(b, R, hyper, null, { solver: "cg", cgSteps: 6 });
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < a.Y.length; i++) {
      num += (a.Y[i] - b.Y[i]) ** 2;
      den += a.Y[i] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-2);
  });
});
