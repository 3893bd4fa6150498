import { describe, it, expect } from "vitest";
import { makeApiHandler, type RatingsUpdate } from "../../src/sim/transport/api.js";

const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;
const body = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe("master API routes and JSON errors", () => {
  const mapping = new Set<number>([1]);
  const handler = makeApiHandler(
    {
      ratings: (r: RatingsUpdate) => (mapping.has(r.userId) ? null : { status: 400, code: "mapping_missing", message: `no mapping for user ${r.userId}` }),
      recommendations: (u) => (mapping.has(u) ? { userId: u, ids: [2], scores: [0.5], floor: 0.5 } : { status: 400, code: "mapping_missing", message: "no mapping" }),
    },
    "f64",
  );

  it("GET /health answers 200", () => {
    expect(handler("GET", "/health", new Uint8Array(0), null).status).toBe(200);
  });

  it("POST /ratings: 200 with a mapping, 400 {error:{code,message}} without, 400 naming a bad field", () => {
    const ok = handler("POST", "/ratings", body({ userId: 1, round: 1, partners: [2], sent: [3], received: [1] }), "application/json");
    expect(ok.status).toBe(200);
    const missing = handler("POST", "/ratings", body({ userId: 7, round: 1, partners: [2], sent: [3], received: [1] }), "application/json");
    expect(missing.status).toBe(400);
    expect(json(missing.body)).toEqual({ error: { code: "mapping_missing", message: "no mapping for user 7" } });
    const bad = handler("POST", "/ratings", body({ userId: 1, round: 1, partners: [2], sent: [3, 4], received: [1] }), "application/json");
    expect(bad.status).toBe(400);
    expect((json(bad.body).error as { message: string }).message).toContain("sent");
  });

  it("GET /users/{id}/recommendations and unknown routes", () => {
    expect(json(handler("GET", "/users/1/recommendations", new Uint8Array(0), null).body)).toMatchObject({ ids: [2] });
    const nf = handler("GET", "/nowhere", new Uint8Array(0), null);
    expect(nf.status).toBe(404);
    expect((json(nf.body).error as { code: string }).code).toBe("not_found");
    expect(handler("POST", "/gradients", new Uint8Array(0), "text/plain").status).toBe(404); // no gradients endpoint here
  });
});
