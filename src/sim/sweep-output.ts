/**
 * What `fedrec sweep` writes: the CSV (one row per cell × seed) and the Vega-Lite spec of the Pareto plot.
 */
import type { TopLevelSpec } from "./charts/vega.js";
import { cellLabel, explorationLabel, type SweepResult } from "./sweep.js";

const COLUMNS = [
  "policy", "penalty", "exploration", "seed", "cumulative", "mean", "least_misery", "vs_oracle", "vs_random",
  "repeat_pair_rate", "unique_partners", "novelty", "fairness_gini", "pareto", "default",
] as const;

/** The sweep as CSV text with a header; `pareto` and `default` describe the row's cell (seed means). */
export function sweepCsv(result: SweepResult): string {
  const flags = new Map(result.cells.map((c) => [c.label, c]));
  const lines = [COLUMNS.join(",")];
  for (const r of result.rows) {
    const c = flags.get(cellLabel(r));
    lines.push([
      r.policy, r.penalty, explorationLabel(r.exploration), JSON.stringify(r.seed), r.cumulative, r.mean, r.leastMisery, r.vsOracle,
      r.vsRandom, r.repeatPairRate, r.uniquePartners, r.novelty, r.fairnessGini, c?.pareto ? 1 : 0, c?.isDefault ? 1 : 0,
    ].join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Satisfaction (seed mean of the cumulative, or of vsOracle) against the cumulative repeat-pair rate, one
 * point per cell coloured by policy, the Pareto front as a step line, the default cell ringed and labelled.
 */
export function sweepChartSpec(result: SweepResult, y: "cumulative" | "vsOracle", title: string): TopLevelSpec {
  const values = result.cells.map((c) => ({
    label: c.label,
    policy: c.policy,
    repeat: c.repeatPairRate,
    y: y === "cumulative" ? c.cumulative : c.vsOracle,
    pareto: c.pareto,
    isDefault: c.isDefault,
  }));
  const yTitle = y === "cumulative" ? "cumulative satisfaction (mean over seeds)" : "cumulative satisfaction / oracle";
  const x = { field: "repeat", type: "quantitative" as const, title: "cumulative repeat-pair rate (lower is better)" };
  const yEnc = { field: "y", type: "quantitative" as const, title: yTitle, scale: { zero: false } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 520,
    height: 360,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.pareto" }],
        mark: { type: "line", interpolate: "step-after", color: "#888", strokeDash: [4, 3] },
        encoding: { x, y: yEnc, order: { field: "repeat" } },
      },
      {
        mark: { type: "point", filled: true, size: 70 },
        encoding: {
          x,
          y: yEnc,
          color: { field: "policy", type: "nominal" },
          shape: { field: "pareto", type: "nominal", title: "on the Pareto front" },
          tooltip: [{ field: "label" }, { field: "repeat" }, { field: "y" }],
        },
      },
      {
        transform: [{ filter: "datum.isDefault" }],
        mark: { type: "point", size: 320, color: "black", strokeWidth: 2 },
        encoding: { x, y: yEnc },
      },
      {
        transform: [{ filter: "datum.isDefault" }],
        mark: { type: "text", dx: 10, dy: -12, align: "left", fontWeight: "bold" },
        encoding: { x, y: yEnc, text: { value: "default" } },
      },
    ],
  } as TopLevelSpec;
}
