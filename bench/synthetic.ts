/**
 * Seeded synthetic interaction data for the benchmarks, built straight into shared typed arrays (no
 * triplets, no Maps), so 1,000,000 users × 30 partners cost only the CSR itself: each user gets exactly
 * `perUser` distinct partners other than itself (uniform), sorted, with feedback r = 1 + a negative-binomial
 * count (mean 2, size 1: over-dispersed like message counts).
 */
import { deriveRng, negativeBinomial, normal, randInt } from "../src/core/rng.js";
import type { Csr } from "../src/core/sparse/csr.js";
import { makeAdamState } from "../src/core/fcf/master.js";
import { INIT_STD, type FcfState } from "../src/core/fcf/train.js";
import { sharedAlloc } from "../src/sim/parallel/pool.js";
import type { RoundState } from "../src/core/fcf/fast.js";

/** A Float32Array of n entries in shared memory. */
function sharedAlloc32(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(n * 4));
}

/** An n×n CSR with `perUser` entries per row, in SharedArrayBuffers. */
export function syntheticCsr(n: number, perUser: number, seed: string): Csr {
  if (perUser >= n) throw new RangeError(`perUser (${perUser}) must be < n (${n})`);
  const rng = deriveRng(seed, "bench-csr", n, perUser);
  const nnz = n * perUser;
  const indptr = new Int32Array(new SharedArrayBuffer((n + 1) * 4));
  const indices = new Int32Array(new SharedArrayBuffer(nnz * 4));
  const data = sharedAlloc(nnz);
  const row = new Int32Array(perUser);
  for (let u = 0; u < n; u++) {
    let k = 0;
    while (k < perUser) {
      const v = randInt(rng, n);
      if (v === u) continue;
      let dup = false;
      for (let j = 0; j < k; j++) if (row[j] === v) dup = true;
      if (!dup) row[k++] = v;
    }
    row.sort();
    const o = u * perUser;
    indices.set(row, o);
    for (let j = 0; j < perUser; j++) data[o + j] = 1 + negativeBinomial(rng, 2, 1);
    indptr[u + 1] = o + perUser;
  }
  return { rows: n, cols: n, indptr, indices, data };
}

/** An FCF state in shared memory: Y ~ N(0, INIT_STD²), X = 0, Adam at t = 0 (as initFcf, without copies). */
export function sharedState(n: number, f: number, seed: string): FcfState {
  const adam = makeAdamState(0);
  adam.m = sharedAlloc(n * f);
  adam.v = sharedAlloc(n * f);
  const state = { nUsers: n, nItems: n, f, X: sharedAlloc(n * f), Y: sharedAlloc(n * f), YtY: sharedAlloc(f * f), adam, round: 0 };
  resetState(state, seed);
  return state;
}

/**
 * The same state with Float32 storage of X, Y and Adam's moments (half the memory): the same draws as
 * sharedState, each stored rounded to the nearest float.
 */
export function sharedStateF32(n: number, f: number, seed: string): RoundState {
  const adam = { m: sharedAlloc32(n * f), v: sharedAlloc32(n * f), t: 0 };
  const state = { nUsers: n, nItems: n, f, X: sharedAlloc32(n * f), Y: sharedAlloc32(n * f), YtY: sharedAlloc(f * f), adam, round: 0 };
  resetState(state, seed);
  return state;
}

/** Re-initialises a state in place (same draws as sharedState), so a second run reuses its memory. */
export function resetState(state: RoundState, seed: string): void {
  const rng = deriveRng(seed, "bench-init", state.nUsers, state.f);
  const Y = state.Y;
  for (let i = 0; i < Y.length; i++) Y[i] = INIT_STD * normal(rng);
  state.X.fill(0);
  state.adam.m.fill(0);
  state.adam.v.fill(0);
  state.adam.t = 0;
  state.round = 0;
}
