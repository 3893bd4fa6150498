/**
 * Seeded randomness. Every stochastic function in fedrec takes an `Rng` argument; there is no default
 * and no Math.random. One generator per concern is derived from the run seed with `deriveRng`, so
 * adding a draw in one concern never shifts the draws of another.
 */
import seedrandom from "seedrandom";

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/** Creates a fast seeded generator (Alea) from any string or number seed. */
export function makeRng(seed: string | number): Rng {
  const prng = seedrandom.alea(String(seed));
  return () => prng();
}

/** Derives an independent generator for one concern (e.g. "world", "sampling", "init") of a run. */
export function deriveRng(seed: string | number, concern: string, ...path: Array<string | number>): Rng {
  return makeRng([String(seed), concern, ...path.map(String)].join("/"));
}

/** Uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal draw (Box–Muller, one value per call). */
export function normal(rng: Rng): number {
  let u = rng();
  while (u <= 1e-300) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 boosted by U^(1/shape)). */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const u = rng();
    return gamma(rng, shape + 1) * Math.pow(u > 0 ? u : 1e-300, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(mean) draw: inversion for small means, normal approximation above 500. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rng();
  while (u > cdf && k < 10000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/**
 * Negative-binomial draw with the given mean and size (dispersion) r, as a gamma–Poisson mixture:
 * λ ~ Gamma(r, mean/r), count ~ Poisson(λ). Variance = mean + mean²/r.
 */
export function negativeBinomial(rng: Rng, mean: number, size: number): number {
  if (mean <= 0) return 0;
  return poisson(rng, gamma(rng, size) * (mean / size));
}

/** In-place Fisher–Yates shuffle of an integer array. */
export function shuffleInPlace(rng: Rng, a: Int32Array | number[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** A seeded permutation of 0..n-1. */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  shuffleInPlace(rng, p);
  return p;
}
