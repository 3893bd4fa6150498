/**
 * Secure aggregation by pairwise additive masking (Bonawitz et al. 2017, on a sparse pairing graph as in
 * Bell et al. 2020). Uploads are quantised to fixed point in the ring Z_(2^48) (integers held exactly in
 * Float64); client i adds the mask m_ij for every graph neighbour j > i and subtracts it for j < i. Each
 * mask comes from a seeded per-pair generator, so the masks cancel exactly in the sum of all
 * participants' uploads, while each single masked upload is uniform on the ring.
 */
import { mix32 } from "../hash.js";

/** Ring size 2^48 (sums of < 2^5 ring elements stay exact in a double) and fixed-point scale 2^24. */
export const RING = 2 ** 48;
const HALF = 2 ** 47;
export const FIXED_SCALE = 2 ** 24;

/** Quantises v to the ring: round(v·2^24) mod 2^48. Throws when |v| ≥ 2^23 (it would wrap). */
export function ringEncode(v: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) {
    const q = Math.round(v[i] * FIXED_SCALE);
    if (!(Math.abs(q) < HALF)) throw new RangeError(`secure aggregation: value ${v[i]} outside the fixed-point range ±2^23`);
    out[i] = q < 0 ? q + RING : q;
  }
  return out;
}

/** Decodes ring elements to reals: s ≥ 2^47 is negative (s − 2^48), then divided by 2^24. */
export function ringDecode(s: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < s.length; i++) out[i] = (s[i] >= HALF ? s[i] - RING : s[i]) / FIXED_SCALE;
  return out;
}

/** acc += x (mod 2^48), element-wise. */
export function ringAddInPlace(acc: Float64Array, x: Float64Array): void {
  for (let i = 0; i < acc.length; i++) {
    const s = acc[i] + x[i];
    acc[i] = s >= RING ? s - RING : s;
  }
}

/** A 32-bit hash of a list of integers (murmur3 finaliser chain): the per-pair generator's seed. */
export function hashWords(words: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) h = mix32((h ^ Math.imul(w | 0, 0x85ebca77)) + 0x7f4a7c15);
  return h;
}

/**
 * Adds sign·mask (mod 2^48) to acc, where mask is the stream of the per-pair generator seeded by `seed`
 * (xorshift128, two 32-bit words per ring element). Both members of a pair regenerate the same stream.
 */
export function addPairMask(acc: Float64Array, seed: number, sign: 1 | -1): void {
  let x = mix32(seed ^ 0x12345678) | 1;
  let y = mix32(seed ^ 0x9abcdef0);
  let z = mix32(seed ^ 0x0fedcba9);
  let w = mix32(seed ^ 0x76543210);
  for (let i = 0; i < acc.length; i++) {
    let t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    const hi = w & 0xffff;
    t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    const m = hi * 4294967296 + w;
    let s = sign > 0 ? acc[i] + m : acc[i] - m;
    if (s >= RING) s -= RING;
    else if (s < 0) s += RING;
    acc[i] = s;
  }
}

/**
 * The pairing graph of one aggregation attempt: participants on a ring (in the order broadcast by the
 * master), each paired with its `degree/2` successors and predecessors (a Harary graph; everyone when
 * degree ≥ m − 1). Returns the neighbours of participants[pos].
 */
export function maskNeighbours(participants: Int32Array, pos: number, degree: number): number[] {
  const m = participants.length;
  if (m - 1 <= degree) return Array.from(participants).filter((_, k) => k !== pos);
  const half = Math.max(1, Math.floor(degree / 2));
  const out: number[] = [];
  for (let d = 1; d <= half; d++) {
    out.push(participants[(pos + d) % m]);
    out.push(participants[(pos - d + m) % m]);
  }
  return out;
}

/**
 * Masks one client's ring-encoded upload in place: for each neighbour j, the pair's mask seeded by
 * hash(secret, round, attempt, min, max) is added when self < j and subtracted when self > j.
 */
export function maskUpload(
  encoded: Float64Array,
  self: number,
  participants: Int32Array,
  degree: number,
  secret: number,
  round: number,
  attempt: number,
): void {
  const pos = participants.indexOf(self);
  if (pos < 0) throw new Error(`client ${self} is not among the round's participants`);
  for (const j of maskNeighbours(participants, pos, degree)) {
    const seed = hashWords([secret, round, attempt, Math.min(self, j), Math.max(self, j)]);
    addPairMask(encoded, seed, self < j ? 1 : -1);
  }
}
