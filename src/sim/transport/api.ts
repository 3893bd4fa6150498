/**
 * The master's HTTP API (DESIGN §1, §7) as one handler over (method, path, body): GET /health,
 * GET /model?client=<id>, POST /gradients, POST /ratings, GET /users/{id}/recommendations.
 * Errors are JSON {error: {code, message}} with 4xx for bad input. Deployments supply the endpoints they serve.
 */
import type { Broadcast, ClientReply } from "../../core/federation/types.js";
import { contentType, decodeReply, encodeBroadcast, formatOf, type PayloadFormat } from "./codec.js";
import type { ApiHandler, ApiResponse } from "./types.js";

/** An API error: HTTP status, a machine code and a message. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
}

/** A ratings update after a conversation (online deployment): the ClientView's content. */
export interface RatingsUpdate {
  userId: number;
  round: number;
  partners: number[];
  sent: number[];
  received: number[];
}

/** A recommendation list computed server side. */
export interface RecommendationList {
  userId: number;
  ids: number[];
  scores: number[];
  floor: number;
}

/** What a deployment's master serves; a missing endpoint answers 404. */
export interface MasterEndpoints {
  model?: (clientId: number) => Broadcast | ApiError;
  gradients?: (reply: ClientReply) => ApiError | null;
  ratings?: (update: RatingsUpdate) => ApiError | null;
  recommendations?: (userId: number) => RecommendationList | ApiError;
}

const enc = new TextEncoder();

/** The body of the 200 answer to POST /gradients (counted in the fast path's bandwidth). */
export const GRADIENTS_ACK = enc.encode(JSON.stringify({ status: "accepted" }));
const dec = new TextDecoder();

function json(status: number, value: unknown): ApiResponse {
  return { status, contentType: "application/json", body: enc.encode(JSON.stringify(value)) };
}

/** The JSON error response {error: {code, message}}. */
export function errorResponse(e: ApiError): ApiResponse {
  return json(e.status, { error: { code: e.code, message: e.message } });
}

function isError(x: unknown): x is ApiError {
  return typeof x === "object" && x !== null && "code" in x && "status" in x && "message" in x;
}

function intArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);
}

/** Validates a ratings update body; returns it or an ApiError naming the field. */
export function parseRatings(body: Uint8Array): RatingsUpdate | ApiError {
  let v: unknown;
  try {
    v = JSON.parse(dec.decode(body));
  } catch {
    return { status: 400, code: "bad_json", message: "body is not JSON" };
  }
  const o = v as Record<string, unknown>;
  if (typeof o !== "object" || o === null) return { status: 400, code: "bad_request", message: "body must be an object" };
  if (!Number.isInteger(o.userId) || (o.userId as number) < 0) return { status: 400, code: "bad_request", message: "field 'userId' must be a non-negative integer" };
  if (!Number.isInteger(o.round)) return { status: 400, code: "bad_request", message: "field 'round' must be an integer" };
  for (const k of ["partners", "sent", "received"]) if (!intArray(o[k])) return { status: 400, code: "bad_request", message: `field '${k}' must be an array of non-negative integers` };
  const p = o.partners as number[];
  if ((o.sent as number[]).length !== p.length || (o.received as number[]).length !== p.length) return { status: 400, code: "bad_request", message: "fields 'sent' and 'received' must have one entry per partner" };
  return o as unknown as RatingsUpdate;
}

/** Builds the API handler over a deployment's endpoints; `format` is the model payload format served; bodies over `maxBody` bytes get 413. */
export function makeApiHandler(ep: MasterEndpoints, format: PayloadFormat, maxBody = Number.POSITIVE_INFINITY): ApiHandler {
  return (method, rawPath, body, type) => {
    if (body.byteLength > maxBody) return errorResponse({ status: 413, code: "body_too_large", message: `request body is ${body.byteLength} bytes, the limit is ${maxBody}` });
    const url = new URL(rawPath, "http://master");
    const path = url.pathname;
    const notFound = errorResponse({ status: 404, code: "not_found", message: `no route ${method} ${path}` });
    if (method === "GET" && path === "/health") return json(200, { status: "ok" });
    if (method === "GET" && path === "/model" && ep.model) {
      const raw = url.searchParams.get("client") ?? "";
      const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(id) || id < 0) return errorResponse({ status: 400, code: "bad_request", message: "query 'client' must be a non-negative integer" });
      const b = ep.model(id);
      if (isError(b)) return errorResponse(b);
      return { status: 200, contentType: contentType(format), body: encodeBroadcast(b, format) };
    }
    if (method === "POST" && path === "/gradients" && ep.gradients) {
      const f = formatOf(type);
      if (f === null) return errorResponse({ status: 415, code: "unsupported_media_type", message: `content type '${type ?? ""}' is not a fedrec payload` });
      let reply: ClientReply;
      try {
        reply = decodeReply(body, f);
      } catch (e) {
        return errorResponse({ status: 400, code: "bad_payload", message: e instanceof Error ? e.message : String(e) });
      }
      const err = ep.gradients(reply);
      return err === null ? { status: 200, contentType: "application/json", body: GRADIENTS_ACK } : errorResponse(err);
    }
    if (method === "POST" && path === "/ratings" && ep.ratings) {
      const r = parseRatings(body);
      if (isError(r)) return errorResponse(r);
      const err = ep.ratings(r);
      return err === null ? json(200, { status: "updated" }) : errorResponse(err);
    }
    const m = /^\/users\/(\d+)\/recommendations$/.exec(path);
    if (method === "GET" && m && ep.recommendations) {
      const r = ep.recommendations(Number(m[1]));
      return isError(r) ? errorResponse(r) : json(200, r);
    }
    return notFound;
  };
}
