import { describe, expect, it } from "vitest";
import { alsFit } from "../../src/core/fcf/als.js";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../../src/core/fcf/hyper.js";
import { scoreUser } from "../../src/core/fcf/recommend.js";
import { fcfIteration, fcfLoss, initFcf, solveClients } from "../../src/core/fcf/train.js";
import { topK } from "../../src/core/linalg/topk.js";
import { makeRng } from "../../src/core/rng.js";
import type { Csr } from "../../src/core/sparse/csr.js";
import { synthetic } from "./synthetic.js";

/** Mean precision@k over users with held-out items; training items are excluded from the ranking. */
function precisionAt(k: number, X: Float64Array, Y: Float64Array, f: number, train: Csr, test: Csr): number {
  const scores = new Float64Array(train.cols);
  const idx = new Int32Array(k);
  let sum = 0;
  let users = 0;
  for (let u = 0; u < train.rows; u++) {
    if (test.indptr[u + 1] === test.indptr[u]) continue;
    const seen = new Set(train.indices.subarray(train.indptr[u], train.indptr[u + 1]));
    const held = new Set(test.indices.subarray(test.indptr[u], test.indptr[u + 1]));
    scoreUser(X, u, Y, train.cols, f, scores);
    const got = topK(scores, k, idx, null, (i) => seen.has(i));
    let hits = 0;
    for (let j = 0; j < got; j++) if (held.has(idx[j])) hits++;
    sum += hits / k;
    users++;
  }
  return sum / users;
}

describe("FCF matches centralized ALS on a synthetic implicit problem (60×50, rank 3 + noise)", () => {
  const { train, test } = synthetic(60, 50, 3, 0.3, 1.0, "fcf-vs-als");
  const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: 4, lambda: 0.1, alpha: 2, lr: 0.05 };
  const f = hyper.factors;

  it("all-client FCF (dense uploads, 200 rounds) reaches ALS's precision@10 within 2% and the same cost", () => {
    const als = alsFit(train, f, hyper.lambda, hyper.alpha, 50, makeRng("als-init"));
    const pAls = precisionAt(10, als.X, als.Y, f, train, test);

    const state = initFcf(train.rows, train.cols, hyper, makeRng("fcf-init"));
    const J0 = fcfLoss(state, train, hyper.lambda, hyper.alpha);
    for (let r = 0; r < 200; r++) fcfIteration(state, train, hyper, { clients: null, aggregate: "dense" });
    solveClients(state, train, hyper, null); // devices score with x_u solved from the final broadcast Y
    const pFcf = precisionAt(10, state.X, state.Y, f, train, test);
    const Jfcf = fcfLoss(state, train, hyper.lambda, hyper.alpha);
    const Jals = fcfLoss({ ...state, X: als.X, Y: als.Y }, train, hyper.lambda, hyper.alpha);

    // sanity floor: a random ranking of the unseen items scores ≈ 0.08 here, the best possible ≈ 0.26
    expect(pAls).toBeGreaterThan(0.15);
    expect(pFcf).toBeGreaterThanOrEqual(0.98 * pAls);
    expect(Jfcf).toBeLessThan(0.5 * J0);
    expect(Jfcf).toBeLessThan(1.01 * Jals);
  });
});
