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
