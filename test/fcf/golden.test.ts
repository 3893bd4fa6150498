import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../../src/core/fcf/hyper.js";
import { fcfGradient, fcfIteration, initFcf, type FcfState } from "../../src/core/fcf/train.js";
import { makeRng } from "../../src/core/rng.js";
import { csrFromTriplets, type Csr } from "../../src/core/sparse/csr.js";

interface GoldenRound {
  t: number;
  X: number[][];
  gradient: number[][];
  Y_after: number[][];
}
interface Golden {
  alpha: number;
  lambda: number;
  lr: number;
  factors: number;
  users: number;
  items: number;
  interactions: [number, number, number][];
  Y0: number[][];
  rounds: GoldenRound[];
}

const golden = JSON.parse(readFileSync("/work/shared/reference/fcf-golden.json", "utf8")) as Golden;

/** Largest per-entry relative error |a − b| / max(|b|, 1e-12). */
function maxRelErr(actual: Float64Array, expected: number[][]): number {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  let worst = 0;
  for (let i = 0; i < flat.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - flat[i]) / Math.max(Math.abs(flat[i]), 1e-12));
  }
  return worst;
}

function setup(): { state: FcfState; hyper: FcfHyper; R: Csr } {
  // The file's r is the raw feedback value (c = 1 + α·r, p = [r > 0]); its gradient includes + 2λY.
  const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: golden.factors, alpha: golden.alpha, lambda: golden.lambda, lr: golden.lr };
  const I = golden.interactions;
  const R = csrFromTriplets(golden.users, golden.items, I.map((t) => t[0]), I.map((t) => t[1]), I.map((t) => t[2]));
  const state = initFcf(golden.users, golden.items, hyper, makeRng("golden"));
  state.Y.set(golden.Y0.flat()); // overwrite the random init with the file's Y0
  return { state, hyper, R };
}

describe("FCF against the NumPy golden vectors (30×25, f = 4)", () => {
  for (const aggregate of ["dense", "factored"] as const) {
    it(`three all-client rounds reproduce X, ∂J/∂Y and Y_after to 1e-9 relative (${aggregate} aggregate)`, () => {
      const { state, hyper, R } = setup();
      const grad = new Float64Array(golden.items * golden.factors);
      for (const round of golden.rounds) {
        fcfGradient(state, R, hyper, { clients: null, aggregate }, grad);
        expect(maxRelErr(state.X, round.X)).toBeLessThan(1e-9);
        expect(maxRelErr(grad, round.gradient)).toBeLessThan(1e-9);
        fcfIteration(state, R, hyper, { clients: null, aggregate });
        expect(state.round).toBe(round.t);
        expect(state.adam.t).toBe(round.t);
        expect(maxRelErr(state.X, round.X)).toBeLessThan(1e-9);
        expect(maxRelErr(state.Y, round.Y_after)).toBeLessThan(1e-9);
      }
    });
  }
});
