/**
 * The recommendation-quality gate's comparison: current metrics against a committed baseline under
 * stated tolerances. Pure: numbers in, a table of verdicts out.
 */

/** One baselined metric: its value, which direction is better, and the suite it belongs to. */
export interface BaselineMetric {
  value: number;
  higherIsBetter: boolean;
  suite: string;
}

/** Tolerance of a suite: a metric regresses when worse than baseline by more than max(absolute, relative·|baseline|). */
export interface Tolerance {
  relative: number;
  absolute: number;
}

/** experiments/baseline.json. */
export interface Baseline {
  version: 1;
  refresh: string;
  tolerances: Record<string, Tolerance>;
  metrics: Record<string, BaselineMetric>;
}

export type Verdict = "ok" | "improved" | "regressed" | "skipped" | "new";

export interface ComparisonRow {
  metric: string;
  suite: string;
  baseline: number | null;
  current: number | null;
  delta: number | null;
  allowed: number | null;
  verdict: Verdict;
}

/**
 * Compares `current` (metric → value; suites in `skippedSuites` were not run, e.g. the data is absent) with
 * the baseline. For each baselined metric: worse = (baseline − current) when higher is better, else
 * (current − baseline); allowed = max(absolute, relative·|baseline|) of its suite; regressed when
 * worse > allowed (or the value is missing/NaN in a suite that ran), improved when −worse > allowed.
 * Metrics absent from the baseline are listed as "new". pass = no row regressed.
 */
export function compareQuality(current: Record<string, number>, baseline: Baseline, skippedSuites: ReadonlySet<string>): { rows: ComparisonRow[]; pass: boolean } {
  const rows: ComparisonRow[] = [];
  for (const [metric, b] of Object.entries(baseline.metrics)) {
    if (skippedSuites.has(b.suite)) {
      rows.push({ metric, suite: b.suite, baseline: b.value, current: null, delta: null, allowed: null, verdict: "skipped" });
      continue;
    }
    const tol = baseline.tolerances[b.suite] ?? { relative: 0, absolute: 0 };
    const allowed = Math.max(tol.absolute, tol.relative * Math.abs(b.value));
    const c = current[metric];
    if (c === undefined || !Number.isFinite(c)) {
      rows.push({ metric, suite: b.suite, baseline: b.value, current: c ?? null, delta: null, allowed, verdict: "regressed" });
      continue;
    }
    const delta = c - b.value;
    const worse = b.higherIsBetter ? -delta : delta;
    const verdict: Verdict = worse > allowed ? "regressed" : -worse > allowed ? "improved" : "ok";
    rows.push({ metric, suite: b.suite, baseline: b.value, current: c, delta, allowed, verdict });
  }
  for (const metric of Object.keys(current)) {
    if (!(metric in baseline.metrics)) rows.push({ metric, suite: metric.split(".")[0], baseline: null, current: current[metric], delta: null, allowed: null, verdict: "new" });
  }
  return { rows, pass: rows.every((r) => r.verdict !== "regressed") };
}
