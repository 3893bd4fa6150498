/**
 * FCF rounds on a RoundPool for an FcfState: moves the state and the data into shared memory once, keeps
 * the round buffers between calls, and runs the blocked round (core/fcf/round.ts) on every thread.
 */
import { beginRound, roundArrays, type RoundState, type SolverOptions } from "../../core/fcf/fast.js";
import type { FcfHyper } from "../../core/fcf/hyper.js";
import type { RoundArrays } from "../../core/fcf/round.js";
import type { Csr } from "../../core/sparse/csr.js";
import { shareCsr, shareState, sharedAlloc, sharedAllocInt, type RoundPool } from "./pool.js";

interface Cached {
  source: Csr;
  clients: Int32Array | null;
  arrays: RoundArrays;
}

/** Runs FCF iterations of one state over a pool (bit-identical for every pool size). */
export class ParallelTrainer {
  private readonly pool: RoundPool;
  private cached: Cached | null = null;

  constructor(pool: RoundPool) {
    this.pool = pool;
  }

  /** One FCF round: client solves, exact factored aggregate, master gradient (λ once) and Adam; round += 1. */
  iterate(state: RoundState, R: Csr, hyper: FcfHyper, clients: Int32Array | null, solver: SolverOptions): void {
    shareState(state);
    let c = this.cached;
    if (c === null || c.source !== R || c.clients !== clients || c.arrays.X !== state.X || c.arrays.Y !== state.Y) {
      const shared = shareCsr(R);
      const sharedClients = clients === null ? null : (() => {
        const a = new Int32Array(new SharedArrayBuffer(clients.byteLength));
        a.set(clients);
        return a;
      })();
      c = { source: R, clients, arrays: roundArrays(state, shared, sharedClients, sharedAlloc, sharedAllocInt) };
      this.cached = c;
    }
    const s = beginRound(state, c.arrays, hyper, solver);
    this.pool.run(c.arrays, s);
    state.round += 1;
  }
}
