import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO } from "./run-cli.js";
import { readBundle } from "../../src/backend/bundle.js";

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
  it("train --out saves a bundle that evaluate --model scores exactly as a fit-and-evaluate run", () => {
    const data = syntheticFile();
    const out = join(mkdtempSync(join(tmpdir(), "fedrec-model-")), "b");
    const common = ["--data", data, "--format", "movielens", "--min-weight", "3", "--algorithm", "fcf", "--rounds", "40", "--clients-fraction", "0.5", "--factors", "4", "--seed", "3"];
    const t = runCli(["train", ...common, "--out", out, "--json"]);
    expect(t.status).toBe(0);
    const bundle = readBundle(out);
    expect(bundle.manifest.algorithm).toBe("fcf-implicit");
    expect(bundle.manifest.dtype).toBe("f8");
    expect(bundle.checkpoint?.t).toBe(40);
    expect(bundle.checkpoint?.round).toBe(40);
    // mapping.json carries the data set's external user ids (first-seen order), item_ids.json the items'
    expect(bundle.mapping.size).toBe(60);
    expect(bundle.mapping.get("0")).toBe(0);
    expect(bundle.mapping.get("59")).toBe(59);
    expect(bundle.itemIds?.length).toBe(bundle.manifest.n);
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

describe("fedrec train --export / --resume (CLI)", () => {
  const data = syntheticFile();
  const base = ["--data", data, "--format", "movielens", "--min-weight", "3", "--algorithm", "fcf", "--clients-fraction", "0.3", "--factors", "4", "--seed", "5", "--lr-schedule", "exp:0.98"];
  const tmp = mkdtempSync(join(tmpdir(), "fedrec-resume-"));
  const npyBody = (path: string) => readFileSync(path).subarray(128);

  it("train N rounds == train k → export → train --resume to N, bit for bit (Y, Adam m, v, t)", () => {
    expect(runCli(["train", ...base, "--rounds", "30", "--out", join(tmp, "full")]).status).toBe(0);
    const k = runCli(["train", ...base, "--rounds", "12", "--export", join(tmp, "k"), "--dtype", "f4", "--json"]);
    expect(k.status).toBe(0);
    expect(readBundle(join(tmp, "k")).manifest.dtype).toBe("f4");
    const r = runCli(["train", "--resume", join(tmp, "k"), "--rounds", "30", "--out", join(tmp, "resumed"), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).resumedFrom).toBe(12);
    for (const f of ["item_factors.npy", "optimizer/master_f64.npy", "optimizer/adam_m.npy", "optimizer/adam_v.npy"]) {
      expect(Buffer.compare(npyBody(join(tmp, "full", f)), npyBody(join(tmp, "resumed", f))), f).toBe(0);
    }
    const full = readBundle(join(tmp, "full")).manifest;
    const resumed = readBundle(join(tmp, "resumed")).manifest;
    expect(resumed.optimizer).toEqual(full.optimizer);
    expect(resumed.metrics).toEqual(full.metrics);
    // and the resumed run is not trivially equal to the k-round one
    expect(Buffer.compare(npyBody(join(tmp, "k", "optimizer/adam_m.npy")), npyBody(join(tmp, "resumed", "optimizer/adam_m.npy")))).not.toBe(0);
  });

  it("--resume refuses differing hyperparameters (exit 2), a different data set's shape (exit 1) and ALS bundles", () => {
    const k = join(tmp, "k2");
    expect(runCli(["train", ...base, "--rounds", "5", "--out", k]).status).toBe(0);
    const lr = runCli(["train", "--resume", k, "--rounds", "9", "--lr", "0.01"]);
    expect(lr.status).toBe(2);
    expect(lr.stderr).toContain("--lr 0.01 ≠ bundle's 0.05");
    const other = join(mkdtempSync(join(tmpdir(), "fedrec-other-")), "u.data");
    writeFileSync(other, "1\t1\t5\t0\n1\t2\t5\t0\n2\t1\t5\t0\n2\t3\t4\t0\n");
    const shape = runCli(["train", "--resume", k, "--rounds", "9", "--data", other]);
    expect(shape.status).toBe(1);
    expect(shape.stderr).toMatch(/the model is 60×\d+ \(users × items\) but .* gives 2×3/);
    const als = join(tmp, "als");
    expect(runCli(["train", "--data", data, "--format", "movielens", "--algorithm", "als", "--rounds", "3", "--factors", "4", "--export", als]).status).toBe(0);
    expect(readBundle(als).manifest.algorithm).toBe("als-implicit");
    const ra = runCli(["train", "--resume", als, "--rounds", "9"]);
    expect(ra.status).toBe(1);
    expect(ra.stderr).toContain("--resume continues FCF training only");
    expect(runCli(["evaluate", "--model", als, "--json"]).status).toBe(0);
  });

  it("evaluate --model refuses a corrupt bundle with one line", () => {
    const b = join(tmp, "k3");
    expect(runCli(["train", ...base, "--rounds", "3", "--out", b]).status).toBe(0);
    writeFileSync(join(b, "mapping.json"), "{}\n");
    const r = runCli(["evaluate", "--model", b]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("checksum mismatch for mapping.json");
  });
});
