/** Integer hashing shared by the world's per-pair noise and secure aggregation's per-pair mask seeds. */

/** murmur3's 32-bit finaliser (fmix32): an avalanching bijection on uint32. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
