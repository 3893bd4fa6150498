import { describe, expect, it } from "vitest";
import { makeClientScratch, solveUserFactor } from "../../src/core/fcf/client.js";
import { makeCgScratch, solveUserFactorCg } from "../../src/core/fcf/cg.js";
import { gram } from "../../src/core/linalg/kernels.js";
import { makeRng } from "../../src/core/rng.js";
import { maxRelErr, randn } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

const nItems = 60;
const f = 8;
const alpha = 2;
const lambda = 0.1;

function setup() {
  const rng = makeRng("cg-accuracy");
  const Y = randn(rng, nItems * f, 0.5);
  const R = randomSparse(30, nItems, 0.2, 5, rng);
  const YtY = gram(Y, nItems, f, new Float64Array(f * f));
  const exact = new Float64Array(30 * f);
  const chol = makeClientScratch(f);
  for (let u = 0; u < 30; u++) solveUserFactor(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], exact, u * f, chol);
  return { Y, R, YtY, exact };
}

function relNorm(a: Float64Array, b: Float64Array, u: number): number {
  let num = 0;
  let den = 0;
  for (let i = u * f; i < (u + 1) * f; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

describe("solveUserFactorCg (conjugate-gradient client step)", () => {
  it("reaches the Cholesky solution to 1e-8 with f steps from zero", () => {
    const { Y, R, YtY, exact } = setup();
    const X = new Float64Array(30 * f);
    const cg = makeCgScratch(f);
    for (let u = 0; u < 30; u++) solveUserFactorCg(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, u * f, f, cg);
    expect(maxRelErr(X, exact, 1e-6)).toBeLessThan(1e-8);
  });

  it("error shrinks with more steps, and a warm start near the solution beats a cold one", () => {
    const { Y, R, YtY, exact } = setup();
    const cg = makeCgScratch(f);
    const errAt = (steps: number, start: (X: Float64Array) => void) => {
      const X = new Float64Array(30 * f);
      start(X);
      for (let u = 0; u < 30; u++) solveUserFactorCg(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, u * f, steps, cg);
      let worst = 0;
      for (let u = 0; u < 30; u++) worst = Math.max(worst, relNorm(X, exact, u));
      return worst;
    };
    const cold1 = errAt(1, () => undefined);
    const cold3 = errAt(3, () => undefined);
    expect(cold3).toBeLessThan(cold1);
    const rng = makeRng("perturb");
    const warm3 = errAt(3, (X) => {
      for (let i = 0; i < X.length; i++) X[i] = exact[i] * (1 + 0.05 * (rng() - 0.5));
    });
    expect(warm3).toBeLessThan(cold3);
    expect(warm3).toBeLessThan(1e-2);
  });

  it("gives x_u = 0 for a user without interactions, like the Cholesky path", () => {
    const { Y, YtY } = setup();
    const X = new Float64Array(f).fill(3);
    solveUserFactorCg(Y, f, YtY, lambda, alpha, new Int32Array(0), new Float64Array(0), 0, 0, X, 0, 3, makeCgScratch(f));
    expect(Array.from(X)).toEqual(new Array(f).fill(0));
  });
});
