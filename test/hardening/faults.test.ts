/**
 * Faults in the federated simulation: a master restart mid-run (checkpoint → resume gives the identical
 * summary and model), dropouts up to 50% (the run completes; the n/|replies| rescaled sum is unbiased),
 * and uploads that are duplicated, late, or cut off mid-request over a real socket.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSimulation, type SimulationResult } from "../../src/sim/run.js";
import { readCheckpoint } from "../../src/sim/checkpoint.js";
import { makeRng, normal } from "../../src/core/rng.js";
import { sumAggregator } from "../../src/core/federation/aggregators.js";
import { sampleClients } from "../../src/core/federation/sampling.js";
import type { Broadcast, ClientReply } from "../../src/core/federation/types.js";
import { makeApiHandler } from "../../src/sim/transport/api.js";
import { httpTransport } from "../../src/sim/transport/http.js";
import { encodeReply } from "../../src/sim/transport/codec.js";
import { UploadGate } from "../../src/sim/deployments/upload-gate.js";
import { smallConfig } from "../federation/helpers.js";
import type { SimConfig } from "../../src/sim/config.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "fedrec-faults-"));
  dirs.push(d);
  return d;
};
const now = () => 0;
const comparable = (r: SimulationResult) => JSON.stringify({ ...r.summary, timing: null });

async function crashAndResume(config: SimConfig, crashRun: string, crashRound: number, every: number): Promise<SimulationResult> {
  const dir = tmp();
  await expect(
    runSimulation(config, {
      baselines: true,
      now,
      checkpoint: { every, dir },
      onRound: (run, r) => {
        if (run === crashRun && r.round === crashRound) throw new Error("master crashed");
      },
    }),
  ).rejects.toThrow("master crashed");
  return runSimulation(config, { baselines: true, now, checkpoint: { every, dir }, resume: readCheckpoint(dir) });
}

describe("master restart: --checkpoint-every + --resume", () => {
  const cases: Array<[string, SimConfig]> = [
    ["fast path", smallConfig({}, { rounds: 4 })],
    ["protocol with 30% dropout and sampling", smallConfig({ dropout: 0.3, sampling: { kind: "fraction", fraction: 0.5 }, payload: "f32" }, { rounds: 4 })],
  ];
  it.each(cases)("%s: crash in the main run after a checkpoint → the same summary and model bits", async (_n, config) => {
    const whole = await runSimulation(config, { baselines: true, now });
    const resumed = await crashAndResume(config, config.policy, 4, 2);
    expect(comparable(resumed)).toBe(comparable(whole));
    expect(Array.from(resumed.model!.Y)).toEqual(Array.from(whole.model!.Y));
    expect(Array.from(resumed.model!.adam.m)).toEqual(Array.from(whole.model!.adam.m));
    expect(resumed.rounds).toEqual(whole.rounds);
  });

  it("crash during the oracle baseline → the same summary", async () => {
    const config = smallConfig({}, { rounds: 3 });
    const whole = await runSimulation(config, { baselines: true, now });
    expect(comparable(await crashAndResume(config, "oracle", 3, 1))).toBe(comparable(whole));
  });

  it("a resumed run from a checkpoint taken mid-run differs from a fresh start only if state were lost (control)", async () => {
    // control: restoring nothing (a fresh run of the remaining rounds) would NOT match — the check above can fail
    const config = smallConfig({}, { rounds: 4 });
    const whole = await runSimulation(config, { baselines: false, now });
    const dir = tmp();
    await runSimulation(config, { baselines: false, now, checkpoint: { every: 2, dir } });
    const cp = readCheckpoint(dir);
    const broken = { ...cp, runs: { main: { ...(cp.runs.main as object), learner: undefined } } };
    const r = await runSimulation(config, { baselines: false, now, resume: broken }).catch(() => null);
    expect(r === null || comparable(r) !== comparable(whole)).toBe(true);
  });
});

describe("dropouts up to 50%", () => {
  it("a run with --dropout 0.5 over the protocol completes and drops about half the sampled clients", async () => {
    const config = smallConfig({ dropout: 0.5, payload: "f32" }, { rounds: 3 });
    const r = await runSimulation(config, { baselines: false, now });
    const p = r.summary.privacy!;
    expect(p.fastPath).toBe(false);
    expect(p.rounds.dropped / p.rounds.sampled).toBeGreaterThan(0.4);
    expect(p.rounds.dropped / p.rounds.sampled).toBeLessThan(0.6);
    expect(p.uploads!.accepted).toBe(p.rounds.sampled - p.rounds.dropped);
    expect(r.summary.accuracy.auc).not.toBeNull();
  });

  it("the rescaled sum (n/|replies|)·Σ G_u over 50% survivors is unbiased for the full sum (Monte Carlo, 4 s.e.)", () => {
    const n = 30;
    const len = 5;
    const rng = makeRng("unbiased");
    const us = Array.from({ length: n }, () => Float64Array.from({ length: len }, () => 1 + normal(rng)));
    const full = sumAggregator(null, us.map((u, id) => ({ clientId: id, round: 1, attempt: 0, update: u, count: 1, metrics: {} }))).update!;
    const trials = 3000;
    const mean = new Float64Array(len);
    const sq = new Float64Array(len);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    for (let t = 0; t < trials; t++) {
      const alive = sampleClients(all, { kind: "all" }, rng).filter(() => rng() >= 0.5);
      if (alive.length === 0) continue;
      const replies: ClientReply[] = Array.from(alive, (id) => ({ clientId: id, round: 1, attempt: 0, update: us[id], count: 1, metrics: {} }));
      const agg = sumAggregator(null, replies);
      for (let i = 0; i < len; i++) {
        const est = (n / agg.count) * agg.update![i];
        mean[i] += est / trials;
        sq[i] += (est * est) / trials;
      }
    }
    for (let i = 0; i < len; i++) {
      const se = Math.sqrt((sq[i] - mean[i] * mean[i]) / trials);
      expect(Math.abs(mean[i] - full[i])).toBeLessThan(4 * se + 1e-9);
    }
  });
});

describe("uploads over a real socket: duplicate, late, cut off mid-request", () => {
  const N = 5;
  const F = 2;
  const b: Broadcast = { round: 3, attempt: 0, nItems: N, f: F, Y: new Float64Array(N * F), YtY: new Float64Array(F * F), participants: null };
  const reply = (clientId: number, round = 3): ClientReply => ({ clientId, round, attempt: 0, count: 1, metrics: {}, update: new Float64Array(N * F).fill(clientId) });

  it("one upload per client per round id; duplicates ignored and counted; late ones rejected; a dead client leaves no trace", async () => {
    const gate = new UploadGate(N);
    const t = await httpTransport(makeApiHandler({ model: () => b, gradients: (r) => gate.admit(r, b) }, "f64", 10_000), "127.0.0.1", 10_000);
    try {
      const post = (r: ClientReply) => t.request("POST", "/gradients", encodeReply(r, "f64"), "application/x-fedrec-f64");
      expect((await post(reply(1))).status).toBe(200);
      expect((await post(reply(1))).status).toBe(200);
      expect((await post(reply(2, 2))).status).toBe(409);
      // a client that sends half its body and dies
      const body = encodeReply(reply(3), "f64");
      const url = new URL((t as unknown as { url: string }).url);
      await new Promise<void>((resolve) => {
        const s = connect(Number(url.port), url.hostname, () => {
          s.write(`POST /gradients HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-fedrec-f64\r\nContent-Length: ${body.length}\r\n\r\n`);
          s.write(body.subarray(0, body.length >> 1), () => {
            s.destroy();
            setTimeout(resolve, 50);
          });
        });
      });
      expect((await post(reply(4))).status).toBe(200);
      expect([...gate.pending.keys()].sort()).toEqual([1, 4]);
      expect(gate.counts).toEqual({ accepted: 2, duplicates: 1, late: 1, rejected: 0 });
      // the duplicate did not replace the first upload
      expect(gate.pending.get(1)!.update[0]).toBe(1);
    } finally {
      await t.close();
    }
  });
});
