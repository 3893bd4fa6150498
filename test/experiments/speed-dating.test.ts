import { describe, it, expect } from "vitest";
import { runSpeedDating } from "../../src/sim/experiments/speed-dating.js";
import { parseExperimentConfig, type SpeedDatingConfig } from "../../src/sim/experiments/config.js";
import { speedDatingRoot } from "./fixtures.js";

const config = parseExperimentConfig({
  name: "sd-fixture",
  version: 1,
  kind: "speed-dating",
  data: { file: "speed-dating/speed-dating.csv" },
  seeds: ["1", "2"],
  testFraction: 0.3,
  algorithm: "als",
  rounds: 15,
  hyper: { factors: 4, alpha: 2, lambda: 1, lr: 0.05 },
  grouping: { rounds: 3, groupSize: 2, repeatPenalty: 0.5, repeatDecay: 0.9, mutual: "mean" },
}, "fixture") as SpeedDatingConfig;

describe("speed-dating experiment pipeline (synthetic speed-dating-shaped fixture)", () => {
  const root = speedDatingRoot(2, 12);

  it("holds out round(q·pairs) dates per wave (both records) and learns the planted taste", async () => {
    const r = await runSpeedDating(config, root);
    expect(r.waves).toBe(2);
    expect(r.people).toBe(48);
    // 144 pairs per wave, round(0.3·144) = 43 held out, 2 records each, 2 waves
    expect(r.heldOutRecords).toEqual([172, 172]);
    const auc = Object.fromEntries(r.auc.map((a) => [a.score, a]));
    // a planted type agreement drives 90% of the yeses: the one-sided score must find it, popularity cannot
    expect(auc["one-sided"].dec.mean).toBeGreaterThan(0.75);
    expect(auc["popularity"].dec.mean).toBeLessThan(auc["one-sided"].dec.mean);
  });

  it("compares every policy on the same candidates: the oracle beats random, the learned scores beat random on yes rate", async () => {
    const r = await runSpeedDating(config, root);
    const g = Object.fromEntries(r.grouping.map((x) => [x.policy, x]));
    for (const x of r.grouping) {
      expect(x.observedShare.mean).toBeGreaterThan(0);
      expect(x.observedShare.mean).toBeLessThanOrEqual(1);
      expect(x.satisfaction.mean).toBeGreaterThanOrEqual(0.3);
      expect(x.satisfaction.mean).toBeLessThanOrEqual(0.9);
    }
    expect(g["oracle (held-out like)"].satisfaction.mean).toBeGreaterThanOrEqual(g["random"].satisfaction.mean);
    expect(g["learned greedy-penalty"].yesRate.mean).toBeGreaterThan(g["random"].yesRate.mean);
    // without the penalty the learned policy re-pairs the same best pair in later rounds
    expect(g["learned greedy (no penalty)"].repeatRate.mean).toBeGreaterThan(g["learned greedy-penalty"].repeatRate.mean);
    expect(g["learned greedy (no penalty)"].uniquePartners.mean).toBeLessThan(g["learned greedy-penalty"].uniquePartners.mean);
  });

  it("is deterministic for a seed list", async () => {
    const one = { ...config, seeds: ["3"] };
    expect(await runSpeedDating(one, root)).toEqual(await runSpeedDating(one, root));
  });
});
