import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";

describe("fedrec group", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedrec-group-"));
  const aff = join(dir, "aff.csv");
  // two cliques {a,b,c,d} and {e,f,g,h} with weight 10, everything else 1
  const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const rows = ["i,j,w"];
  for (let x = 0; x < 8; x++) for (let y = x + 1; y < 8; y++) rows.push(`${ids[x]},${ids[y]},${Math.floor(x / 4) === Math.floor(y / 4) ? 10 : 1}`);
  writeFileSync(aff, rows.join("\n") + "\n");

  it("finds the two cliques, writes id,group lines and reports the objective parts", () => {
    const out = join(dir, "groups.csv");
    const r = runCli(["group", "--affinities", aff, "--symmetric", "--group-size", "4", "--out", out, "--json"]);
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.objective).toEqual({ affinity: 120, penalty: 0, total: 120 });
    const lines = readFileSync(out, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const groupOf = new Map(lines.map(([id, g]) => [id, g]));
    expect(groupOf.size).toBe(8);
    for (const id of ["b", "c", "d"]) expect(groupOf.get(id)).toBe(groupOf.get("a"));
    expect(groupOf.get("e")).not.toBe(groupOf.get("a"));
  });

  it("keeps blocked pairs apart and rejects unknown ids with the file and line", () => {
    const blocked = join(dir, "blocked.csv");
    writeFileSync(blocked, "a,b\n");
    const r = runCli(["group", "--affinities", aff, "--symmetric", "--group-size", "4", "--blocked", blocked, "--format", "json"]);
    expect(r.status).toBe(0);
    const members = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; group: number });
    const g = new Map(members.map((m) => [m.id, m.group]));
    expect(g.get("a")).not.toBe(g.get("b"));
    writeFileSync(blocked, "a,zz\n");
    const bad = runCli(["group", "--affinities", aff, "--group-size", "4", "--blocked", blocked]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/blocked\.csv:1: field b: unknown id "zz"/);
  });

  it("exits 2 when neither a group size nor a number of groups is given", () => {
    expect(runCli(["group", "--affinities", aff]).status).toBe(2);
  });

  it("exits 2 when a search budget is given to a policy without local search", () => {
    const r = runCli(["group", "--affinities", aff, "--group-size", "4", "--policy", "greedy", "--iterations", "100"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'--iterations' and '--time-limit' budget the local-search policies, not 'greedy'");
  });
});
