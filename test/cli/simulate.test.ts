import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";

describe("fedrec simulate (CLI)", () => {
  it.each([
    [["--users", "1"], "--users"],
    [["--users", "10", "--group-size", "1"], "--group-size"],
    [["--users", "10", "--group-size", "11"], "--group-size"],
    [["--lr", "-0.1"], "--lr"],
    [["--alpha", "-1"], "--alpha"],
    [["--policy", "telepathy"], "--policy"],
    [["--rounds", "two"], "--rounds"],
  ])("rejects %j with exit 2 and one line naming the option", (args, option) => {
    const r = runCli(["simulate", ...args]);
    expect(r.status).toBe(2);
    const firstLine = r.stderr.split("\n")[0];
    expect(firstLine).toContain(option);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe("");
  });

  it("--json prints exactly one JSON object with the summary contract", () => {
    const r = runCli(["simulate", "--users", "40", "--rounds", "3", "--json"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]);
    for (const key of ["users", "rounds", "groupSize", "policy", "seed"]) expect(s).toHaveProperty(key);
    for (const key of ["mean", "leastMisery", "vsOracle", "vsRandom"]) expect(typeof s.satisfaction[key]).toBe("number");
    for (const key of ["repeatPairRate", "uniquePartnersMean", "exposureGini", "pairCoverage"]) expect(typeof s.diversity[key]).toBe("number");
    for (const key of ["precisionAt10", "recallAt10", "ndcgAt10", "auc"]) expect(typeof s.accuracy[key]).toBe("number");
    expect(typeof s.timing.seconds).toBe("number");
    expect(s.users).toBe(40);
    expect(r.stderr).toBe("");
  });

  it("writes rounds.jsonl and summary.json atomically, identical for one seed apart from timing", () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "fedrec-sim-")));
    for (const dir of dirs) {
      const r = runCli(["simulate", "--users", "48", "--rounds", "4", "--seed", "7", "--out", dir]);
      expect(r.status).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(["model", "rounds.jsonl", "summary.json"]);
    }
    const read = (dir: string) => {
      const s = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
      delete s.timing;
      return s;
    };
    expect(read(dirs[1])).toEqual(read(dirs[0]));
    expect(readFileSync(join(dirs[1], "rounds.jsonl"), "utf8")).toBe(readFileSync(join(dirs[0], "rounds.jsonl"), "utf8"));
    expect(readFileSync(join(dirs[0], "rounds.jsonl"), "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("a different seed gives a different run", () => {
    const a = JSON.parse(runCli(["simulate", "--users", "40", "--rounds", "3", "--seed", "1", "--json"]).stdout);
    const b = JSON.parse(runCli(["simulate", "--users", "40", "--rounds", "3", "--seed", "2", "--json"]).stdout);
    expect(a.satisfaction.mean).not.toBe(b.satisfaction.mean);
  });

  it("--world-stats prints the world's figures beside the targets", () => {
    const r = runCli(["simulate", "--users", "400", "--world-stats", "--json"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.worldStats.length).toBeGreaterThan(5);
    expect(s.worldStats.some((x: { target: number | null }) => x.target !== null)).toBe(true);
  });

  it("--help teaches the options", () => {
    const r = runCli(["simulate", "--help"]);
    expect(r.status).toBe(0);
    for (const opt of ["--users", "--rounds", "--group-size", "--factors", "--alpha", "--lambda", "--lr", "--policy", "--repeat-penalty", "--seed", "--out", "--json"]) {
      expect(r.stdout).toContain(opt);
    }
  });
});

describe("fedrec simulate deployment flags (CLI)", () => {
  it.each([
    [["--deployment", "online", "--secure-agg"], "--secure-agg"],
    [["--dp-clip", "1"], "--dp-clip"],
    [["--secure-agg", "--payload", "f32"], "--payload"],
    [["--dropout", "1"], "--dropout"],
    [["--clients-per-round", "2.5"], "--clients-per-round"],
    [["--deployment", "p2p"], "--deployment"],
  ])("rejects %j with exit 2 naming the option", (args, option) => {
    const r = runCli(["simulate", "--users", "10", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain(option);
  });

  it.each(["federated", "online", "centralized"])("--deployment %s runs and reports privacy in the summary", (deployment) => {
    const r = runCli(["simulate", "--users", "30", "--rounds", "2", "--deployment", deployment, "--no-baselines", "--json"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.privacy.deployment).toBe(deployment);
    expect(s.privacy.bytesUpPerClientRound).toBeGreaterThan(0);
  });
});
