import { describe, it, expect } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";
import { movieLensRoot } from "../experiments/fixtures.js";

const tiny = {
  name: "tiny",
  version: 1,
  kind: "fcf-vs-cf",
  data: { file: "ml/u.data", format: "movielens", minWeight: 3, value: "binary" },
  split: { kind: "random", testFraction: 0.2 },
  seeds: ["1", "2"],
  k: 5,
  hyper: { factors: 4, alpha: 2, lambda: 0.1, lr: 0.05 },
  models: [
    { label: "ALS", algorithm: "als", rounds: 5 },
    { label: "FCF", algorithm: "fcf", rounds: 20, clientsFraction: 0.5, lrSchedule: "step:10:0.5" },
    { label: "popularity", algorithm: "popularity" },
  ],
  reference: "ALS",
  curve: { every: 5 },
};

describe("fedrec experiment (CLI)", () => {
  const root = movieLensRoot();
  const dir = mkdtempSync(join(tmpdir(), "fedrec-exp-"));

  it("runs a config on a fixture data set and writes .md, .json and .svg", () => {
    const cfg = join(dir, "tiny.json");
    writeFileSync(cfg, JSON.stringify(tiny));
    const out = join(dir, "results");
    const r = runCli(["experiment", cfg, "--data-root", root, "--out", out, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const ext of ["md", "json", "svg"]) expect(existsSync(join(out, `tiny.${ext}`)), ext).toBe(true);
    const saved = JSON.parse(readFileSync(join(out, "tiny.json"), "utf8"));
    expect(saved).toEqual(JSON.parse(r.stdout));
    expect(saved.result.perSeed).toHaveLength(2 * 3);
    const ref = saved.result.summary.find((s: { model: string }) => s.model === "ALS");
    expect(ref.gapMap.mean).toBe(0);
    // the convergence curve: round 1 and every 5 rounds of the first seed's FCF run
    expect(saved.result.curve.map((c: { round: number }) => c.round)).toEqual([1, 5, 10, 15, 20]);
    expect(readFileSync(join(out, "tiny.md"), "utf8")).toContain("| FCF |");
    expect(readFileSync(join(out, "tiny.svg"), "utf8")).toMatch(/^<svg/);
  });

  it("a bad config is one clear line naming the field, exit 2", () => {
    const cases: Array<[object, RegExp]> = [
      [{ ...tiny, k: 0 }, /tiny-bad\.json: k: /],
      [{ ...tiny, extra: 1 }, /Unrecognized key/],
      [{ ...tiny, models: [tiny.models[0], { ...tiny.models[1], lrSchedule: "linear" }] }, /models\.1\.lrSchedule: expected constant, step/],
      [{ ...tiny, models: [tiny.models[1]] }, /reference: must be the label of one of the models/],
    ];
    for (const [cfg, msg] of cases) {
      const bad = join(dir, "tiny-bad.json");
      writeFileSync(bad, JSON.stringify(cfg));
      const r = runCli(["experiment", bad, "--data-root", root, "--out", join(dir, "never")]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
    writeFileSync(join(dir, "notjson.json"), "{");
    const nj = runCli(["experiment", join(dir, "notjson.json")]);
    expect(nj.status).toBe(2);
    expect(nj.stderr).toContain("not JSON");
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});
