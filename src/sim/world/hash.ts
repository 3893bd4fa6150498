/**
 * Deterministic per-pair randomness without storing anything per pair: a murmur3-style integer mix of
 * (seed word, u, v) gives uniforms, and Box–Muller turns two of them into a standard normal. This is how
 * the world gets pair-specific noise for a million users with no n×n matrix.
 */
import { mix32 } from "../../core/hash.js";

/** Hash of the ordered triple (seed, u, v) to a uint32; (u, v) and (v, u) hash independently. */
export function hashPair(seed: number, u: number, v: number): number {
  let h = mix32((seed ^ Math.imul(u | 0, 0x9e3779b1)) >>> 0);
  h = mix32((h ^ Math.imul((v | 0) + 0x7f4a7c15, 0x85ebca77)) >>> 0);
  return h;
}

const INV_2_32 = 1 / 4294967296;

/** Uniform on the open interval (0, 1) from (seed, u, v): (hash + ½) / 2³². */
export function hashUniform(seed: number, u: number, v: number): number {
  return (hashPair(seed, u, v) + 0.5) * INV_2_32;
}

/**
 * Standard normal from (seed1, seed2, u, v) by Box–Muller on two independently hashed uniforms:
 * z = √(−2 ln U₁) · cos(2π U₂).
 */
export function hashNormal(seed1: number, seed2: number, u: number, v: number): number {
  const u1 = hashUniform(seed1, u, v);
  const u2 = hashUniform(seed2, u, v);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
