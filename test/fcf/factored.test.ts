import { describe, expect, it } from "vitest";
import { denseUpload, makeClientScratch, solveUserFactor } from "../../src/core/fcf/client.js";
import { factoredAggregate } from "../../src/core/fcf/factored.js";
import { gram } from "../../src/core/linalg/kernels.js";
import { makeRng } from "../../src/core/rng.js";
import type { Csr } from "../../src/core/sparse/csr.js";
import { maxRelErr, randn } from "../linalg/helpers.js";
import { randomSparse } from "./synthetic.js";

const f = 6;
const alpha = 3;

/** Σ_{u∈clients} denseUpload(u), the protocol's literal sum. */
function denseSum(R: Csr, X: Float64Array, Y: Float64Array, clients: number[]): Float64Array {
  const sum = new Float64Array(R.cols * f);
  const up = new Float64Array(R.cols * f);
  for (const u of clients) {
    denseUpload(Y, R.cols, f, X, u * f, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], up);
    for (let i = 0; i < sum.length; i++) sum[i] += up[i];
  }
  return sum;
}

describe("factoredAggregate equals the sum of dense uploads", () => {
  const rng = makeRng("factored");
  const users = 40;
  const items = 30;
  const R = randomSparse(users, items, 0.15, 6, rng);
  const Y = randn(rng, items * f, 0.4);
  // X at the client solutions, as in a round
  const X = new Float64Array(users * f);
  const YtY = gram(Y, items, f, new Float64Array(f * f));
  const scratch = makeClientScratch(f);
  for (let u = 0; u < users; u++) {
    solveUserFactor(Y, f, YtY, 0.1, alpha, R.indices, R.data, R.indptr[u], R.indptr[u + 1], X, u * f, scratch);
  }

  it("over all clients (clients = null)", () => {
    const out = new Float64Array(items * f).fill(5);
    const all = Array.from({ length: users }, (_, u) => u);
    expect(factoredAggregate(R, X, Y, f, alpha, out, null)).toBe(out);
    expect(maxRelErr(out, denseSum(R, X, Y, all), 1e-9)).toBeLessThan(1e-9);
  });

  it("over a client subset, ignoring the other users' factors", () => {
    const subset = [0, 3, 7, 8, 21, 39];
    const Xnoisy = X.slice();
    for (let u = 0; u < users; u++) if (!subset.includes(u)) Xnoisy.fill(1e3, u * f, (u + 1) * f);
    const out = new Float64Array(items * f);
    factoredAggregate(R, Xnoisy, Y, f, alpha, out, new Int32Array(subset));
    expect(maxRelErr(out, denseSum(R, X, Y, subset), 1e-9)).toBeLessThan(1e-9);
  });

  it("with arbitrary (non-solution) X, since the identity is algebraic", () => {
    const Xr = randn(rng, users * f);
    const out = new Float64Array(items * f);
    factoredAggregate(R, Xr, Y, f, alpha, out, null);
    expect(maxRelErr(out, denseSum(R, Xr, Y, Array.from({ length: users }, (_, u) => u)), 1e-9)).toBeLessThan(1e-9);
  });
});
