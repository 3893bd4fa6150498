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

/**
 * The sizes a policy must produce for `input`: input.sizes when given (checked; sorted largest first), else
 * groupSizes(n, k). With per-group bounds the sizes are returned in their given order, which must be
 * non-increasing with sizes[t] within groupBounds[t], so that group t of a policy's result is bounded by [a_t, b_t].
 */
export function targetSizes(input: {
  present: Int32Array;
  groupSize: number;
  sizes?: readonly number[];
  groupBounds?: readonly (readonly [number, number])[];
}): number[] {
  if (input.sizes === undefined) {
    if (input.groupBounds !== undefined) throw new RangeError("per-group size bounds need the initial group sizes");
    return groupSizes(input.present.length, input.groupSize);
  }
  let total = 0;
  for (const s of input.sizes) {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`group sizes must be positive integers, got ${s}`);
    total += s;
  }
  if (total !== input.present.length) {
    throw new RangeError(`group sizes sum to ${total} but ${input.present.length} users are present`);
  }
  const gb = input.groupBounds;
  if (gb === undefined) return [...input.sizes].sort((a, b) => b - a);
  if (gb.length !== input.sizes.length) throw new RangeError(`${gb.length} per-group size bounds for ${input.sizes.length} groups`);
  input.sizes.forEach((s, t) => {
    if (t > 0 && s > input.sizes![t - 1]) throw new RangeError("with per-group size bounds the group sizes must be non-increasing");
    if (s < gb[t][0] || s > gb[t][1]) throw new RangeError(`group ${t}'s size ${s} is outside its bounds [${gb[t][0]}, ${gb[t][1]}]`);
  });
  return [...input.sizes];
}

/**
 * Sizes for groups with their own bounds [a_t, b_t] holding n users in all: every group starts at a_t and the
 * rest are added one at a time to the group below its b_t that is the smallest ("even": sizes as equal as
 * the bounds allow) or the largest ("largest": a member joining a group of s adds s pairs, so this greedily
 * maximises the number of within-group pairs Σ_t C(s_t, 2) — the better start when every weight is ≥ 0, as
 * in the maximally diverse grouping problem). Ties go to the lower index. Returned in the order of `bounds`.
 * Throws RangeError when Σ a_t > n or Σ b_t < n.
 */
export function sizesWithinGroupBounds(n: number, bounds: readonly (readonly [number, number])[], fill: "even" | "largest" = "even"): number[] {
  let lo = 0;
  let hi = 0;
  for (const [a, b] of bounds) {
    if (!(Number.isInteger(a) && Number.isInteger(b) && 1 <= a && a <= b)) throw new RangeError(`size bounds must satisfy 1 ≤ a ≤ b, got [${a}, ${b}]`);
    lo += a;
    hi += b;
  }
  if (lo > n || hi < n) throw new RangeError(`${n} users cannot form groups with these bounds: Σ a = ${lo}, Σ b = ${hi}`);
  const sizes = bounds.map(([a]) => a);
  for (let left = n - lo; left > 0; left--) {
    let best = -1;
    for (let t = 0; t < sizes.length; t++) {
      if (sizes[t] < bounds[t][1] && (best < 0 || (fill === "even" ? sizes[t] < sizes[best] : sizes[t] > sizes[best]))) best = t;
    }
    sizes[best]++;
  }
  return sizes;
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
