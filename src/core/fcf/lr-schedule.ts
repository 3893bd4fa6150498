/**
 * Learning-rate schedules of the master's Adam step over FCF rounds. With sampled clients the master
 * gradient is a noisy (unbiased) estimate of the full one, so a constant step makes Y wander around the
 * optimum; decaying the step size averages that noise out. The schedule scales only the step size
 * lr_r = lr·s(r): Adam's moments and its bias correction (1 − β^t, t = steps taken) are unchanged.
 */

/** A schedule s(r) for rounds r = 1, 2, …; lr_r = lr·s(r). */
export type LrSchedule =
  | { kind: "constant" }
  /** s(r) = factor^⌊(r − 1)/every⌋ */
  | { kind: "step"; every: number; factor: number }
  /** s(r) = γ^(r − 1) */
  | { kind: "exponential"; gamma: number }
  /** s(r) = floor + (1 − floor)·(1 + cos(π·min(r − 1, horizon)/horizon))/2 (cosine annealing, then flat at floor) */
  | { kind: "cosine"; horizon: number; floor: number };

export const CONSTANT_LR: LrSchedule = { kind: "constant" };

/** The multiplier s(r) of the base learning rate in round r (1-based). */
export function lrFactor(s: LrSchedule, round: number): number {
  const k = round - 1;
  switch (s.kind) {
    case "constant":
      return 1;
    case "step":
      return Math.pow(s.factor, Math.floor(k / s.every));
    case "exponential":
      return Math.pow(s.gamma, k);
    case "cosine":
      return s.floor + ((1 - s.floor) * (1 + Math.cos((Math.PI * Math.min(k, s.horizon)) / s.horizon))) / 2;
  }
}

/**
 * Parses the textual form: `constant`, `step:EVERY:FACTOR`, `exp:GAMMA`, `cosine[:HORIZON[:FLOOR]]`
 * (HORIZON defaults to `defaultHorizon`, FLOOR to 0). Throws RangeError saying what was expected.
 */
export function parseLrSchedule(raw: string, defaultHorizon: number): LrSchedule {
  const [kind, ...args] = raw.trim().split(":");
  const nums = args.map(Number);
  const bad = (want: string): never => {
    throw new RangeError(`expected ${want}, got "${raw}"`);
  };
  if (nums.some((v) => !Number.isFinite(v))) bad("numbers after the schedule's name");
  switch (kind) {
    case "constant":
      if (nums.length !== 0) bad("constant (no arguments)");
      return CONSTANT_LR;
    case "step":
      if (nums.length !== 2 || !Number.isInteger(nums[0]) || nums[0] < 1 || !(nums[1] > 0 && nums[1] <= 1)) bad("step:EVERY:FACTOR with EVERY an integer ≥ 1 and 0 < FACTOR ≤ 1");
      return { kind: "step", every: nums[0], factor: nums[1] };
    case "exp":
    case "exponential":
      if (nums.length !== 1 || !(nums[0] > 0 && nums[0] <= 1)) bad("exp:GAMMA with 0 < GAMMA ≤ 1");
      return { kind: "exponential", gamma: nums[0] };
    case "cosine": {
      if (nums.length > 2) bad("cosine[:HORIZON[:FLOOR]]");
      const horizon = nums[0] ?? defaultHorizon;
      const floor = nums[1] ?? 0;
      if (!Number.isInteger(horizon) || horizon < 1 || !(floor >= 0 && floor <= 1)) bad("cosine[:HORIZON[:FLOOR]] with HORIZON an integer ≥ 1 and 0 ≤ FLOOR ≤ 1");
      return { kind: "cosine", horizon, floor };
    }
    default:
      return bad("constant, step:EVERY:FACTOR, exp:GAMMA or cosine[:HORIZON[:FLOOR]]");
  }
}

/** The canonical textual form (parseLrSchedule(formatLrSchedule(s), ·) equals s). */
export function formatLrSchedule(s: LrSchedule): string {
  switch (s.kind) {
    case "constant":
      return "constant";
    case "step":
      return `step:${s.every}:${s.factor}`;
    case "exponential":
      return `exp:${s.gamma}`;
    case "cosine":
      return `cosine:${s.horizon}:${s.floor}`;
  }
}
