/**
 * Checkpoints of FCF training: the part of FcfState that determines every later round. Y, the Adam
 * moments m and v (all float64, bit-exact), the step counter t and the round. X and YᵀY are not part of
 * it: every round recomputes YᵀY from Y and each reporting client's x_u from Y and its own data before
 * they are used, and X is private to the devices (it never leaves them, so it is never exported).
 */
import type { FcfState } from "./train.js";

/** What a resumed run needs: shapes, master model, optimiser state. */
export interface FcfCheckpoint {
  nUsers: number;
  nItems: number;
  f: number;
  Y: Float64Array;
  m: Float64Array;
  v: Float64Array;
  t: number;
  round: number;
}

/** Copies the resumable part of a state (Y, Adam m, v, t, round). */
export function checkpointFcf(state: FcfState): FcfCheckpoint {
  return {
    nUsers: state.nUsers,
    nItems: state.nItems,
    f: state.f,
    Y: state.Y.slice(),
    m: state.adam.m.slice(),
    v: state.adam.v.slice(),
    t: state.adam.t,
    round: state.round,
  };
}

/**
 * Rebuilds an FcfState from a checkpoint so that fcfIteration continues exactly as the uninterrupted
 * run would: X = 0 and YᵀY = 0 are placeholders overwritten by the next round's client solves.
 * Throws when array lengths do not match the shapes.
 */
export function restoreFcf(cp: FcfCheckpoint): FcfState {
  const size = cp.nItems * cp.f;
  for (const [name, arr] of [["Y", cp.Y], ["m", cp.m], ["v", cp.v]] as const) {
    if (arr.length !== size) throw new RangeError(`checkpoint: ${name} has ${arr.length} values, expected ${cp.nItems}×${cp.f}`);
  }
  if (!(Number.isInteger(cp.t) && cp.t >= 0 && Number.isInteger(cp.round) && cp.round >= 0)) {
    throw new RangeError(`checkpoint: t and round must be non-negative integers, got t=${cp.t}, round=${cp.round}`);
  }
  return {
    nUsers: cp.nUsers,
    nItems: cp.nItems,
    f: cp.f,
    X: new Float64Array(cp.nUsers * cp.f),
    Y: cp.Y.slice(),
    YtY: new Float64Array(cp.f * cp.f),
    adam: { m: cp.m.slice(), v: cp.v.slice(), t: cp.t },
    round: cp.round,
  };
}
