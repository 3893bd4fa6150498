import { describe, it, expect, vi } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Device } from "../../src/sim/device.js";
import { Simulation } from "../../src/sim/simulation.js";
import { DEFAULT_SIM_CONFIG } from "../../src/sim/config.js";
import { REPO } from "../cli/run-cli.js";

const VIEW_KEYS = ["partners", "received", "round", "sent", "userId"];

describe("client isolation", () => {
  it("every device receives only its own ClientView, with nothing else in it", async () => {
    const seen: unknown[] = [];
    const spy = vi.spyOn(Device.prototype, "observe").mockImplementation(function (this: Device, view) {
      seen.push(view);
      expect(view.userId).toBe(this.userId);
      return undefined;
    });
    try {
      const sim = new Simulation({ ...DEFAULT_SIM_CONFIG, users: 30, rounds: 2 }, "greedy-penalty", true);
      await sim.run();
    } finally {
      spy.mockRestore();
    }
    expect(seen.length).toBe(60);
    for (const view of seen) {
      const v = view as Record<string, unknown>;
      expect(Object.keys(v).sort()).toEqual(VIEW_KEYS);
      expect(v.partners).toBeInstanceOf(Int32Array);
      expect(v.sent).toBeInstanceOf(Int32Array);
      expect(v.received).toBeInstanceOf(Int32Array);
      const partners = v.partners as Int32Array;
      expect((v.sent as Int32Array).length).toBe(partners.length);
      expect(Array.from(partners)).not.toContain(v.userId);
    }
  });

  it("device code imports nothing that can reach the world", () => {
    const src = readFileSync(join(REPO, "src/sim/device.ts"), "utf8");
    const imports = [...src.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const path of imports) {
      expect(path).not.toMatch(/world|simulation|learner/);
    }
  });

  it("a device refuses a view addressed to another user", () => {
    const d = new Device(3);
    expect(() => d.observe({ userId: 4, round: 1, partners: new Int32Array([1]), sent: new Int32Array([1]), received: new Int32Array([0]) })).toThrow(/device 3/);
  });
});
