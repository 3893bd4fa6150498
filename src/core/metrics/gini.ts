/**
 * The Gini index of a distribution of non-negative amounts (satisfaction, exposure).
 */

/**
 * Gini index G = Σ_{i=1..n} (2i − n − 1)·x_(i) / (n · Σ x), with x_(1) ≤ … ≤ x_(n) sorted ascending — the
 * formula of RecBole's GiniIndex (item exposure). 0 means all equal, (n − 1)/n means one holds everything.
 * Defined for non-negative values; returns 0 for an empty input or when Σ x = 0.
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return total === 0 ? 0 : weighted / (n * total);
}
