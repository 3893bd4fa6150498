import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO } from "./run-cli.js";
import { loadModel } from "../../src/sim/model-store.js";

function syntheticFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "fedrec-data-"));
  const lines: string[] = [];
  let s = 1;
  const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  for (let u = 0; u < 60; u++) for (let q = 0; q < 12; q++) lines.push(`${u}\t${Math.floor(rnd() * 40) + (u % 2) * 40}\t${1 + Math.floor(rnd() * 5)}\t${q}`);
  const path = join(dir, "u.data");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

describe("fedrec train / evaluate (CLI)", () => {
  it("train --out saves a model that evaluate --model scores exactly as a fit-and-evaluate run", () => {
    const data = syntheticFile();
    const out = mkdtempSync(join(tmpdir(), "fedrec-model-"));
    const common = ["--data", data, "--format", "movielens", "--min-weight", "3", "--algorithm", "fcf", "--rounds", "40", "--clients-fraction", "0.5", "--factors", "4", "--seed", "3"];
    const t = runCli(["train", ...common, "--out", out, "--json"]);
    expect(t.status).toBe(0);
    const { meta, model } = loadModel(out);
    expect(meta.spec.algorithm).toBe("fcf");
    expect(model.adam?.t).toBe(40);
    expect(model.X.length).toBe(60 * 4);
    const a = runCli(["evaluate", "--model", out, "--json"]);
    const b = runCli(["evaluate", ...common, "--json"]);
    expect(a.status).toBe(0);
    const ra = JSON.parse(a.stdout);
    const rb = JSON.parse(b.stdout);
    for (const key of ["precision", "recall", "f1", "map", "ndcg", "auc", "coverage", "novelty", "exposureGini"]) expect(ra[key]).toBe(rb[key]);
    expect(ra.precision).toBeGreaterThan(0);
  });

  it("a bad row fails with exit 1 and file:line; --skip-bad-rows reports the count", () => {
    const bad = join(REPO, "datasets", "fixtures", "u-bad.data");
    const r = runCli(["evaluate", "--data", bad, "--format", "movielens", "--algorithm", "popularity"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("u-bad.data:2: expected 4 tab-separated fields");
    const s = runCli(["train", "--data", bad, "--format", "movielens", "--algorithm", "als", "--rounds", "2", "--skip-bad-rows", "--json"]);
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).skippedRows).toBe(1);
  });

  it("rejects a missing --data and an unknown format with exit 2", () => {
    expect(runCli(["train"]).status).toBe(2);
    const r = runCli(["evaluate", "--data", "x", "--format", "parquet"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--format");
  });
});
