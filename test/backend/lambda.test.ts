import { describe, expect, it } from "vitest";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { clientToken } from "../../src/backend/auth.js";
import { readBundle } from "../../src/backend/bundle.js";
import { makeLambdaHandler } from "../../src/backend/lambda.js";
import { makeRouter } from "../../src/backend/router.js";
import { MemoryStore } from "../../src/backend/store.js";
import { decodeNpy } from "../../src/core/model/npy.js";
import { trainedBundle } from "./helpers.js";

const { dir } = trainedBundle("f4", 40);
const SECRET = "lambda-secret";

function handler(maxBody = 1 << 20) {
  return makeLambdaHandler(makeRouter({ store: new MemoryStore(readBundle(dir)), secret: SECRET, maxBodyBytes: maxBody, roundSize: 1 }), maxBody);
}

/** An HTTP API payload v2.0 event, shaped as in the API Gateway developer guide's example. */
function event(method: string, rawPath: string, opts: { rawQueryString?: string; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean; stage?: string } = {}): APIGatewayProxyEventV2 {
  const query = opts.rawQueryString ?? "";
  const stage = opts.stage ?? "$default";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: query,
    cookies: [],
    headers: { accept: "*/*", "content-length": String(opts.body?.length ?? 0), host: "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "curl/8.5.0", "x-forwarded-for": "203.0.113.7", "x-forwarded-port": "443", "x-forwarded-proto": "https", ...(opts.headers ?? {}) },
    queryStringParameters: query === "" ? undefined : Object.fromEntries(new URLSearchParams(query)),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "curl/8.5.0" },
      requestId: "JKJaXmPLvHcESHA=",
      routeKey: "$default",
      stage,
      time: "12/Mar/2020:19:03:58 +0000",
      timeEpoch: 1583348638390,
    },
    body: opts.body,
    pathParameters: undefined,
    isBase64Encoded: opts.isBase64Encoded ?? false,
    stageVariables: undefined,
  };
}

describe("Lambda handler (API Gateway HTTP API payload v2)", () => {
  it("GET /health on the $default stage", async () => {
    const r = await handler()(event("GET", "/health"));
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(false);
    expect(JSON.parse(r.body!)).toMatchObject({ status: "ok", n: 40 });
  });

  it("GET /model?format=npy returns base64 .npy bytes equal to item_factors.npy; named stage prefixes are stripped", async () => {
    const r = await handler()(event("GET", "/prod/model", { rawQueryString: "format=npy", stage: "prod" }));
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    const arr = decodeNpy(new Uint8Array(Buffer.from(r.body!, "base64")));
    expect(Array.from(arr.data)).toEqual(Array.from(readBundle(dir).Y));
  });

  it("POST /ratings with a base64 body and the user's token, then recommendations", async () => {
    const h = handler();
    const body = Buffer.from(JSON.stringify({ userId: "5", ratings: [{ partnerId: "6", value: 2 }] })).toString("base64");
    const headers = { authorization: `Bearer ${clientToken(SECRET, "5")}`, "content-type": "application/json" };
    const r = await h(event("POST", "/ratings", { body, isBase64Encoded: true, headers }));
    expect(r.statusCode).toBe(200);
    const rec = await h(event("GET", "/users/5/recommendations", { rawQueryString: "k=3", headers }));
    expect(JSON.parse(rec.body!).recommendations).toHaveLength(3);
  });

  it("errors are JSON {error:{code,message}} with 4xx: forbidden token, oversized body, unknown route", async () => {
    const h = handler(64);
    const forbidden = await h(event("POST", "/ratings", { body: JSON.stringify({ userId: "5", ratings: [] }).slice(0, 60), headers: { authorization: `Bearer ${clientToken(SECRET, "6")}` } }));
    expect(forbidden.statusCode).toBeGreaterThanOrEqual(400);
    expect(forbidden.statusCode).toBeLessThan(500);
    const big = await h(event("POST", "/gradients", { body: "x".repeat(10_000) }));
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body!).error.code).toBe("body_too_large");
    const nf = await h(event("GET", "/users"));
    expect(JSON.parse(nf.body!)).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });
});
