/**
 * `fedrec experiment <config.json>`: run a versioned experiment on the public data (read from the data
 * root, never copied) and write its results — a markdown table, the full JSON and an SVG chart — to
 * experiments/results/ (or --out).
 */
import { Command, Option } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { renderVegaLiteSvg, type TopLevelSpec } from "../../sim/charts/vega.js";
import { ConfigError, parseExperimentConfig } from "../../sim/experiments/config.js";
import { requireTextFile } from "../../sim/io/text-file.js";
import { fcfVsCfCurveSpec, fcfVsCfMarkdown, runFcfVsCf } from "../../sim/experiments/fcf-vs-cf.js";
import { runSpeedDating, speedDatingChartSpec, speedDatingMarkdown } from "../../sim/experiments/speed-dating.js";
import { writeFilesAtomic } from "../../sim/io/atomic.js";
import { dataRoot } from "../../sim/data/root.js";
import { UsageError } from "../errors.js";
import { intAtLeast } from "../parse.js";
import { stderrIsInteractive } from "../render.js";

interface ExperimentOptions {
  out: string;
  dataRoot?: string;
  seeds?: number;
  json: boolean;
}

async function action(file: string, o: ExperimentOptions): Promise<void> {
  if (!existsSync(file)) throw new UsageError(`argument <config>: ${file}: no such file`);
  try {
    requireTextFile(file);
  } catch (err) {
    throw new UsageError(`argument <config>: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`argument <config>: ${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  let cfg: ReturnType<typeof parseExperimentConfig>;
  try {
    cfg = parseExperimentConfig(raw, file);
  } catch (err) {
    throw err instanceof ConfigError ? new UsageError(`argument <config>: ${err.message}`) : err;
  }
  if (o.seeds !== undefined) cfg.seeds = cfg.seeds.slice(0, o.seeds);
  const root = o.dataRoot ?? dataRoot();
  const dataFile = join(root, cfg.data.file);
  if (!existsSync(dataFile)) throw new Error(`${dataFile}: data set not found (see \`fedrec datasets\` for where to download it; --data-root or FEDREC_DATA_ROOT to point at it)`);
  const command = `fedrec experiment ${file}${o.seeds !== undefined ? ` --seeds ${o.seeds}` : ""}`;
  const say = stderrIsInteractive() && !o.json ? (m: string) => process.stderr.write(`\r${m.padEnd(60)}`) : undefined;
  let result: object;
  let markdown: string;
  let chart: object;
  if (cfg.kind === "fcf-vs-cf") {
    const r = await runFcfVsCf(cfg, root, say);
    [result, markdown, chart] = [r, fcfVsCfMarkdown(r, command), fcfVsCfCurveSpec(r)];
  } else {
    const r = await runSpeedDating(cfg, root, say);
    [result, markdown, chart] = [r, speedDatingMarkdown(r, command), speedDatingChartSpec(r)];
  }
  if (say !== undefined) process.stderr.write("\r".padEnd(62) + "\r");
  const svg = await renderVegaLiteSvg(chart as TopLevelSpec);
  writeFilesAtomic(o.out, {
    [`${cfg.name}.md`]: markdown,
    [`${cfg.name}.json`]: JSON.stringify({ command, config: cfg, result }, null, 2) + "\n",
    [`${cfg.name}.svg`]: svg,
  });
  if (o.json) process.stdout.write(JSON.stringify({ command, config: cfg, result }) + "\n");
  else process.stderr.write(markdown + `\nwrote ${join(o.out, cfg.name)}.{md,json,svg}\n`);
}

/** Builds the `experiment` command. */
export function makeExperimentCommand(): Command {
  return new Command("experiment")
    .description(
      "Run a versioned experiment config (experiments/fcf-vs-cf.json, experiments/speed-dating.json) on the public data sets " +
        "(read from the data root: $FEDREC_DATA_ROOT or ../shared/datasets) and write <name>.md, .json and .svg.",
    )
    .argument("<config>", "experiment config (JSON)")
    .addOption(new Option("--out <dir>", "results directory").default("experiments/results"))
    .addOption(new Option("--data-root <dir>", "where the data sets are (default $FEDREC_DATA_ROOT or ../shared/datasets)"))
    .addOption(new Option("--seeds <n>", "use only the config's first n seeds (quick runs)").argParser(intAtLeast(1)))
    .addOption(new Option("--json", "print one JSON object on stdout").default(false))
    .action(action);
}
