/**
 * `fedrec report <run dir>`: a self-contained HTML page (inline SVG charts of the per-round metrics and
 * the summary table) from the rounds.jsonl and summary.json of `fedrec simulate --out`.
 */
import { Command, Option } from "commander";
import { join } from "node:path";
import { readRunDir, renderReportHtml } from "../../sim/report.js";
import { writeFileAtomic } from "../../sim/io/atomic.js";

interface ReportOptions {
  out?: string;
  json: boolean;
}

async function action(dir: string, o: ReportOptions): Promise<void> {
  const data = readRunDir(dir);
  const s = data.summary as { users?: unknown; rounds?: unknown; policy?: unknown; seed?: unknown };
  const title = `fedrec run ${dir} — ${String(s.users ?? "?")} users, ${String(s.rounds ?? data.rounds.length)} rounds, policy ${String(s.policy ?? "?")}, seed ${String(s.seed ?? "?")}`;
  const html = await renderReportHtml(data, title);
  const out = o.out ?? join(dir, "report.html");
  writeFileAtomic(out, html);
  if (o.json) process.stdout.write(JSON.stringify({ out, rounds: data.rounds.length, bytes: Buffer.byteLength(html) }) + "\n");
  else process.stderr.write(`wrote ${out} (${data.rounds.length} rounds)\n`);
}

/** Builds the `report` command. */
export function makeReportCommand(): Command {
  return new Command("report")
    .description("Write a self-contained HTML page (inline SVG charts of per-round satisfaction, least misery, repeat-pair rate, novelty and accuracy, and a summary table) for a `fedrec simulate --out DIR` run.")
    .argument("<dir>", "run directory holding rounds.jsonl and summary.json")
    .addOption(new Option("--out <file>", "where to write the page (default <dir>/report.html), atomically"))
    .addOption(new Option("--json", "print {out, rounds, bytes} on stdout").default(false))
    .addHelpText("after", "\nExample:\n  fedrec simulate --users 1000 --out runs/a && fedrec report runs/a\n")
    .action(action);
}
