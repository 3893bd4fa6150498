import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";
import { DEFAULT_SIM_CONFIG } from "../../src/sim/config.js";

describe("fedrec sweep", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedrec-sweep-"));

  it("writes one CSV row per cell × seed, the Pareto SVG, and flags exactly the non-dominated cells", () => {
    const out = join(dir, "s");
    const r = runCli([
      "sweep", "--users", "40", "--rounds", "3", "--policies", "greedy-penalty,random,greedy,round-robin", "--penalties", "0,5",
      "--exploration", "none,epsilon:0.2", "--seeds", "1,2", "--out", out, "--json",
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("[1/");
    const res = JSON.parse(r.stdout);
    // greedy-penalty: 2 λ × 2 explorations; greedy: λ ignored, 2 explorations; random, round-robin once; the default added
    expect(res.cells.map((c: { label: string }) => c.label).sort()).toEqual(
      [
        "greedy-penalty λ=0 none", "greedy-penalty λ=0 epsilon:0.2", "greedy-penalty λ=5 none", "greedy-penalty λ=5 epsilon:0.2",
        "random λ=0 none", "round-robin λ=0 none", "greedy λ=0 none", "greedy λ=0 epsilon:0.2", `greedy-penalty λ=${DEFAULT_SIM_CONFIG.repeatPenalty} none`,
      ].sort(),
    );
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0].split(",")).toContain("repeat_pair_rate");
    expect(csv.length - 1).toBe(res.cells.length * 2);
    // the front against the definition: no other cell is at least as good on both and better on one
    type Cell = { label: string; cumulative: number; repeatPairRate: number; pareto: boolean; isDefault: boolean };
    const cells: Cell[] = res.cells;
    for (const c of cells) {
      const dominated = cells.some((o) => o.repeatPairRate <= c.repeatPairRate && o.cumulative >= c.cumulative && (o.repeatPairRate < c.repeatPairRate || o.cumulative > c.cumulative));
      expect(c.pareto).toBe(!dominated);
    }
    expect(cells.filter((c) => c.isDefault).map((c) => c.label)).toEqual([`greedy-penalty λ=${DEFAULT_SIM_CONFIG.repeatPenalty} none`]);
    // the cumulative of a cell is the mean of its CSV rows
    const header = csv[0].split(",");
    const rows = csv.slice(1).map((l) => l.split(","));
    const col = (name: string) => header.indexOf(name);
    const mine = rows.filter((x) => x[col("policy")] === "random");
    const mean = mine.reduce((s, x) => s + Number(x[col("cumulative")]), 0) / mine.length;
    expect(cells.find((c) => c.label === "random λ=0 none")!.cumulative).toBeCloseTo(mean, 9);
    const svg = readFileSync(join(out, "pareto.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("default");
    expect(existsSync(join(out, "sweep.json"))).toBe(true);
  });

  it("rejects a malformed exploration with exit 2 and names the flag", () => {
    const r = runCli(["sweep", "--exploration", "none,eps:0.1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--exploration");
  });
});
