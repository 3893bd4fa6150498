import { describe, expect, it } from "vitest";
import { clientToken } from "../../src/backend/auth.js";
import { readBundle } from "../../src/backend/bundle.js";
import { makeRouter, type ApiRequest, type ApiResponse } from "../../src/backend/router.js";
import { MemoryStore } from "../../src/backend/store.js";
import { decodeNpy } from "../../src/core/model/npy.js";
import { HYPER, trainedBundle } from "./helpers.js";

const SECRET = "test-secret";
const { dir } = trainedBundle("f8");

function setup(opts: { roundSize?: number; maxBodyBytes?: number; secret?: string | null } = {}) {
  const bundle = readBundle(dir);
  const router = makeRouter({ store: new MemoryStore(bundle), secret: opts.secret === undefined ? SECRET : opts.secret, maxBodyBytes: opts.maxBodyBytes ?? 1 << 20, roundSize: opts.roundSize ?? 1 });
  return { bundle, router };
}

function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, query: Record<string, string> = {}): ApiRequest {
  return { method, path, query, headers, body: body === undefined ? null : new Uint8Array(Buffer.from(typeof body === "string" ? body : JSON.stringify(body))) };
}

const auth = (user: string) => ({ authorization: `Bearer ${clientToken(SECRET, user)}` });
const parse = (r: ApiResponse) => JSON.parse(r.body as string);

function expectError(r: ApiResponse, status: number, code: string): void {
  expect(r.status).toBe(status);
  expect(r.headers["content-type"]).toBe("application/json");
  const e = parse(r);
  expect(Object.keys(e)).toEqual(["error"]);
  expect(e.error.code).toBe(code);
  expect(typeof e.error.message).toBe("string");
}

describe("router: reading the model", () => {
  it("GET /health reports the model", async () => {
    const { router } = setup();
    const r = await router(req("GET", "/health"));
    expect(r.status).toBe(200);
    expect(parse(r)).toMatchObject({ status: "ok", store: "memory", n: 60, f: 6, users: 60, round: 15, auth: true });
  });

  it("GET /model serves .npy bytes by Accept or ?format=npy, and JSON otherwise, equal to the bundle", async () => {
    const { router, bundle } = setup();
    for (const r of [await router(req("GET", "/model", undefined, { accept: "application/octet-stream" })), await router(req("GET", "/model", undefined, {}, { format: "npy" }))]) {
      expect(r.headers["content-type"]).toBe("application/octet-stream");
      const arr = decodeNpy(r.body as Uint8Array);
      expect(arr.shape).toEqual([60, 6]);
      expect(Array.from(arr.data)).toEqual(Array.from(bundle.Y));
    }
    const j = parse(await router(req("GET", "/model", undefined, { accept: "application/json" })));
    expect(j.rows.flat()).toEqual(Array.from(bundle.Y));
    expectError(await router(req("GET", "/model", undefined, {}, { format: "xml" })), 400, "invalid_format");
  });
});

