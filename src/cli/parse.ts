/**
 * Single-flag parsers for commander's argParser: each converts the raw string or throws
 * InvalidArgumentError with what was expected. Cross-field rules live in each command's validate step.
 */
import { InvalidArgumentError } from "commander";

/** An integer ≥ min. */
export function intAtLeast(min: number): (raw: string) => number {
  return (raw: string) => {
    const v = Number(raw);
    if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(v)) throw new InvalidArgumentError(`expected an integer, got "${raw}"`);
    if (v < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got ${v}`);
    return v;
  };
}

/** A finite number ≥ 0. */
export function nonNegative(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v)) throw new InvalidArgumentError(`expected a number, got "${raw}"`);
  if (v < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got ${v}`);
  return v;
}

/** A finite number > 0. */
export function positive(raw: string): number {
  const v = nonNegative(raw);
  if (v === 0) throw new InvalidArgumentError(`expected a number > 0, got ${v}`);
  return v;
}

/** A number in (0, 1]. */
export function unitInterval(raw: string): number {
  const v = positive(raw);
  if (v > 1) throw new InvalidArgumentError(`expected a number in (0, 1], got ${v}`);
  return v;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T {
  return (raw: string) => {
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    throw new InvalidArgumentError(`expected one of ${choices.join(", ")}, got "${raw}"`);
  };
}

/** A number in [0, 1). */
export function probability(raw: string): number {
  const v = nonNegative(raw);
  if (v >= 1) throw new InvalidArgumentError(`expected a probability in [0, 1), got ${v}`);
  return v;
}

/** Client sampling: an integer ≥ 1 is a count of clients per round, a number in (0, 1) (or with a decimal point, ≤ 1) a fraction. */
export function clientsPerRound(raw: string): { kind: "count"; count: number } | { kind: "fraction"; fraction: number } {
  const v = positive(raw);
  if (/^\s*\d+\s*$/.test(raw) && v >= 1) return { kind: "count", count: v };
  if (v <= 1) return { kind: "fraction", fraction: v };
  throw new InvalidArgumentError(`expected a count (integer ≥ 1) or a fraction in (0, 1], got "${raw}"`);
}
