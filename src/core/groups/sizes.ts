/**
 * How many groups a round has and how large each one is (DESIGN §3–§4).
 */

/**
 * Group sizes for `nPresent` users and target size `k`: g = max(1, ⌊n/k⌋) groups whose sizes differ by at
 * most one (⌊n/g⌋ or ⌈n/g⌉, the larger ones first). When n mod k ≤ g — the usual case — every size is k or
 * k+1; only for tiny n (n mod k > ⌊n/k⌋) are some groups larger, and n < k yields a single group of n.
 * Every size is ≥ 2. Throws RangeError for k < 2 or n < 2 (or non-integers).
 */
export function groupSizes(nPresent: number, k: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`group size k must be an integer ≥ 2, got ${k}`);
  if (!Number.isInteger(nPresent) || nPresent < 2) {
    throw new RangeError(`need at least 2 users present to form groups, got ${nPresent}`);
  }
  const g = Math.max(1, Math.floor(nPresent / k));
  const base = Math.floor(nPresent / g);
  const larger = nPresent % g;
  const sizes = new Array<number>(g);
  for (let t = 0; t < g; t++) sizes[t] = t < larger ? base + 1 : base;
  return sizes;
}

/** The sizes a policy must produce for `input`: input.sizes when given (checked), else groupSizes(n, k). */
export function targetSizes(input: { present: Int32Array; groupSize: number; sizes?: readonly number[] }): number[] {
  if (input.sizes === undefined) return groupSizes(input.present.length, input.groupSize);
  let total = 0;
  for (const s of input.sizes) {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`group sizes must be positive integers, got ${s}`);
    total += s;
  }
  if (total !== input.present.length) {
    throw new RangeError(`group sizes sum to ${total} but ${input.present.length} users are present`);
  }
  return [...input.sizes].sort((a, b) => b - a);
}

/**
 * Sizes of exactly `g` groups for n users, each within [a, b]: as equal as possible (⌊n/g⌋ or ⌈n/g⌉, larger
 * first). Throws RangeError when g·a > n or g·b < n (no such partition).
 */
export function sizesForGroupCount(n: number, g: number, a: number, b: number): number[] {
  if (!Number.isInteger(g) || g < 1) throw new RangeError(`number of groups must be an integer ≥ 1, got ${g}`);
  if (!(Number.isInteger(a) && Number.isInteger(b) && 1 <= a && a <= b)) throw new RangeError(`size bounds must satisfy 1 ≤ a ≤ b, got [${a}, ${b}]`);
  if (g * a > n || g * b < n) throw new RangeError(`${n} users cannot form ${g} groups of sizes in [${a}, ${b}]`);
  const base = Math.floor(n / g);
  const larger = n % g;
  const sizes = new Array<number>(g);
  for (let t = 0; t < g; t++) sizes[t] = t < larger ? base + 1 : base;
  return sizes;
}