describe("router: online flow", () => {
  it("POST /ratings then GET recommendations: x_u from the posted row, top-k without the user", async () => {
    const { router } = setup();
    const before = parse(await router(req("GET", "/users/3/recommendations", undefined, auth("3"))));
    expect(before.ratings).toBe(0);
    const post = await router(req("POST", "/ratings", { userId: "3", ratings: [{ partnerId: "10", value: 5 }, { partnerId: "11", value: 2 }] }, auth("3")));
    expect(post.status).toBe(200);
    const after = parse(await router(req("GET", "/users/3/recommendations", undefined, auth("3"), { k: "5" })));
    expect(after.ratings).toBe(2);
    expect(after.recommendations).toHaveLength(5);
    expect(after.recommendations.map((x: { userId: string }) => x.userId)).not.toContain("3");
    const scores = after.recommendations.map((x: { score: number }) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("unknown users: 404 on recommendations, 400 on ratings (no mapping)", async () => {
    const { router } = setup();
    expectError(await router(req("GET", "/users/999/recommendations", undefined, auth("999"))), 404, "unknown_user");
    expectError(await router(req("POST", "/ratings", { userId: "999", ratings: [{ partnerId: "1" }] }, auth("999"))), 400, "unknown_user");
    expectError(await router(req("POST", "/ratings", { userId: "1", ratings: [{ partnerId: "999" }] }, auth("1"))), 400, "unknown_user");
  });
});

describe("router: federated uploads", () => {
  it("a round of uploads takes one Adam step on −2·(users/|round|)·ΣG + 2λY, computed independently here", async () => {
    const { router, bundle } = setup({ roundSize: 2 });
    const size = 60 * 6;
    const g1 = Array.from({ length: size }, (_, i) => Math.sin(i) * 0.01);
    const g2 = Array.from({ length: size }, (_, i) => Math.cos(i) * 0.02);
    const r1 = parse(await router(req("POST", "/gradients", { userId: "4", gradient: g1 }, auth("4"))));
    expect(r1).toMatchObject({ accepted: true, stepped: false, pending: 1 });
    expectError(await router(req("POST", "/gradients", { userId: "4", gradient: g1 }, auth("4"))), 409, "duplicate_upload");
    const r2 = parse(await router(req("POST", "/gradients", { userId: "5", gradient: g2 }, auth("5"))));
    expect(r2).toMatchObject({ stepped: true, round: 16 });
    // reference Adam step from the bundle's optimiser state
    const cp = bundle.checkpoint!;
    const t = cp.t + 1;
    const expected = Array.from(bundle.Y, (y, i) => {
      const g = -2 * (60 / 2) * (g1[i] + g2[i]) + 2 * HYPER.lambda * y;
      const m = HYPER.beta1 * cp.m[i] + (1 - HYPER.beta1) * g;
      const v = HYPER.beta2 * cp.v[i] + (1 - HYPER.beta2) * g * g;
      return y - (HYPER.lr * (m / (1 - HYPER.beta1 ** t))) / (Math.sqrt(v / (1 - HYPER.beta2 ** t)) + HYPER.eps);
    });
    const served = decodeNpy((await router(req("GET", "/model", undefined, {}, { format: "npy" }))).body as Uint8Array).data;
    for (let i = 0; i < size; i++) expect(served[i]).toBeCloseTo(expected[i], 12);
  });

  it.each([
    ["wrong length", (g: number[]) => g.slice(1), "invalid_shape"],
    ["a string", (g: number[]) => [...g.slice(1), "1"], "invalid_value"],
    ["Infinity (1e999)", null, "invalid_value"],
    ["a huge value", (g: number[]) => [...g.slice(1), 1e300], "invalid_value"],
  ] as const)("rejects an upload with %s before it touches the model", async (_, mutate, code) => {
    const { router, bundle } = setup();
    const g = new Array<number>(360).fill(0.001);
    const body = mutate === null ? JSON.stringify({ userId: "2", gradient: g }).replace("0.001]", "1e999]") : { userId: "2", gradient: mutate(g) };
    expectError(await router(req("POST", "/gradients", body, auth("2"))), 400, code);
    const served = decodeNpy((await router(req("GET", "/model", undefined, {}, { format: "npy" }))).body as Uint8Array).data;
    expect(Array.from(served)).toEqual(Array.from(bundle.Y));
    expect(parse(await router(req("GET", "/health"))).round).toBe(15);
  });
});

describe("router: security and errors", () => {
  it("a client can post only for itself: missing token 401, another user's token 403", async () => {
    const { router } = setup();
    const body = { userId: "1", ratings: [{ partnerId: "2" }] };
    expectError(await router(req("POST", "/ratings", body)), 401, "missing_token");
    expectError(await router(req("POST", "/ratings", body, auth("2"))), 403, "forbidden");
    expectError(await router(req("POST", "/gradients", { userId: "1", gradient: [] }, auth("2"))), 403, "forbidden");
    expectError(await router(req("GET", "/users/1/recommendations", undefined, auth("2"))), 403, "forbidden");
    expect((await router(req("POST", "/ratings", body, auth("1")))).status).toBe(200);
  });

  it("without a server secret, authenticated routes are off (401)", async () => {
    const { router } = setup({ secret: null });
    expectError(await router(req("POST", "/ratings", { userId: "1", ratings: [{ partnerId: "2" }] }, auth("1"))), 401, "auth_disabled");
  });

  it("bodies over the limit are refused with 413", async () => {
    const { router } = setup({ maxBodyBytes: 100 });
    expectError(await router(req("POST", "/gradients", { userId: "1", gradient: new Array(360).fill(0) }, auth("1"))), 413, "body_too_large");
  });

  it("bad JSON 400, unknown route 404, wrong method 405, bad k 400", async () => {
    const { router } = setup();
    expectError(await router(req("POST", "/ratings", "{not json", auth("1"))), 400, "invalid_json");
    expectError(await router(req("GET", "/nope")), 404, "not_found");
    expectError(await router(req("DELETE", "/model")), 405, "method_not_allowed");
    expectError(await router(req("GET", "/users/1/recommendations", undefined, auth("1"), { k: "0" })), 400, "invalid_k");
  });
});
