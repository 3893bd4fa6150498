import { Matrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { denseUpload, makeClientScratch, solveUserFactor } from "../../src/core/fcf/client.js";
import { gram } from "../../src/core/linalg/kernels.js";
import { makeRng } from "../../src/core/rng.js";
import { maxRelErr, randn } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

const nItems = 20;
const f = 5;
const alpha = 2;
const lambda = 0.1;

/** Dense reference x_u = (YᵀC_uY + λI)⁻¹ YᵀC_u p_u built with ml-matrix over ALL items. */
function denseSolve(Y: Float64Array, row: number[]): number[] {
  const Ym = Matrix.from1DArray(nItems, f, Array.from(Y));
  const c = row.map((r) => 1 + alpha * r);
  const p = row.map((r) => (r > 0 ? 1 : 0));
  const YtC = Ym.transpose().mulRowVector(c);
  const A = YtC.mmul(Ym).add(Matrix.eye(f).mul(lambda));
  const b = YtC.mmul(Matrix.columnVector(p));
  return solve(A, b).to1DArray();
}

describe("solveUserFactor (client closed form)", () => {
  it("equals the direct dense solve (YᵀC_uY + λI)⁻¹YᵀC_u p_u for every user, reusing one scratch", () => {
    const rng = makeRng("client-solve");
    const Y = randn(rng, nItems * f, 0.5);
    const R = randomSparse(12, nItems, 0.25, 5, rng);
    const YtY = gram(Y, nItems, f, new Float64Array(f * f));
    const scratch = makeClientScratch(f);
    const X = new Float64Array(12 * f + 3).fill(7);
    for (let u = 0; u < 12; u++) {
      solveUserFactor(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, 3 + u * f, scratch);
      const row = new Array<number>(nItems).fill(0);
      for (let k = R.indptr[u]; k < R.indptr[u + 1]; k++) row[R.indices[k]] = R.data[k];
      expect(maxRelErr(X.subarray(3 + u * f, 3 + (u + 1) * f), denseSolve(Y, row), 1e-9)).toBeLessThan(1e-9);
    }
    expect(Array.from(X.subarray(0, 3))).toEqual([7, 7, 7]);
  });

  it("gives x_u = 0 for a user with no entries", () => {
    const Y = randn(makeRng("empty"), nItems * f);
    const YtY = gram(Y, nItems, f, new Float64Array(f * f));
    const out = new Float64Array(f).fill(3);
    solveUserFactor(Y, f, YtY, lambda, alpha, new Int32Array(0), new Float64Array(0), 0, 0, out, 0, makeClientScratch(f));
    expect(Array.from(out)).toEqual(new Array<number>(f).fill(0));
  });

  it("throws an error that suggests a larger lambda when the system is not positive definite", () => {
    const Y = new Float64Array(nItems * f); // YᵀY = 0, so λ < 0 makes the matrix indefinite
    const YtY = new Float64Array(f * f);
    const run = (): void =>
      solveUserFactor(Y, f, YtY, -1, alpha, new Int32Array([2]), new Float64Array([1]), 0, 1, new Float64Array(f), 0, makeClientScratch(f));
    expect(run).toThrow(/increase lambda/);
  });
});

describe("denseUpload (paper-faithful client upload)", () => {
  it("writes G_u[v] = c_uv (p_uv − x_uᵀy_v) x_u for every item, observed or not", () => {
    const rng = makeRng("upload");
    const Y = randn(rng, nItems * f);
    const x = randn(rng, f + 2);
    const items = new Int32Array([1, 4, 9, 17]);
    const r = new Float64Array([3, 1, 2, 5]);
    const out = new Float64Array(nItems * f).fill(NaN);
    denseUpload(Y, nItems, f, x, 2, alpha, items, r, 1, 3, out); // only items 4 and 9 are this row
    const row = new Array<number>(nItems).fill(0);
    row[4] = 1;
    row[9] = 2;
    const Ym = Matrix.from1DArray(nItems, f, Array.from(Y));
    const xm = Matrix.columnVector(Array.from(x.subarray(2)));
    const pred = Ym.mmul(xm).to1DArray();
    const expected: number[] = [];
    for (let v = 0; v < nItems; v++) {
      const c = 1 + alpha * row[v];
      const p = row[v] > 0 ? 1 : 0;
      for (let a = 0; a < f; a++) expected.push(c * (p - pred[v]) * x[2 + a]);
    }
    expect(maxRelErr(out, expected, 1e-9)).toBeLessThan(1e-12);
  });
});
