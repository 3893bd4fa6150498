/**
 * A set of unordered id pairs (e.g. user-supplied blocked pairs), answering has(i, j) in O(1) with an
 * open-addressing table on typed arrays keyed by (min, max).
 */
import type { PairLookup } from "./types.js";

export class PairSet implements PairLookup {
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly mask: number;
  readonly size: number;

  private constructor(capacity: number, size: number) {
    this.lo = new Int32Array(capacity).fill(-1);
    this.hi = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = size;
  }

  /** Builds the set of the given pairs (order inside a pair and duplicates do not matter; ids ≥ 0). */
  static from(pairs: ReadonlyArray<readonly [number, number]>): PairSet {
    let cap = 16;
    while (cap < 2 * pairs.length + 2) cap *= 2;
    const set = new PairSet(cap, pairs.length);
    for (const [i, j] of pairs) {
      if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0) throw new RangeError(`invalid pair (${i}, ${j})`);
      const c = set.cell(i, j);
      set.lo[c] = i < j ? i : j;
      set.hi[c] = i < j ? j : i;
    }
    return set;
  }

  private cell(i: number, j: number): number {
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    let c = h & this.mask;
    while (this.lo[c] !== -1 && (this.lo[c] !== lo || this.hi[c] !== hi)) c = (c + 1) & this.mask;
    return c;
  }

  /** True when {i, j} is in the set. */
  has(i: number, j: number): boolean {
    return this.lo[this.cell(i, j)] !== -1;
  }
}
