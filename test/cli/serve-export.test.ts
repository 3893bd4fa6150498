import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHmac } from "node:crypto";
import { REPO, runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "fedrec-cli-export-"));
const run = join(work, "run");
const exported = join(work, "exported");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill("SIGTERM");
});

describe("fedrec simulate --export / export-model (CLI)", () => {
  it("simulate --out writes a model/ checkpoint and --export a bundle NumPy loads", () => {
    const r = runCli(["simulate", "--users", "40", "--rounds", "3", "--factors", "16", "--no-baselines", "--out", run, "--export", exported, "--dtype", "f8"]);
    expect(r.status).toBe(0);
    const m = JSON.parse(readFileSync(join(exported, "manifest.json"), "utf8"));
    expect(m).toMatchObject({ format: "fedrec-bundle/1", n: 40, f: 16, dtype: "f8", users: 40 });
    expect(typeof m.metrics.satisfactionMean).toBe("number");
    expect(m.optimizer.round).toBe(3 * 5);
  });

  it("export-model --from <run dir> re-exports the checkpoint as f4 (--json)", () => {
    const out = join(work, "f4");
    const r = runCli(["export-model", "--from", run, "--out", out, "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 40, f: 16, dtype: "f4", optimizer: true });
    expect(readFileSync(join(out, "item_factors.npy")).subarray(0, 60).toString("latin1")).toContain("'descr': '<f4'");
  });

  it("a corrupt bundle is a one-line error, exit 1; a bad option exits 2", () => {
    const out = join(work, "corrupt");
    expect(runCli(["export-model", "--from", exported, "--out", out]).status).toBe(0);
    const p = join(out, "optimizer", "adam_v.npy");
    const bytes = readFileSync(p);
    bytes[200] ^= 0xff;
    writeFileSync(p, bytes);
    const r = runCli(["export-model", "--from", out, "--out", join(work, "never")]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/checksum mismatch for optimizer\/adam_v\.npy/);
    const s = runCli(["serve", "--model", out, "--port", "0"]);
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/checksum mismatch/);
    expect(runCli(["export-model", "--from", exported, "--out", out, "--dtype", "f16"]).status).toBe(2);
  });
});

describe("fedrec serve (loopback)", () => {
  it("serves health, the model as .npy, and token-checked recommendations on a free port", async () => {
    const child = spawn(process.execPath, [join(REPO, "bin", "fedrec.js"), "serve", "--model", exported, "--port", "0", "--json"], {
      env: { ...process.env, FEDREC_SECRET: "loopback-secret", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      let buf = "";
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        if (buf.includes("\n")) resolve(buf.split("\n")[0]);
      });
      child.once("exit", (code) => reject(new Error(`serve exited ${code}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await (await fetch(`${url}/health`)).json();
    expect(health).toMatchObject({ status: "ok", n: 40, auth: true });
    const npy = new Uint8Array(await (await fetch(`${url}/model`, { headers: { accept: "application/octet-stream" } })).arrayBuffer());
    expect(Buffer.from(npy).equals(readFileSync(join(exported, "item_factors.npy")))).toBe(true);
    const token = createHmac("sha256", "loopback-secret").update("3").digest("hex");
    const post = await fetch(`${url}/ratings`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ userId: "3", ratings: [{ partnerId: "4", value: 3 }] }) });
    expect(post.status).toBe(200);
    const rec = await (await fetch(`${url}/users/3/recommendations?k=5`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(rec.recommendations).toHaveLength(5);
    const denied = await fetch(`${url}/users/4/recommendations`, { headers: { authorization: `Bearer ${token}` } });
    expect(denied.status).toBe(403);
    const big = await fetch(`${url}/gradients`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "x".repeat(5 * 1024 * 1024) }).catch(() => null);
    if (big !== null) {
      expect(big.status).toBe(413);
      expect((await big.json()).error.code).toBe("body_too_large");
    }
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  });
});
