import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastIteration } from "../../src/core/fcf/fast.js";
import { DEFAULT_FCF_HYPER } from "../../src/core/fcf/hyper.js";
import { ClientSolver } from "../../src/core/fcf/round.js";
import { initFcf, type FcfState } from "../../src/core/fcf/train.js";
import { makeRng } from "../../src/core/rng.js";
import { RoundPool } from "../../src/sim/parallel/pool.js";
import { ParallelTrainer } from "../../src/sim/parallel/trainer.js";
import { randomSparse } from "../fcf/synthetic.js";

describe("FCF rounds on worker threads", () => {
  const hyper = { ...DEFAULT_FCF_HYPER, factors: 8 };
  const n = 9000; // several user and item blocks
  const R = randomSparse(n, n, 0.003, 5, makeRng("threads"));
  const pools: RoundPool[] = [];
  beforeAll(async () => {
    for (const t of [1, 2, 3]) pools.push(await RoundPool.start(t));
  });
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  for (const solver of ["cholesky", "cg"] as ClientSolver[]) {
    it(`gives bit-identical X and Y for 1, 2 and 3 threads and the in-thread round (${solver})`, () => {
      const serial = initFcf(n, n, hyper, makeRng("init"));
      for (let t = 0; t < 3; t++) fastIteration(serial, R, hyper, null, { solver, cgSteps: 3 });
      for (const pool of pools) {
        const state = initFcf(n, n, hyper, makeRng("init"));
        const trainer = new ParallelTrainer(pool);
        for (let t = 0; t < 3; t++) trainer.iterate(state, R, hyper, null, { solver, cgSteps: 3 });
        expect(Buffer.compare(Buffer.from(state.Y.buffer), Buffer.from(serial.Y.buffer))).toBe(0);
        expect(Buffer.compare(Buffer.from(state.X.buffer), Buffer.from(serial.X.buffer))).toBe(0);
        expect(state.round).toBe(3);
      }
    });
  }

  it("bit-identical across thread counts with a sampled subset of clients", () => {
    const clients = Int32Array.from({ length: 5000 }, (_, i) => (i * 11) % n);
    const out: Float64Array[] = [];
    for (const pool of pools) {
      const state = initFcf(n, n, hyper, makeRng("init"));
      const trainer = new ParallelTrainer(pool);
      for (let t = 0; t < 2; t++) trainer.iterate(state, R, hyper, clients, { solver: "cholesky", cgSteps: 3 });
      out.push(state.Y);
    }
    for (const y of out.slice(1)) expect(Buffer.compare(Buffer.from(y.buffer), Buffer.from(out[0].buffer))).toBe(0);
  });

  it("Float32 storage: bit-identical across thread counts, within float precision of Float64 storage", () => {
    const f32 = (s: FcfState) => ({ ...s, X: Float32Array.from(s.X), Y: Float32Array.from(s.Y), adam: { m: Float32Array.from(s.adam.m), v: Float32Array.from(s.adam.v), t: s.adam.t } });
    const ref = initFcf(n, n, hyper, makeRng("init"));
    const refY0 = Float32Array.from(ref.Y);
    ref.Y.set(refY0); // Float64 storage from the same (float-rounded) start
    for (let t = 0; t < 2; t++) fastIteration(ref, R, hyper, null, { solver: "cholesky", cgSteps: 3 });
    const out: Float32Array[] = [];
    for (const pool of pools) {
      const state = f32(initFcf(n, n, hyper, makeRng("init")));
      const trainer = new ParallelTrainer(pool);
      for (let t = 0; t < 2; t++) trainer.iterate(state, R, hyper, null, { solver: "cholesky", cgSteps: 3 });
      expect(state.Y).toBeInstanceOf(Float32Array);
      out.push(state.Y as Float32Array);
    }
    for (const y of out.slice(1)) expect(Buffer.compare(Buffer.from(y.buffer), Buffer.from(out[0].buffer))).toBe(0);
    let num = 0;
    let den = 0;
    for (let i = 0; i < ref.Y.length; i++) {
      num += (out[0][i] - ref.Y[i]) ** 2;
      den += ref.Y[i] ** 2;
    }
    const rel = Math.sqrt(num / den);
    expect(rel).toBeGreaterThan(0); // the storage really is Float32
    expect(rel).toBeLessThan(1e-5);
  });
});
