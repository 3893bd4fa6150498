/**
 * The client solves and the exact factored aggregate of the simulation's federated fast path
 * (sim/deployments/federated.ts), on a RoundPool: the "solve" phase of core/fcf/round.ts (Cholesky or CG,
 * fixed client blocks, XᵀX reduced in block order) and its "update" phase in aggregate-only mode (Σ_u G_u
 * per item row, ascending u). The master's gradient and Adam step stay with the caller (FcfStrategy).
 * Same inputs ⇒ bit-identical outputs for every thread count.
 */
import { heapAlloc, type SolverOptions } from "../../core/fcf/fast.js";
import type { FcfHyper } from "../../core/fcf/hyper.js";
import { partialCount, type RoundArrays, type RoundScalars } from "../../core/fcf/round.js";
import type { FcfState } from "../../core/fcf/train.js";
import type { Csr } from "../../core/sparse/csr.js";
import { columnIndex, type ColumnIndex } from "../../core/sparse/transpose.js";
import { RoundPool, shareCsr, sharedAlloc, sharedAllocInt } from "./pool.js";

/** Client rounds of one FCF state over a pool of `threads` threads. */
export class PooledClientRounds {
  readonly threads: number;
  private readonly pool: RoundPool;
  private readonly state: FcfState;
  private readonly clients: Int32Array;
  private readonly member: Int32Array;
  private readonly skip: Int32Array;
  private readonly sum: Float64Array;
  private readonly XtX: Float64Array;
  private readonly partials: Float64Array;
  private data: { source: Csr; R: Csr; cols: ColumnIndex } | null = null;

  private constructor(pool: RoundPool, state: FcfState) {
    this.pool = pool;
    this.threads = pool.threads;
    this.state = state;
    const shared = pool.threads > 1;
    const f64 = shared ? sharedAlloc : heapAlloc;
    const i32 = (n: number) => (shared ? sharedAllocInt(n) : new Int32Array(n));
    this.clients = i32(state.nUsers);
    this.member = i32(state.nUsers);
    this.skip = i32(state.nUsers);
    this.sum = f64(state.nItems * state.f);
    this.XtX = f64(state.f * state.f);
    this.partials = f64(partialCount(state.nUsers, state.nItems) * state.f * state.f);
  }

  /**
   * Starts the pool. With threads > 1 the state's X, Y, YᵀY and Adam moments must already live in
   * SharedArrayBuffers (shareState before anything keeps views of them).
   */
  static async start(state: FcfState, threads: number): Promise<PooledClientRounds> {
    if (threads > 1 && !(state.X.buffer instanceof SharedArrayBuffer && state.Y.buffer instanceof SharedArrayBuffer && state.YtY.buffer instanceof SharedArrayBuffer)) {
      throw new Error("PooledClientRounds: share the FCF state (shareState) before starting threads");
    }
    return new PooledClientRounds(await RoundPool.start(threads), state);
  }

  private arrays(R: Csr, clients: Int32Array, skip: ((u: number) => boolean) | null, aggregate: boolean): RoundArrays {
    if (this.data === null || this.data.source !== R) {
      const shared = this.threads > 1 ? shareCsr(R) : R;
      this.data = { source: R, R: shared, cols: columnIndex(shared, this.threads > 1 ? sharedAllocInt : undefined) };
    }
    const { R: Rs, cols } = this.data;
    const st = this.state;
    const list = this.clients.subarray(0, clients.length);
    list.set(clients);
    this.member.fill(0);
    for (const u of clients) this.member[u] = 1;
    if (skip !== null) for (const u of clients) this.skip[u] = skip(u) ? 1 : 0;
    return {
      f: st.f,
      nUsers: st.nUsers,
      nItems: st.nItems,
      indptr: Rs.indptr,
      indices: Rs.indices,
      data: Rs.data,
      ...cols,
      clients: list,
      member: this.member,
      skip: skip === null ? null : this.skip,
      sumOut: aggregate ? this.sum : null,
      X: st.X,
      Y: st.Y,
      YtY: st.YtY,
      XtX: this.XtX,
      m: st.adam.m,
      v: st.adam.v,
      partials: this.partials,
    };
  }

  private scalars(hyper: FcfHyper, solver: SolverOptions): RoundScalars {
    return { ...hyper, bc1: 1, bc2: 1, scale: 1, solver: solver.solver, cgSteps: solver.cgSteps };
  }

  /**
   * Solves x_u for the listed clients (except those `skip` keeps) against the state's Y and YᵀY (YᵀY must be
   * current), then returns Σ_{u∈clients} G_u (nItems×f; valid until the next call). Clients must be distinct.
   */
  solveAndAggregate(R: Csr, clients: Int32Array, skip: ((u: number) => boolean) | null, hyper: FcfHyper, solver: SolverOptions): Float64Array {
    this.pool.run(this.arrays(R, clients, skip, true), this.scalars(hyper, solver), ["solve", "update"]);
    return this.sum;
  }

  /** Solves x_u for the listed clients only (the devices' refresh against a published model). */
  solve(R: Csr, clients: Int32Array, hyper: FcfHyper, solver: SolverOptions): void {
    this.pool.run(this.arrays(R, clients, null, false), this.scalars(hyper, solver), ["solve"]);
  }

  /** Stops the worker threads. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
