/**
 * Human output for the terminal, always on stderr (stdout is reserved for --json): a colour palette
 * that turns itself off when stderr is not a TTY or NO_COLOR is set, aligned tables, and a progress bar.
 */
import { Chalk, type ChalkInstance } from "chalk";
import cliProgress from "cli-progress";

/** True when human decoration (colour, progress) should be shown on stderr. */
export function stderrIsInteractive(): boolean {
  return process.stderr.isTTY === true && process.env.NO_COLOR === undefined;
}

/** A chalk instance for stderr: coloured on an interactive terminal, plain otherwise. */
export function makePalette(): ChalkInstance {
  return new Chalk({ level: stderrIsInteractive() ? 1 : 0 });
}

/** Formats a number for a table: fixed decimals, or "—" when missing. */
export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return value.toFixed(digits);
}

/** Renders rows of [label, value] cells under section headings as an aligned two-column table. */
export function renderTable(title: string, sections: Array<[string, Array<[string, string]>]>, c: ChalkInstance): string {
  const width = Math.max(...sections.flatMap(([, rows]) => rows.map(([label]) => label.length)));
  const lines = [c.bold(title)];
  for (const [heading, rows] of sections) {
    lines.push(c.cyan(heading));
    for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${c.yellow(value)}`);
  }
  return lines.join("\n") + "\n";
}

/** A progress reporter: a bar on an interactive stderr, nothing otherwise. */
export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

/** Creates a progress bar on stderr, or a silent reporter when `enabled` is false. */
export function makeProgress(enabled: boolean): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{label} [{bar}] {value}/{total} rounds", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let current = "";
  return {
    update(label, done, total) {
      if (label !== current) {
        if (current !== "") bar.stop();
        bar.start(total, done, { label: label.padEnd(14) });
        current = label;
      } else bar.update(done);
    },
    stop() {
      if (current !== "") bar.stop();
    },
  };
}
