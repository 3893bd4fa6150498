/**
 * The bad-input corpus over HTTP: every case of http-cases.ts gets its 4xx and error code from the
 * simulation master's API (in-process and over a real socket, identical) and from the backend router;
 * the master's pending uploads are unchanged by every rejected request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApiHandler } from "../../src/sim/transport/api.js";
import { httpTransport } from "../../src/sim/transport/http.js";
import { inProcessTransport } from "../../src/sim/transport/inprocess.js";
import type { Transport } from "../../src/sim/transport/types.js";
import { UploadGate } from "../../src/sim/deployments/upload-gate.js";
import { maxUploadBytes } from "../../src/sim/deployments/federated.js";
import type { Broadcast } from "../../src/core/federation/types.js";
import { clientToken } from "../../src/backend/auth.js";
import { readBundle } from "../../src/backend/bundle.js";
import { makeRouter } from "../../src/backend/router.js";
import { MemoryStore } from "../../src/backend/store.js";
import { trainedBundle } from "../backend/helpers.js";
import { MASTER_CASES, ROUTER_CASES } from "./http-cases.js";

const N = 6;
const F = 3;
const broadcast: Broadcast = { round: 1, attempt: 0, nItems: N, f: F, Y: new Float64Array(N * F), YtY: new Float64Array(F * F), participants: null };
const gate = new UploadGate(N);
const handler = makeApiHandler({ model: () => broadcast, gradients: (r) => gate.admit(r, broadcast) }, "f64", maxUploadBytes(N, F));
let http: Transport;
const inproc = inProcessTransport(handler);
beforeAll(async () => {
  http = await httpTransport(handler, "127.0.0.1", maxUploadBytes(N, F));
});
afterAll(async () => {
  await http.close();
});

describe("bad-input corpus: the simulation master's API", () => {
  it.each(MASTER_CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    for (const t of [inproc, http]) {
      const res = await t.request(c.method, c.path, c.method === "GET" ? undefined : c.body(N, F), c.type ?? undefined);
      expect(res.status).toBe(c.status);
      const e = JSON.parse(new TextDecoder().decode(res.body));
      expect(Object.keys(e)).toEqual(["error"]);
      expect(e.error.code).toBe(c.code);
      expect(typeof e.error.message).toBe("string");
      expect(gate.pending.size).toBe(0);
    }
  });
});

const SECRET = "hardening";
describe("bad-input corpus: the backend router", () => {
  const { dir } = trainedBundle("f4", 30);
  const router = makeRouter({ store: new MemoryStore(readBundle(dir)), secret: SECRET, maxBodyBytes: 1 << 20, roundSize: 1 });
  it.each(ROUTER_CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    const headers: Record<string, string> = c.auth === null ? {} : { authorization: `Bearer ${clientToken(SECRET, c.auth)}` };
    const res = await router({ method: c.method, path: c.path, query: c.query ?? {}, headers, body: c.body === null ? null : new Uint8Array(Buffer.from(c.body)) });
    expect(res.status).toBe(c.status);
    const e = JSON.parse(res.body as string);
    expect(e.error.code).toBe(c.code);
  });
});
