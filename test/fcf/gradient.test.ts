import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../../src/core/fcf/hyper.js";
import { fcfGradient, fcfLoss, initFcf, solveClients } from "../../src/core/fcf/train.js";
import { makeRng } from "../../src/core/rng.js";
import type { Csr } from "../../src/core/sparse/csr.js";
import { maxRelErr } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: 3, alpha: 1.5, lambda: 0.3 };
const users = 8;
const items = 7;

/** Brute-force J with ml-matrix over every (u, v) pair: an independent reference for fcfLoss. */
function bruteLoss(R: Csr, X: Float64Array, Y: Float64Array): number {
  const f = hyper.factors;
  const P = Matrix.from1DArray(users, f, Array.from(X)).mmul(Matrix.from1DArray(items, f, Array.from(Y)).transpose());
  let J = 0;
  for (let u = 0; u < users; u++) {
    const row = new Array<number>(items).fill(0);
    for (let k = R.indptr[u]; k < R.indptr[u + 1]; k++) row[R.indices[k]] = R.data[k];
    for (let v = 0; v < items; v++) {
      const c = 1 + hyper.alpha * row[v];
      const p = row[v] > 0 ? 1 : 0;
      J += c * (p - P.get(u, v)) ** 2;
    }
  }
  let reg = 0;
  for (const a of X) reg += a * a;
  for (const a of Y) reg += a * a;
  return J + hyper.lambda * reg;
}

describe("master gradient vs finite differences of the cost", () => {
  const R = randomSparse(users, items, 0.3, 4, makeRng("fd-data"));

  it("fcfLoss equals a brute-force dense evaluation of J", () => {
    const state = initFcf(users, items, hyper, makeRng("fd-init"));
    solveClients(state, R, hyper, null);
    const J = fcfLoss(state, R, hyper.lambda, hyper.alpha);
    expect(Math.abs(J - bruteLoss(R, state.X, state.Y)) / J).toBeLessThan(1e-12);
  });

  for (const aggregate of ["dense", "factored"] as const) {
    it(`∂J/∂Y from the aggregated uploads (${aggregate}) matches central differences with X held at the client solutions`, () => {
      const state = initFcf(users, items, hyper, makeRng("fd-init"));
      for (let i = 0; i < state.Y.length; i++) state.Y[i] *= 5; // away from the origin, where J is flat
      const grad = fcfGradient(state, R, hyper, { clients: null, aggregate }, new Float64Array(items * hyper.factors));
      const h = 1e-5;
      const fd = new Float64Array(grad.length);
      for (let i = 0; i < state.Y.length; i++) {
        const y0 = state.Y[i];
        state.Y[i] = y0 + h;
        const jp = fcfLoss(state, R, hyper.lambda, hyper.alpha);
        state.Y[i] = y0 - h;
        const jm = fcfLoss(state, R, hyper.lambda, hyper.alpha);
        state.Y[i] = y0;
        fd[i] = (jp - jm) / (2 * h);
      }
      expect(maxRelErr(grad, fd, 1e-3)).toBeLessThan(1e-6);
    });
  }

  it("equals the total derivative of min_X J(X, Y) too (X re-solved at every perturbed Y: envelope theorem)", () => {
    const state = initFcf(users, items, hyper, makeRng("fd-init2"));
    for (let i = 0; i < state.Y.length; i++) state.Y[i] *= 5;
    const grad = fcfGradient(state, R, hyper, { clients: null, aggregate: "factored" }, new Float64Array(items * hyper.factors));
    const h = 1e-5;
    const fd = new Float64Array(grad.length);
    const Jstar = (): number => {
      solveClients(state, R, hyper, null);
      return fcfLoss(state, R, hyper.lambda, hyper.alpha);
    };
    for (let i = 0; i < state.Y.length; i++) {
      const y0 = state.Y[i];
      state.Y[i] = y0 + h;
      const jp = Jstar();
      state.Y[i] = y0 - h;
      const jm = Jstar();
      state.Y[i] = y0;
      fd[i] = (jp - jm) / (2 * h);
    }
    expect(maxRelErr(grad, fd, 1e-3)).toBeLessThan(1e-5);
  });
});
