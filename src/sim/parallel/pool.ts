/**
 * Runs FCF rounds over worker_threads: `threads − 1` workers plus the calling thread take the tasks of each
 * phase (core/fcf/round.ts) from a shared counter; the calling thread then reduces the block partials in
 * block order. The round's arrays live in SharedArrayBuffers, so nothing is copied per round. Results are
 * bit-identical for every thread count (the tasks and the reduction order do not depend on it).
 * The round itself is synchronous (Atomics.wait on the calling thread); only start-up and close are async.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { afterPhase, makeRoundScratch, ROUND_PHASES, runTask, taskCount, type RoundArrays, type RoundPhase, type RoundScalars, type RoundScratch } from "../../core/fcf/round.js";
import type { RoundState } from "../../core/fcf/fast.js";
import type { Csr } from "../../core/sparse/csr.js";
import type { Alloc } from "../../core/fcf/fast.js";
import type { AllocInt } from "../../core/sparse/transpose.js";
import { CMD, CMD_BIND, CMD_PHASE, CMD_STOP, CONTROL_SLOTS, DONE, FAILED, GEN, NEXT, PHASE, SCALAR_SLOTS, phaseIndex, writeScalars } from "./protocol.js";

const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);

/** Allocates Float64Arrays in shared memory (visible to every worker). */
export const sharedAlloc: Alloc = (n) => new Float64Array(new SharedArrayBuffer(n * 8));

/** Allocates Int32Arrays in shared memory. */
export const sharedAllocInt: AllocInt = (n) => new Int32Array(new SharedArrayBuffer(n * 4));

function isShared(a: { buffer: ArrayBufferLike }): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

function sharedCopy<T extends Float64Array | Float32Array | Int32Array>(a: T): T {
  if (isShared(a)) return a;
  const buf = new SharedArrayBuffer(a.byteLength);
  const out = (a instanceof Float64Array ? new Float64Array(buf) : a instanceof Float32Array ? new Float32Array(buf) : new Int32Array(buf)) as T;
  out.set(a);
  return out;
}

/** Moves the state's X, Y, YᵀY and Adam moments into shared memory (in place; a no-op when they are). */
export function shareState(state: RoundState): void {
  state.X = sharedCopy(state.X);
  state.Y = sharedCopy(state.Y);
  state.YtY = sharedCopy(state.YtY);
  state.adam.m = sharedCopy(state.adam.m);
  state.adam.v = sharedCopy(state.adam.v);
}

/** A copy of R in shared memory (R itself when it already is). */
export function shareCsr(R: Csr): Csr {
  return { rows: R.rows, cols: R.cols, indptr: sharedCopy(R.indptr), indices: sharedCopy(R.indices), data: sharedCopy(R.data) };
}

/** A pool of round workers. Create with RoundPool.start; close when done. */
export class RoundPool {
  readonly threads: number;
  private readonly workers: Worker[];
  private readonly ports: MessagePort[];
  private readonly control: Int32Array;
  private readonly scalars: Float64Array;
  private bound: RoundArrays | null = null;
  private scratch: RoundScratch | null = null;

  private constructor(threads: number, workers: Worker[], ports: MessagePort[], control: Int32Array, scalars: Float64Array) {
    this.threads = threads;
    this.workers = workers;
    this.ports = ports;
    this.control = control;
    this.scalars = scalars;
  }

  /** Starts `threads − 1` workers (threads ≥ 1) and resolves once each is running. */
  static async start(threads: number): Promise<RoundPool> {
    if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads must be an integer ≥ 1, got ${threads}`);
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    const scalars = new Float64Array(new SharedArrayBuffer(SCALAR_SLOTS * 8));
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    const ready: Array<Promise<void>> = [];
    for (let i = 1; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_ENTRY, { workerData: { control, scalars, port: port2 }, transferList: [port2] });
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once("message", () => resolve());
          worker.once("error", reject);
        }),
      );
      workers.push(worker);
      ports.push(port1);
    }
    await Promise.all(ready);
    return new RoundPool(threads, workers, ports, control, scalars);
  }

  /** Sends a command to every worker and waits until all have finished it, working on the tasks meanwhile. */
  private command(cmd: number, work: () => void): void {
    const c = this.control;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, CMD, cmd);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    work();
    const nw = this.workers.length;
    for (let d = Atomics.load(c, DONE); d < nw; d = Atomics.load(c, DONE)) Atomics.wait(c, DONE, d);
    if (Atomics.load(c, FAILED) !== 0) throw new Error("an FCF round worker failed (see the solver's message: run with --threads 1 to see it)");
  }

  /** Binds the round's arrays (all in shared memory) to the workers when they changed since the last round. */
  private bind(w: RoundArrays): void {
    if (this.bound !== null && sameArrays(this.bound, w)) return;
    const all = [w.indptr, w.indices, w.data, w.colptr, w.rowOf, w.entryOf, w.X, w.Y, w.YtY, w.XtX, w.m, w.v, w.partials];
    if (w.clients !== null) all.push(w.clients);
    if (w.member !== null) all.push(w.member);
    if (w.skip !== null) all.push(w.skip);
    if (w.sumOut !== null) all.push(w.sumOut);
    if (this.workers.length > 0 && !all.every(isShared)) throw new Error("round arrays must live in SharedArrayBuffers to use worker threads");
    for (const p of this.ports) p.postMessage(w);
    if (this.workers.length > 0) this.command(CMD_BIND, () => undefined);
    this.bound = w;
    this.scratch = makeRoundScratch(w.f);
  }

  /** Runs the given phases of a round (by default all three, in order) over the pool, synchronously. */
  run(w: RoundArrays, s: RoundScalars, phases: readonly RoundPhase[] = ROUND_PHASES): void {
    this.bind(w);
    const scratch = this.scratch as RoundScratch;
    const c = this.control;
    writeScalars(this.scalars, s);
    for (const phase of phases) {
      const n = taskCount(w, phase);
      Atomics.store(c, NEXT, 0);
      Atomics.store(c, PHASE, phaseIndex(phase));
      const work = () => {
        for (let t = Atomics.add(c, NEXT, 1); t < n; t = Atomics.add(c, NEXT, 1)) runTask(w, s, phase, t, scratch);
      };
      if (this.workers.length === 0) work();
      else this.command(CMD_PHASE, work);
      afterPhase(w, phase);
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.workers.length === 0) return;
    const exits = this.workers.map((wk) => new Promise<void>((resolve) => wk.once("exit", () => resolve())));
    Atomics.store(this.control, CMD, CMD_STOP);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    await Promise.all(exits);
    for (const p of this.ports) p.close();
  }
}

function sameArrays(a: RoundArrays, b: RoundArrays): boolean {
  return (
    a.indptr === b.indptr && a.indices === b.indices && a.data === b.data && a.clients === b.clients && a.X === b.X && a.Y === b.Y &&
    a.YtY === b.YtY && a.XtX === b.XtX && a.m === b.m && a.v === b.v && a.partials === b.partials && a.colptr === b.colptr &&
    a.member === b.member && a.skip === b.skip && a.sumOut === b.sumOut
  );
}
