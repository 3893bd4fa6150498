import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareQuality, type Baseline } from "../../src/sim/quality/compare.js";
import { runCli } from "../cli/run-cli.js";

const baseline: Baseline = {
  version: 1,
  refresh: "npm run quality -- --update-baseline",
  tolerances: { simulate: { relative: 0.03, absolute: 0.005 }, movielens: { relative: 0.01, absolute: 0.002 } },
  metrics: {
    "simulate.seed1.satisfaction.mean": { value: 0.4, higherIsBetter: true, suite: "simulate" },
    "simulate.seed1.diversity.repeatPairRate": { value: 0.3, higherIsBetter: false, suite: "simulate" },
    "movielens.FCF.precisionAt10": { value: 0.22, higherIsBetter: true, suite: "movielens" },
  },
};
const same = { "simulate.seed1.satisfaction.mean": 0.4, "simulate.seed1.diversity.repeatPairRate": 0.3, "movielens.FCF.precisionAt10": 0.22 };

describe("quality gate comparison", () => {
  it("passes on the baseline itself and within tolerance", () => {
    expect(compareQuality(same, baseline, new Set()).pass).toBe(true);
    const within = { ...same, "simulate.seed1.satisfaction.mean": 0.4 * 0.98, "movielens.FCF.precisionAt10": 0.22 * 0.995 };
    expect(compareQuality(within, baseline, new Set()).pass).toBe(true);
  });

  it("fails when quality drops beyond tolerance, in the metric's own direction", () => {
    const worse = compareQuality({ ...same, "simulate.seed1.satisfaction.mean": 0.4 * 0.95 }, baseline, new Set());
    expect(worse.pass).toBe(false);
    expect(worse.rows.find((r) => r.metric === "simulate.seed1.satisfaction.mean")?.verdict).toBe("regressed");
    expect(compareQuality({ ...same, "simulate.seed1.diversity.repeatPairRate": 0.35 }, baseline, new Set()).pass).toBe(false);
    const better = compareQuality({ ...same, "simulate.seed1.diversity.repeatPairRate": 0.25 }, baseline, new Set());
    expect(better.pass).toBe(true);
    expect(better.rows.find((r) => r.metric === "simulate.seed1.diversity.repeatPairRate")?.verdict).toBe("improved");
    expect(compareQuality({ ...same, "movielens.FCF.precisionAt10": 0.215 }, baseline, new Set()).pass).toBe(false);
  });

  it("a missing or NaN metric of a suite that ran fails; a skipped suite (data absent) does not", () => {
    const { "movielens.FCF.precisionAt10": _, ...noMl } = same;
    expect(compareQuality(noMl, baseline, new Set()).pass).toBe(false);
    expect(compareQuality({ ...same, "simulate.seed1.satisfaction.mean": NaN }, baseline, new Set()).pass).toBe(false);
    const r = compareQuality(noMl, baseline, new Set(["movielens"]));
    expect(r.pass).toBe(true);
    expect(r.rows.find((x) => x.suite === "movielens")?.verdict).toBe("skipped");
  });

  it("fedrec quality exits 1 with a table naming the regressed metric when fed a degraded result, 0 on the baseline", () => {
    const dir = mkdtempSync(join(tmpdir(), "fedrec-quality-"));
    const basePath = join(dir, "baseline.json");
    writeFileSync(basePath, JSON.stringify(baseline));
    const asCurrent = (values: Record<string, number>) => {
      const p = join(dir, `current-${Object.values(values).join("-")}.json`);
      const metrics = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { ...baseline.metrics[k], value: v }]));
      writeFileSync(p, JSON.stringify({ metrics }));
      return p;
    };
    const ok = runCli(["quality", "--baseline", basePath, "--current", asCurrent(same)]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain("quality gate: pass");
    const bad = runCli(["quality", "--baseline", basePath, "--current", asCurrent({ ...same, "movielens.FCF.precisionAt10": 0.18 })]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/movielens\.FCF\.precisionAt10\s+0\.2200\s+0\.1800\s+-0\.0400\s+0\.0022\s+regressed/);
    expect(bad.stderr).toContain("npm run quality -- --update-baseline");
    const upd = runCli(["quality", "--baseline", join(dir, "new.json"), "--current", asCurrent({ ...same, "movielens.FCF.precisionAt10": 0.18 }), "--update-baseline"]);
    expect(upd.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "new.json"), "utf8")).metrics["movielens.FCF.precisionAt10"].value).toBe(0.18);
  });
});
