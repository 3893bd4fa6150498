/**
 * `fedrec quality` (npm run quality): the CI regression gate on recommendation quality. Runs the fixed-seed
 * suites (src/sim/quality/collect.ts), compares with experiments/baseline.json under the stated tolerances,
 * prints the table, and fails (exit 1) on a regression. `--update-baseline` rewrites the baseline on purpose.
 */
import { Command, Option } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { compareQuality, type Baseline, type BaselineMetric, type ComparisonRow } from "../../sim/quality/compare.js";
import { collectQuality, QUALITY_TOLERANCES } from "../../sim/quality/collect.js";
import { writeFileAtomic } from "../../sim/io/atomic.js";
import { dataRoot } from "../../sim/data/root.js";
import { FedrecError, UsageError } from "../errors.js";
import { fmt, makePalette } from "../render.js";

export const REFRESH_COMMAND = "npm run quality -- --update-baseline";

interface QualityOptions {
  baseline: string;
  config: string;
  dataRoot?: string;
  current?: string;
  updateBaseline: boolean;
  json: boolean;
}

function readBaseline(path: string): Baseline {
  if (!existsSync(path)) throw new UsageError(`option '--baseline <file>': ${path} does not exist (create it with: ${REFRESH_COMMAND})`);
  const b = JSON.parse(readFileSync(path, "utf8")) as Baseline;
  if (b.version !== 1 || typeof b.metrics !== "object") throw new FedrecError(`${path}: not a quality baseline (version 1 with metrics)`);
  return b;
}

/** The table of verdicts, one line per metric. */
export function renderRows(rows: ComparisonRow[], pass: boolean): string {
  const c = makePalette();
  const w = Math.max(...rows.map((r) => r.metric.length), 6);
  const colour = (v: string) => (v === "regressed" ? c.red(v) : v === "improved" ? c.green(v) : v);
  const lines = [c.bold(`${"metric".padEnd(w)}  ${"baseline".padStart(9)}  ${"current".padStart(9)}  ${"delta".padStart(9)}  ${"allowed".padStart(8)}  verdict`)];
  for (const r of rows) {
    lines.push(`${r.metric.padEnd(w)}  ${fmt(r.baseline, 4).padStart(9)}  ${fmt(r.current, 4).padStart(9)}  ${(r.delta === null ? "—" : (r.delta >= 0 ? "+" : "") + r.delta.toFixed(4)).padStart(9)}  ${fmt(r.allowed, 4).padStart(8)}  ${colour(r.verdict)}`);
  }
  const regressed = rows.filter((r) => r.verdict === "regressed").length;
  lines.push(pass ? c.green(`quality gate: pass (${rows.length} metrics)`) : c.red(`quality gate: FAIL — ${regressed} metric(s) regressed beyond tolerance`));
  return lines.join("\n") + "\n";
}

async function action(o: QualityOptions): Promise<void> {
  let metrics: Record<string, BaselineMetric>;
  let skipped: Record<string, string>;
  if (o.current !== undefined) {
    const cur = JSON.parse(readFileSync(o.current, "utf8")) as { metrics: Record<string, BaselineMetric>; skipped?: Record<string, string> };
    metrics = cur.metrics;
    skipped = cur.skipped ?? {};
  } else {
    ({ metrics, skipped } = await collectQuality(o.config, o.dataRoot ?? dataRoot(), o.json ? undefined : (m) => process.stderr.write(`quality: ${m}…\n`)));
  }
  for (const [suite, why] of Object.entries(skipped)) if (!o.json) process.stderr.write(`quality: suite ${suite} skipped — ${why}\n`);
  if (o.updateBaseline) {
    const old = existsSync(o.baseline) ? readBaseline(o.baseline) : null;
    const kept = Object.fromEntries(Object.entries(old?.metrics ?? {}).filter(([, m]) => m.suite in skipped));
    const next: Baseline = { version: 1, refresh: REFRESH_COMMAND, tolerances: QUALITY_TOLERANCES, metrics: { ...kept, ...metrics } };
    writeFileAtomic(o.baseline, JSON.stringify(next, null, 2) + "\n");
    const note = Object.keys(kept).length > 0 ? ` (kept ${Object.keys(kept).length} baselined metric(s) of skipped suites)` : "";
    process.stderr.write(`wrote ${o.baseline}: ${Object.keys(next.metrics).length} metrics${note}\n`);
    return;
  }
  const baseline = readBaseline(o.baseline);
  const values = Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, m.value]));
  const { rows, pass } = compareQuality(values, baseline, new Set(Object.keys(skipped)));
  if (o.json) process.stdout.write(JSON.stringify({ pass, skipped, rows }) + "\n");
  else process.stderr.write(renderRows(rows, pass));
  if (!pass) throw new FedrecError(`recommendation quality regressed (${rows.filter((r) => r.verdict === "regressed").map((r) => r.metric).join(", ")}); if intended, refresh with: ${REFRESH_COMMAND}`);
}

/** Builds the `quality` command. */
export function makeQualityCommand(): Command {
  return new Command("quality")
    .description(
      "CI regression gate on recommendation quality: fixed-seed simulate runs (300 users × 15 rounds, seeds 1 and 2) and, when the " +
        "data is present, MovieLens 100K fcf-vs-cf on its first seed; compared with the baseline under the stated tolerances; exit 1 on regression.",
    )
    .addOption(new Option("--baseline <file>", "baseline file").default("experiments/baseline.json"))
    .addOption(new Option("--config <file>", "the fcf-vs-cf experiment config").default("experiments/fcf-vs-cf.json"))
    .addOption(new Option("--data-root <dir>", "where the data sets are (default $FEDREC_DATA_ROOT or ../shared/datasets)"))
    .addOption(new Option("--current <file>", "compare metrics from this JSON ({metrics, skipped}, the shape of the baseline's metrics) instead of running the suites"))
    .addOption(new Option("--update-baseline", "rewrite the baseline from this run (on purpose, after an intended change)").default(false))
    .addOption(new Option("--json", "print one JSON object ({pass, skipped, rows}) on stdout").default(false))
    .action(action);
}
