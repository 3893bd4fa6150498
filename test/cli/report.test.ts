import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";
import { parseRounds, reportSpecs } from "../../src/sim/report.js";

describe("fedrec report", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedrec-report-"));

  it("turns a simulate run into one self-contained HTML page with a chart per metric and the summary", () => {
    const run = join(dir, "run");
    expect(runCli(["simulate", "--users", "40", "--rounds", "3", "--no-baselines", "--out", run, "--json"]).status).toBe(0);
    const r = runCli(["report", run, "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out: join(run, "report.html"), rounds: 3 });
    const html = readFileSync(join(run, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<svg/g)?.length).toBe(4); // satisfaction, repeat-pair rate, novelty, accuracy
    expect(html).not.toMatch(/<script|<link|src=/); // nothing external
    const summary = JSON.parse(readFileSync(join(run, "summary.json"), "utf8"));
    expect(html).toContain(`<td>satisfaction.mean</td><td>${summary.satisfaction.mean.toFixed(4)}</td>`);
  });

  it("charts the values of rounds.jsonl as they are", () => {
    const text = [1, 2].map((t) => JSON.stringify({ round: t, satisfaction: { mean: t / 10, leastMisery: t / 20 }, diversity: { repeatPairRate: t / 100, novelty: 1 - t / 100 }, accuracy: null })).join("\n");
    const rounds = parseRounds(text, "x");
    const specs = reportSpecs(rounds);
    expect(specs.length).toBe(3); // no accuracy chart without accuracy
    const sat = (specs[0] as { data: { values: Array<{ round: number; series: string; value: number }> } }).data.values;
    expect(sat).toContainEqual({ round: 2, series: "least misery (group min)", value: 0.1 });
  });

  it("fails with one line naming the file for a missing or corrupt run dir", () => {
    const missing = runCli(["report", join(dir, "nope")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split("\n").filter((l) => !l.startsWith("npm warn"))).toEqual([`fedrec: ${join(dir, "nope")}: no such run directory`]);
    const bad = join(dir, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "summary.json"), "{}");
    writeFileSync(join(bad, "rounds.jsonl"), JSON.stringify({ round: 1, satisfaction: { mean: 0.3 } }) + "\n");
    const r = runCli(["report", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(bad, "rounds.jsonl")}:1: field satisfaction.leastMisery missing`);
  });
});
