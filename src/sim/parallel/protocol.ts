/**
 * The shared-memory protocol between the round driver and its worker threads: an Int32 control block
 * (generation counter, command, phase, next task, done count, failure flag) and a Float64 block of round scalars.
 * Workers sleep on the generation with Atomics.wait; the driver bumps it and notifies.
 */
import { ROUND_PHASES, type ClientSolver, type RoundPhase, type RoundScalars } from "../../core/fcf/round.js";

/** Control-block slots. */
export const GEN = 0;
export const CMD = 1;
export const PHASE = 2;
export const NEXT = 3;
export const DONE = 4;
export const FAILED = 5;
export const CONTROL_SLOTS = 8;

/** Commands. */
export const CMD_BIND = 1;
export const CMD_PHASE = 2;
export const CMD_STOP = 3;

const SOLVERS: readonly ClientSolver[] = ["cholesky", "cg"];
export const SCALAR_SLOTS = 11;

/** Writes the round scalars into the shared block. */
export function writeScalars(buf: Float64Array, s: RoundScalars): void {
  buf[0] = s.lambda;
  buf[1] = s.alpha;
  buf[2] = s.lr;
  buf[3] = s.beta1;
  buf[4] = s.beta2;
  buf[5] = s.eps;
  buf[6] = s.bc1;
  buf[7] = s.bc2;
  buf[8] = s.scale;
  buf[9] = SOLVERS.indexOf(s.solver);
  buf[10] = s.cgSteps;
}

/** Reads the round scalars from the shared block. */
export function readScalars(buf: Float64Array): RoundScalars {
  return {
    lambda: buf[0],
    alpha: buf[1],
    lr: buf[2],
    beta1: buf[3],
    beta2: buf[4],
    eps: buf[5],
    bc1: buf[6],
    bc2: buf[7],
    scale: buf[8],
    solver: SOLVERS[buf[9]],
    cgSteps: buf[10],
  };
}

/** Phase index ↔ name. */
export function phaseIndex(p: RoundPhase): number {
  return ROUND_PHASES.indexOf(p);
}
export function phaseAt(i: number): RoundPhase {
  return ROUND_PHASES[i];
}

/** What the driver sends a worker on its port when the arrays change. */
export interface BindMessage {
  control: Int32Array;
  scalars: Float64Array;
}
