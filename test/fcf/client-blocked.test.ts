import { Matrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { makeClientScratch, solveUserFactor } from "../../src/core/fcf/client.js";
import { makeCgScratch, solveUserFactorCg } from "../../src/core/fcf/cg.js";
import { gram } from "../../src/core/linalg/kernels.js";
import { makeRng } from "../../src/core/rng.js";
import { maxRelErr, randn } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

const alpha = 2;
const lambda = 0.1;

/** Dense reference x_u = (YᵀC_uY + λI)⁻¹ YᵀC_u p_u with ml-matrix over ALL items (c = 1 + α·r, p = [r > 0]). */
function denseSolve(Y: Float64Array, nItems: number, f: number, row: number[]): number[] {
  const Ym = Matrix.from1DArray(nItems, f, Array.from(Y));
  const YtC = Ym.transpose().mulRowVector(row.map((r) => 1 + alpha * r));
  const A = YtC.mmul(Ym).add(Matrix.eye(f).mul(lambda));
  return solve(A, YtC.mmul(Matrix.columnVector(row.map((r) => (r > 0 ? 1 : 0))))).to1DArray();
}

describe("blocked client kernels at every block remainder", () => {
  // f covers odd sizes, the 2×4 blocks (f ≥ 5), the 2×2 tail blocks (f ≡ 2 mod 4) and an odd last row;
  // row lengths up to ~70 cover k not a multiple of 2 or 4 and a scratch that grows past its 64 rows
  for (const f of [1, 2, 3, 7, 10, 13, 32]) {
    it(`Cholesky client step equals the dense ml-matrix solve (f = ${f}), one scratch for all users`, () => {
      const rng = makeRng(`client-blocked-${f}`);
      const nItems = 90;
      const Y = randn(rng, nItems * f, 0.5);
      const R = randomSparse(16, nItems, 0.45, 5, rng);
      const YtY = gram(Y, nItems, f, new Float64Array(f * f));
      const scratch = makeClientScratch(f);
      const X = new Float64Array(16 * f);
      for (let u = 0; u < 16; u++) {
        solveUserFactor(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, u * f, scratch);
        const row = new Array<number>(nItems).fill(0);
        for (let k = R.indptr[u]; k < R.indptr[u + 1]; k++) row[R.indices[k]] = R.data[k];
        expect(maxRelErr(X.subarray(u * f, (u + 1) * f), denseSolve(Y, nItems, f, row), 1e-9)).toBeLessThan(1e-9);
      }
    });

    it(`CG with f steps from zero reaches the same solution (f = ${f})`, () => {
      const rng = makeRng(`cg-blocked-${f}`);
      const nItems = 90;
      const Y = randn(rng, nItems * f, 0.5);
      const R = randomSparse(8, nItems, 0.45, 5, rng);
      const YtY = gram(Y, nItems, f, new Float64Array(f * f));
      const exact = new Float64Array(8 * f);
      const X = new Float64Array(8 * f);
      const chol = makeClientScratch(f);
      const cg = makeCgScratch(f);
      for (let u = 0; u < 8; u++) {
        solveUserFactor(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], exact, u * f, chol);
        solveUserFactorCg(Y, f, YtY, lambda, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, u * f, 4 * f, cg);
      }
      expect(maxRelErr(X, exact, 1e-6)).toBeLessThan(1e-7);
    });
  }
});
