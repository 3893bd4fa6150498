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

/** An integer in [min, max]. */
export function intInRange(min: number, max: number): (raw: string) => number {
  const atLeast = intAtLeast(min);
  return (raw: string) => {
    const v = atLeast(raw);
    if (v > max) throw new InvalidArgumentError(`expected an integer in ${min}..${max}, got ${v}`);
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

/** A probability in [0, 1). */
export function probability(raw: string): number {
  const v = nonNegative(raw);
  if (v >= 1) throw new InvalidArgumentError(`expected a number in [0, 1), got ${v}`);
  return v;
}

/** A comma-separated list of sizes with optional k/m suffixes ("10k,100k,1m"), each ≥ min. */
export function sizeList(min: number): (raw: string) => number[] {
  return (raw: string) => {
    const out = raw.split(",").map((part) => {
      const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(part);
      if (m === null) throw new InvalidArgumentError(`expected sizes like 10k,100k,1m, got "${part}"`);
      const v = Number(m[1]) * (m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1e3 : 1e6);
      if (!Number.isSafeInteger(v) || v < min) throw new InvalidArgumentError(`expected integer sizes ≥ ${min}, got "${part}"`);
      return v;
    });
    return out;
  };
}

/** A comma-separated, non-empty list of words from a fixed set (duplicates removed, order kept). */
export function listOf<T extends string>(choices: readonly T[]): (raw: string) => T[] {
  const one = oneOf(choices);
  return (raw: string) => [...new Set(raw.split(",").map((s) => one(s.trim())))];
}

/** Client sampling: an integer ≥ 1 is a count of clients per round, a number in (0, 1) (or with a decimal point, ≤ 1) a fraction. */
export function clientsPerRound(raw: string): { kind: "count"; count: number } | { kind: "fraction"; fraction: number } {
  const v = positive(raw);
  if (/^\s*\d+\s*$/.test(raw) && v >= 1) return { kind: "count", count: v };
  if (v <= 1) return { kind: "fraction", fraction: v };
  throw new InvalidArgumentError(`expected a count (integer ≥ 1) or a fraction in (0, 1], got "${raw}"`);
}
