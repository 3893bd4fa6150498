/** Summary statistics over seeds for experiment tables. */

/** Mean and sample standard deviation (n − 1; 0 for one value) of finite values; NaN when none. */
export function meanSd(values: readonly number[]): { mean: number; sd: number; n: number } {
  const v = values.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** "0.2231 ± 0.0040" */
export function pm(s: { mean: number; sd: number }, digits = 4): string {
  return Number.isFinite(s.mean) ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : "—";
}
