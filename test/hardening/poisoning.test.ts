/**
 * Poisoning end to end through the CLI's federated simulation: a promote attack by 10% of the clients
 * raises the target's exposure in users' top-10 lists far above the no-attack reference, a robust rule
 * (trimmed mean) takes most of it back; and `simulate --checkpoint-every/--resume` from the command line
 * reproduces the uninterrupted summary.
 */
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "./harness.js";

const BASE = ["simulate", "--users", "100", "--rounds", "6", "--no-baselines", "--json", "--seed", "poison"];
const exposure = async (...extra: string[]) => {
  const r = await runInProcess([...BASE, ...extra]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).privacy.poisoning as { promotedExposure: number; maliciousClients: number; promotedMeanRank: number };
};

describe("poisoning: promote:<id> with and without a defence", () => {
  it("the attack raises the target's exposure; the trimmed mean cuts it back", async () => {
    const ref = await exposure("--malicious-fraction", "0", "--attack-kind", "promote:7");
    const attacked = await exposure("--malicious-fraction", "0.1", "--attack-kind", "promote:7");
    const defended = await exposure("--malicious-fraction", "0.1", "--attack-kind", "promote:7", "--robust-agg", "trimmed-mean", "--trim", "0.2");
    expect(ref.maliciousClients).toBe(0);
    expect(attacked.maliciousClients).toBe(10);
    expect(attacked.promotedExposure).toBeGreaterThan(ref.promotedExposure + 0.15);
    expect(attacked.promotedMeanRank).toBeLessThan(ref.promotedMeanRank);
    expect(defended.promotedExposure).toBeLessThan(attacked.promotedExposure);
  });
});

describe("simulate --checkpoint-every / --resume from the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedrec-resume-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("resuming a finished checkpoint gives the uninterrupted summary; other options are refused", async () => {
    const args = ["simulate", "--users", "40", "--rounds", "4", "--json", "--seed", "cp"];
    const whole = await runInProcess(args);
    const cp = await runInProcess([...args, "--checkpoint-every", "3", "--checkpoint-dir", dir]);
    expect(existsSync(join(dir, "checkpoint.v8"))).toBe(true);
    const resumed = await runInProcess([...args, "--resume", dir]);
    const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), timing: null });
    expect(strip(cp.stdout)).toBe(strip(whole.stdout));
    expect(strip(resumed.stdout)).toBe(strip(whole.stdout));
    const other = await runInProcess(["simulate", "--users", "41", "--rounds", "4", "--seed", "cp", "--resume", dir]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--resume.*different options \(users/);
  });
});
