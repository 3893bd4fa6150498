/**
 * `fedrec report`: turns a `fedrec simulate --out DIR` run (rounds.jsonl + summary.json) into one
 * self-contained HTML page — inline SVG charts of the per-round metrics (rendered by Vega-Lite in Node)
 * and a summary table. Reading is strict: a bad line is reported with its file and line number.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { renderVegaLiteSvg, type TopLevelSpec } from "./charts/vega.js";

/** The per-round fields the report draws (a subset of RoundRecord). */
export interface ReportRound {
  round: number;
  satisfactionMean: number;
  leastMisery: number;
  repeatPairRate: number;
  novelty: number;
  accuracy: { precision: number; recall: number; ndcg: number; auc: number } | null;
}

export interface RunData {
  rounds: ReportRound[];
  summary: Record<string, unknown>;
}

function num(obj: unknown, path: string[], where: string): number {
  let v: unknown = obj;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: field ${path.join(".")} missing or not a finite number`);
  return v;
}

/** Parses rounds.jsonl text (one RoundRecord per line); `file` names it in errors. */
export function parseRounds(text: string, file: string): ReportRound[] {
  const out: ReportRound[] = [];
  const lines = text.split("\n");
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l].trim();
    if (line === "") continue;
    const where = `${file}:${l + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not a JSON object`);
    }
    const acc = (rec as { accuracy?: unknown }).accuracy;
    out.push({
      round: num(rec, ["round"], where),
      satisfactionMean: num(rec, ["satisfaction", "mean"], where),
      leastMisery: num(rec, ["satisfaction", "leastMisery"], where),
      repeatPairRate: num(rec, ["diversity", "repeatPairRate"], where),
      novelty: num(rec, ["diversity", "novelty"], where),
      accuracy: acc === null || acc === undefined ? null : {
        precision: num(rec, ["accuracy", "precision"], where),
        recall: num(rec, ["accuracy", "recall"], where),
        ndcg: num(rec, ["accuracy", "ndcg"], where),
        auc: num(rec, ["accuracy", "auc"], where),
      },
    });
  }
  if (out.length === 0) throw new Error(`${file}: no rounds`);
  return out;
}

/** Reads and checks a run directory; throws one-line errors naming the file. */
export function readRunDir(dir: string): RunData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such run directory`);
  const roundsFile = join(dir, "rounds.jsonl");
  const summaryFile = join(dir, "summary.json");
  for (const f of [roundsFile, summaryFile]) if (!existsSync(f)) throw new Error(`${f}: missing (expected the output of \`fedrec simulate --out ${dir}\`)`);
  const rounds = parseRounds(readFileSync(roundsFile, "utf8"), roundsFile);
  let summary: unknown;
  try {
    summary = JSON.parse(readFileSync(summaryFile, "utf8"));
  } catch {
    throw new Error(`${summaryFile}: not valid JSON`);
  }
  if (summary === null || typeof summary !== "object" || Array.isArray(summary)) throw new Error(`${summaryFile}: not a JSON object`);
  num(summary, ["satisfaction", "mean"], summaryFile);
  num(summary, ["diversity", "repeatPairRate"], summaryFile);
  return { rounds, summary: summary as Record<string, unknown> };
}

type Row = { round: number; series: string; value: number };

function lineSpec(title: string, yTitle: string, values: Row[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 520,
    height: 220,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "round", type: "quantitative", title: "round" },
      y: { field: "value", type: "quantitative", title: yTitle, scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null },
    },
  } as TopLevelSpec;
}

/** The four chart specs of a run: satisfaction, repeat-pair rate, novelty, accuracy. */
export function reportSpecs(rounds: ReportRound[]): TopLevelSpec[] {
  const sat: Row[] = [];
  const rep: Row[] = [];
  const nov: Row[] = [];
  const acc: Row[] = [];
  for (const r of rounds) {
    sat.push({ round: r.round, series: "mean", value: r.satisfactionMean }, { round: r.round, series: "least misery (group min)", value: r.leastMisery });
    rep.push({ round: r.round, series: "repeat-pair rate", value: r.repeatPairRate });
    nov.push({ round: r.round, series: "partner novelty", value: r.novelty });
    if (r.accuracy !== null) {
      for (const [k, v] of Object.entries(r.accuracy)) acc.push({ round: r.round, series: k === "auc" ? "AUC" : `${k}@10`, value: v });
    }
  }
  const specs = [
    lineSpec("Satisfaction per round", "realised utility per person", sat),
    lineSpec("Repeat-pair rate per round", "share of pairs that met before", rep),
    lineSpec("Partner novelty per round", "share of partners never met before", nov),
  ];
  if (acc.length > 0) specs.push(lineSpec("Accuracy of the learned model on the round's conversations", "metric", acc));
  return specs;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Flattens the summary's nested numbers into (key, value) rows, skipping the config and baselines. */
function summaryRows(summary: Record<string, unknown>): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const walk = (prefix: string, v: unknown): void => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix === "" ? k : `${prefix}.${k}`, x);
    } else if (typeof v === "number") rows.push([prefix, Number.isInteger(v) ? String(v) : v.toFixed(4)]);
    else if (typeof v === "string" || v === null) rows.push([prefix, v === null ? "—" : v]);
  };
  for (const [k, v] of Object.entries(summary)) if (k !== "config" && k !== "baselines") walk(k, v);
  return rows;
}

/** The whole HTML page (no external resource: styles and SVG inline). */
export async function renderReportHtml(data: RunData, title: string): Promise<string> {
  const svgs: string[] = [];
  for (const spec of reportSpecs(data.rounds)) svgs.push(await renderVegaLiteSvg(spec));
  const table = summaryRows(data.summary).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td{border:1px solid #ccc;padding:2px 8px}td:last-child{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0}</style>
</head><body>
<h1>${esc(title)}</h1>
<h2>Per-round metrics</h2>
${svgs.map((s) => `<figure>${s}</figure>`).join("\n")}
<h2>Summary</h2>
<table>
${table}
</table>
</body></html>
`;
}
