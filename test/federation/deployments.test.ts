import { describe, it, expect, vi } from "vitest";
import { runSimulation } from "../../src/sim/run.js";
import { FederatedDeployment } from "../../src/sim/deployments/federated.js";
import { Simulation } from "../../src/sim/simulation.js";
import type { SimConfig } from "../../src/sim/config.js";
import { smallConfig } from "./helpers.js";
import { DEFAULT_SIM_CONFIG } from "../../src/sim/config.js";

async function summary(config: SimConfig) {
  const { summary: s } = await runSimulation(config, { baselines: false, now: () => 0 });
  return s;
}

/** The summary without the fields that name the transport or path (they must differ) */
function comparable(s: Awaited<ReturnType<typeof summary>>) {
  const { config: _c, timing: _t, privacy, ...rest } = s;
  return { ...rest, bytesUp: privacy?.bytesUpPerClientRound, bytesDown: privacy?.bytesDownPerClientRound, leak: privacy?.leakageAuc };
}

/** Runs one simulation round to have devices with data, then returns the deployment's state after one more step. */
async function oneStep(config: SimConfig): Promise<FederatedDeployment> {
  const sim = new Simulation(config, config.policy, true);
  await sim.step();
  const d = (sim as unknown as { learner: FederatedDeployment }).learner;
  await d.train(2, 1);
  await sim.close();
  return d;
}

describe("deployments through the one loop", () => {
  it("the fast path (exact factored aggregate) equals the sum of dense per-client uploads to 1e-9 relative", async () => {
    const fast = await oneStep(smallConfig({}, { aggregate: "factored" }));
    const dense = await oneStep(smallConfig({}, { aggregate: "dense" }));
    expect(fast.fastPath).toBe(true);
    expect(dense.fastPath).toBe(false);
    const a = fast.strategy.lastSum!;
    const b = dense.strategy.lastSum!;
    let num = 0;
    let den = 0;
    for (let i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) ** 2;
      den += b[i] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-9);
    expect(fast.strategy.lastCount).toBe(dense.strategy.lastCount);
  });

  it("same seed ⇒ identical summary in-process and over HTTP (Float64 payloads), bandwidth included", async () => {
    const inproc = await summary(smallConfig({ transport: "in-process", payload: "f64", attack: true }));
    const http = await summary(smallConfig({ transport: "http", payload: "f64", attack: true }));
    expect(comparable(http)).toEqual(comparable(inproc));
    expect(http.privacy?.transport).toBe("http");
  }, 60_000);

  it("HTTP with secure aggregation matches the in-process run (masks cancel; fixed-point only)", async () => {
    const plain = await summary(smallConfig({}));
    const secure = await summary(smallConfig({ transport: "http", secureAgg: { degree: 4 } }));
    expect(secure.satisfaction.mean).toBeCloseTo(plain.satisfaction.mean, 6);
    expect(secure.accuracy.auc!).toBeCloseTo(plain.accuracy.auc!, 4);
  }, 60_000);

  it("secure aggregation with dropouts: failed attempts are retried with the survivors and equal the plain sum over them", async () => {
    const fed = { dropout: 0.2, sampling: { kind: "count", count: 20 } as const };
    const plain = await summary(smallConfig({ ...fed, attack: true }));
    const secure = await summary(smallConfig({ ...fed, secureAgg: { degree: 4 } }));
    expect(secure.privacy!.secureAggregation!.failedAttempts).toBeGreaterThan(0);
    expect(secure.privacy!.rounds).toEqual(plain.privacy!.rounds);
    expect(secure.satisfaction.mean).toBeCloseTo(plain.satisfaction.mean, 6);
  });

  it("leakage attack: plain dense uploads reveal partners (AUC > 0.9), secure aggregation ≈ 0.5, DP in between", async () => {
    const base = { attack: true };
    const plain = (await summary(smallConfig(base, { users: 60 }))).privacy!.leakageAuc!;
    const secure = (await summary(smallConfig({ ...base, secureAgg: { degree: 4 } }, { users: 60 }))).privacy!.leakageAuc!;
    const dp = (await summary(smallConfig({ ...base, dp: { clip: 1, noise: 0.2, delta: 1e-5 } }, { users: 60 }))).privacy!.leakageAuc!;
    expect(plain).toBeGreaterThan(0.9);
    expect(Math.abs(secure - 0.5)).toBeLessThan(0.08);
    expect(dp).toBeLessThan(plain);
    expect(dp).toBeGreaterThan(secure);
  });

  it("payload audit: no request body leaving a federated device carries message data or partner ids", async () => {
    const bodies: Array<{ method: string; type: string | null; body: Uint8Array | null }> = [];
    const real = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const b = init?.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : null;
      const headers = (init?.headers ?? {}) as Record<string, string>;
      bodies.push({ method: init?.method ?? "GET", type: headers["content-type"] ?? null, body: b });
      return real(input, b === null ? init : { ...init, body: new Blob([b]) });
    });
    try {
      await summary(smallConfig({ transport: "http", payload: "json" }));
    } finally {
      spy.mockRestore();
    }
    const posts = bodies.filter((b) => b.method === "POST");
    expect(posts.length).toBeGreaterThan(0);
    for (const b of bodies.filter((x) => x.method === "GET")) expect(b.body).toBeNull();
    for (const p of posts) {
      const o = JSON.parse(new TextDecoder().decode(p.body!)) as Record<string, unknown>;
      expect(Object.keys(o).sort()).toEqual(["attempt", "clientId", "count", "length", "metrics", "round", "update"]);
      expect(o.metrics).toEqual({});
      expect(o.count).toBe(1);
      expect((o.update as number[]).length).toBe(40 * DEFAULT_SIM_CONFIG.fcf.factors);
    }
  }, 60_000);

  it("online and centralized deployments learn from ratings sent to the server; missing mappings answer 400", async () => {
    const online = await summary(smallConfig({ deployment: "online" }));
    const central = await summary(smallConfig({ deployment: "centralized" }));
    const refused = await summary(smallConfig({ deployment: "online", createMapping: false }));
    expect(online.privacy!.uploadContains).toBe("ratings");
    expect(online.privacy!.leakageAuc).toBe(1);
    expect(central.accuracy.auc!).toBeGreaterThan(0.55);
    expect(online.accuracy.auc!).toBeGreaterThan(0.55);
    expect(refused.privacy!.rounds.rejectedRatings).toBe(40 * 3);
  });
});
