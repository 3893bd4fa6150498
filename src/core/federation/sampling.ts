/** Client sampling for a federated round, drawn from the round's own generator (never a global one). */
import { randInt, type Rng } from "../rng.js";
import type { Sampling } from "./types.js";

/** Number of clients a sampling asks from `available` clients: all, ⌈fraction·n⌉, or min(count, n). */
export function sampleSize(sampling: Sampling, available: number): number {
  switch (sampling.kind) {
    case "all":
      return available;
    case "fraction":
      return Math.min(available, Math.max(1, Math.ceil(sampling.fraction * available)));
    case "count":
      return Math.min(available, sampling.count);
  }
}

/**
 * A uniform sample without replacement of sampleSize clients (partial Fisher–Yates with rng), returned in
 * ascending id order. Every subset of that size is equally likely, so (n/m)·Σ_sampled G_u is unbiased.
 */
export function sampleClients(available: Int32Array, sampling: Sampling, rng: Rng): Int32Array {
  const m = sampleSize(sampling, available.length);
  if (m === available.length) return available.slice().sort();
  const a = available.slice();
  for (let i = 0; i < m; i++) {
    const j = i + randInt(rng, a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, m).sort();
}
