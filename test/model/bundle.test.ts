import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFiles, identityMapping, readBundle, resumeFromBundle, writeBundle } from "../../src/backend/bundle.js";
import { checkpointFcf } from "../../src/core/fcf/checkpoint.js";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../../src/core/fcf/hyper.js";
import { fcfIteration, initFcf, type FcfState } from "../../src/core/fcf/train.js";
import { deriveRng, makeRng, shuffleInPlace } from "../../src/core/rng.js";
import type { Csr } from "../../src/core/sparse/csr.js";
import { synthetic } from "../fcf/synthetic.js";

const hyper: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: 5 };
const R: Csr = synthetic(36, 36, 3, 0.15, 0.3, "bundle").train;

/** A training loop like `fedrec train` would run: half the clients per round, sampled by a per-round RNG. */
function trainRounds(state: FcfState, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    const ids = Int32Array.from({ length: state.nUsers }, (_, u) => u);
    shuffleInPlace(deriveRng("seed", "sampling", state.round), ids);
    const clients = ids.slice(0, state.nUsers / 2).sort();
    fcfIteration(state, R, hyper, { clients, aggregate: "factored" });
  }
}

function exportTo(state: FcfState, dir: string, dtype: "f4" | "f8" = "f4"): void {
  writeBundle(
    dir,
    bundleFiles({
      checkpoint: checkpointFcf(state),
      hyper,
      mapping: identityMapping(state.nUsers),
      dtype,
      created: "2020-01-01T00:00:00.000Z",
      source: { test: true },
      metrics: { loss: null },
    }),
  );
}

describe("model bundle", () => {
  it("resume: N rounds straight equal k rounds → export → import → N−k rounds, bit for bit", () => {
    const N = 12;
    const k = 5;
    const straight = initFcf(36, 36, hyper, makeRng("init"));
    trainRounds(straight, N);
    const first = initFcf(36, 36, hyper, makeRng("init"));
    trainRounds(first, k);
    const dir = join(mkdtempSync(join(tmpdir(), "fedrec-bundle-")), "b");
    exportTo(first, dir);
    const { state: resumed, hyper: h2 } = resumeFromBundle(dir);
    expect(h2).toEqual(hyper);
    expect(resumed.round).toBe(k);
    trainRounds(resumed, N - k);
    expect(resumed.round).toBe(N);
    expect(resumed.adam.t).toBe(straight.adam.t);
    expect(Buffer.from(resumed.Y.buffer).equals(Buffer.from(straight.Y.buffer))).toBe(true);
    expect(Buffer.from(resumed.adam.m.buffer).equals(Buffer.from(straight.adam.m.buffer))).toBe(true);
    expect(Buffer.from(resumed.adam.v.buffer).equals(Buffer.from(straight.adam.v.buffer))).toBe(true);
  });

  it("has the manifest contract, ≤ 25 PutRequests per DynamoDB file, and no private user factors", () => {
    const state = initFcf(36, 36, hyper, makeRng("init"));
    trainRounds(state, 2);
    const dir = join(mkdtempSync(join(tmpdir(), "fedrec-bundle-")), "b");
    exportTo(state, dir, "f8");
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(m.format).toBe("fedrec-bundle/1");
    for (const key of ["algorithm", "hyperparameters", "n", "f", "dtype", "created", "files", "metrics"]) expect(m).toHaveProperty(key);
    expect(m.n).toBe(36);
    expect(m.dtype).toBe("f8");
    expect(Object.keys(m.files).sort()).toContain("item_factors.npy");
    const dyn = readdirSync(join(dir, "dynamodb"));
    expect(dyn.length).toBe(2 + 2); // 36 users and 36 rows → 25 + 11 each
    for (const name of dyn) {
      const req = JSON.parse(readFileSync(join(dir, "dynamodb", name), "utf8"));
      const [table] = Object.keys(req);
      expect(req[table].length).toBeLessThanOrEqual(25);
    }
    expect(Object.keys(m.files).some((f) => /user_factors|X/.test(f))).toBe(false);
    const b = readBundle(dir);
    expect(Array.from(b.Y)).toEqual(Array.from(state.Y));
  });

  it.each([
    ["a flipped byte in item_factors.npy", (dir: string) => {
      const p = join(dir, "item_factors.npy");
      const bytes = readFileSync(p);
      bytes[bytes.length - 1] ^= 1;
      writeFileSync(p, bytes);
    }, /checksum mismatch for item_factors\.npy/],
    ["an edited DynamoDB file", (dir: string) => writeFileSync(join(dir, "dynamodb", "mapping-00000.json"), "{}"), /checksum mismatch for dynamodb\/mapping-00000\.json/],
    ["another format version", (dir: string) => {
      const p = join(dir, "manifest.json");
      writeFileSync(p, readFileSync(p, "utf8").replace("fedrec-bundle/1", "fedrec-bundle/9"));
    }, /format "fedrec-bundle\/9" is not supported/],
    ["a manifest whose n disagrees with the array", (dir: string) => {
      const p = join(dir, "manifest.json");
      writeFileSync(p, readFileSync(p, "utf8").replace('"n": 36', '"n": 35'));
    }, /manifest says \(35, 5\)|outside 0\.\.34/],
  ])("rejects %s with one clear line", (_, corrupt, pattern) => {
    const state = initFcf(36, 36, hyper, makeRng("init"));
    const dir = join(mkdtempSync(join(tmpdir(), "fedrec-bundle-")), "b");
    exportTo(state, dir);
    corrupt(dir);
    expect(() => readBundle(dir)).toThrow(pattern);
    try {
      readBundle(dir);
    } catch (err) {
      expect((err as Error).message).not.toContain("\n");
    }
  });

  it("replaces an existing bundle atomically and leaves no staging directory", () => {
    const parent = mkdtempSync(join(tmpdir(), "fedrec-bundle-"));
    const dir = join(parent, "b");
    const s1 = initFcf(36, 36, hyper, makeRng("one"));
    const s2 = initFcf(36, 36, hyper, makeRng("two"));
    exportTo(s1, dir, "f8");
    exportTo(s2, dir, "f8");
    expect(Array.from(readBundle(dir).Y)).toEqual(Array.from(s2.Y));
    expect(readdirSync(parent)).toEqual(["b"]);
    expect(existsSync(join(dir, "optimizer", "adam_m.npy"))).toBe(true);
  });
});
