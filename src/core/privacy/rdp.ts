/**
 * Rényi-DP accountant for the Poisson-subsampled Gaussian mechanism (Mironov, Talwar & Zhang 2019), the
 * standard bound behind TF-Privacy / Opacus `compute_rdp` and dp_accounting's `compute_epsilon`.
 * One step = sample each client with probability q, add N(0, (z·C)²) to the sum of C-clipped updates.
 */

/** The RDP orders Opacus uses by default: 1.1, 1.2, …, 10.9, then 12, 13, …, 63. */
export const DEFAULT_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10),
  ...Array.from({ length: 52 }, (_, x) => 12 + x),
];

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(Math.min(a, b) - m));
}

function logSub(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a <= b) return -Infinity;
  return a + Math.log1p(-Math.exp(b - a));
}

/**
 * log erfc(x) to near double precision. For |x| < 2: erf by the all-positive series
 * erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)); for x ≥ 2: the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (modified Lentz), in log space so it
 * stays finite for large x; for x ≤ −2, erfc(x) = 2 − erfc(−x).
 */
export function logErfc(x: number): number {
  if (x <= -2) return Math.log(2 - Math.exp(logErfc(-x)));
  if (x < 2) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    const erf = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
    return Math.log1p(-erf);
  }
  const tiny = 1e-300;
  let fr = x;
  let C = fr;
  let D = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    D = x + a * D;
    if (D === 0) D = tiny;
    C = x + a / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    fr *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -x * x - 0.5 * Math.log(Math.PI) - Math.log(fr);
}

/** log|binom(α, i)| and its sign, for real α, built iteratively (no overflow). */
function logBinomTable(alpha: number, upto: number): { logAbs: Float64Array; sign: Int8Array } {
  const logAbs = new Float64Array(upto + 1);
  const sign = new Int8Array(upto + 1);
  sign[0] = 1;
  for (let i = 0; i < upto; i++) {
    const factor = (alpha - i) / (i + 1);
    if (factor === 0 || sign[i] === 0) {
      sign[i + 1] = 0;
      logAbs[i + 1] = -Infinity;
      continue;
    }
    sign[i + 1] = (sign[i] * Math.sign(factor)) as 1 | -1;
    logAbs[i + 1] = logAbs[i] + Math.log(Math.abs(factor));
  }
  return { logAbs, sign };
}

/** log A_α for integer α: A_α = Σ_i binom(α,i) q^i (1−q)^(α−i) exp((i² − i)/(2σ²)). */
function logAInt(q: number, sigma: number, alpha: number): number {
  const { logAbs } = logBinomTable(alpha, alpha);
  let logA = -Infinity;
  for (let i = 0; i <= alpha; i++) {
    const s = logAbs[i] + i * Math.log(q) + (alpha - i) * Math.log(1 - q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, s);
  }
  return logA;
}

/** log A_α for fractional α (the two-sided series of Mironov et al. 2019, §3.3), summed until terms < e^−30. */
function logAFrac(q: number, sigma: number, alpha: number): number {
  let a0 = -Infinity;
  let a1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let logAbs = 0;
  let sign = 1;
  for (let i = 0; ; i++) {
    if (i > 0) {
      const factor = (alpha - (i - 1)) / i;
      sign *= Math.sign(factor);
      logAbs += Math.log(Math.abs(factor));
    }
    const j = alpha - i;
    const logT0 = logAbs + i * Math.log(q) + j * Math.log(1 - q);
    const logT1 = logAbs + j * Math.log(q) + i * Math.log(1 - q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const s0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const s1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      a0 = logAdd(a0, s0);
      a1 = logAdd(a1, s1);
    } else {
      a0 = logSub(a0, s0);
      a1 = logSub(a1, s1);
    }
    if (Math.max(s0, s1) < -30 || i > 100000) break;
  }
  return logAdd(a0, a1);
}

/**
 * RDP ε(α) of ONE step of the Poisson-subsampled Gaussian mechanism with sampling rate q and noise
 * multiplier σ: 0 when q = 0, ∞ when σ = 0, α/(2σ²) when q = 1, else log(A_α)/(α − 1).
 */
export function rdpSubsampledGaussian(q: number, sigma: number, alpha: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`sampling rate must be in [0, 1], got ${q}`);
  if (!(alpha > 1)) throw new RangeError(`RDP order must be > 1, got ${alpha}`);
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (!Number.isFinite(alpha)) return Infinity;
  const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** RDP of `steps` composed steps at every order: steps · rdpSubsampledGaussian(q, σ, α). */
export function computeRdp(q: number, sigma: number, steps: number, orders: readonly number[]): number[] {
  return orders.map((a) => steps * rdpSubsampledGaussian(q, sigma, a));
}

/**
 * (ε, δ) from RDP curves, the improved conversion of dp_accounting `compute_epsilon` (Balle et al. 2020,
 * Canonne–Kamath–Steinke 2020): ε = min_α [ r_α + log(1 − 1/α) − log(δ·α)/(α − 1) ], ε = 0 when
 * δ² + expm1(−r_α) > 0, orders ≤ 1.01 skipped. Returns ε ≥ 0 and the optimal order.
 */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number): { epsilon: number; order: number } {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${delta}`);
  let best = Infinity;
  let order = NaN;
  for (let k = 0; k < orders.length; k++) {
    const a = orders[k];
    const r = rdp[k];
    let eps: number;
    if (delta * delta + Math.expm1(-r) > 0) eps = 0;
    else if (a > 1.01) eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    else eps = Infinity;
    if (eps < best) {
      best = eps;
      order = a;
    }
  }
  return { epsilon: Math.max(0, best), order };
}

/** ε at δ after `steps` steps of the subsampled Gaussian mechanism (rate q, multiplier σ), default orders. */
export function dpEpsilon(q: number, sigma: number, steps: number, delta: number, orders: readonly number[] = DEFAULT_ORDERS): number {
  return epsilonFromRdp(orders, computeRdp(q, sigma, steps, orders), delta).epsilon;
}
