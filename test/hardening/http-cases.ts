/**
 * Bad HTTP bodies as data: for the simulation master's API (POST /gradients, POST /ratings, GET /model)
 * and for the backend router. Each case: request, expected 4xx status and error code. Bodies are built
 * by functions of the model size so the shapes are exact.
 */
import { encodeReply } from "../../src/sim/transport/codec.js";
import type { ClientReply } from "../../src/core/federation/types.js";

export interface MasterCase {
  name: string;
  method: string;
  path: string;
  type: string | null;
  body: (n: number, f: number) => Uint8Array;
  status: number;
  code: string;
}

const text = (s: string) => new Uint8Array(Buffer.from(s));
const reply = (n: number, f: number, over: Partial<ClientReply> = {}): ClientReply => ({ clientId: 1, round: 1, attempt: 0, count: 1, metrics: {}, update: new Float64Array(n * f).fill(0.5), ...over });
const J = "application/json";
const F64 = "application/x-fedrec-f64";

export const MASTER_CASES: readonly MasterCase[] = [
  { name: "gradients: not JSON", method: "POST", path: "/gradients", type: J, body: () => text("{update: ["), status: 400, code: "bad_payload" },
  { name: "gradients: empty body", method: "POST", path: "/gradients", type: J, body: () => new Uint8Array(0), status: 400, code: "bad_payload" },
  { name: "gradients: JSON array", method: "POST", path: "/gradients", type: J, body: () => text("[1,2,3]"), status: 400, code: "bad_payload" },
  { name: "gradients: missing update", method: "POST", path: "/gradients", type: J, body: () => text(JSON.stringify({ clientId: 1, round: 1, attempt: 0, count: 1, metrics: {} })), status: 400, code: "bad_payload" },
  { name: "gradients: update of strings", method: "POST", path: "/gradients", type: J, body: (n, f) => text(JSON.stringify({ clientId: 1, round: 1, attempt: 0, count: 1, metrics: {}, length: n * f, update: Array(n * f).fill("x") })), status: 400, code: "bad_payload" },
  { name: "gradients: NaN as a JSON token", method: "POST", path: "/gradients", type: J, body: (n, f) => text(`{"clientId":1,"round":1,"attempt":0,"count":1,"metrics":{},"length":${n * f},"update":[${Array(n * f).fill("NaN").join(",")}]}`), status: 400, code: "bad_payload" },
  { name: "gradients: NaN in a binary f64 upload", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { update: new Float64Array(n * f).fill(Number.NaN) }), "f64"), status: 400, code: "bad_value" },
  { name: "gradients: Infinity in a binary upload", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { update: new Float64Array(n * f).fill(Number.POSITIVE_INFINITY) }), "f64"), status: 400, code: "bad_value" },
  { name: "gradients: wrong length", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { update: new Float64Array(n * f - 1) }), "f64"), status: 400, code: "bad_shape" },
  { name: "gradients: truncated binary (crash mid-upload)", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f), "f64").slice(0, 40), status: 400, code: "bad_payload" },
  { name: "gradients: binary header length beyond the body", method: "POST", path: "/gradients", type: F64, body: () => new Uint8Array([255, 255, 255, 127, 1, 2]), status: 400, code: "bad_payload" },
  { name: "gradients: unknown client id", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { clientId: 1e9 }), "f64"), status: 400, code: "unknown_client" },
  { name: "gradients: fractional client id", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { clientId: 1.5 }), "f64"), status: 400, code: "unknown_client" },
  { name: "gradients: late upload for a past round", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { round: 0 }), "f64"), status: 409, code: "late_upload" },
  { name: "gradients: upload for a future round", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { round: 7 }), "f64"), status: 409, code: "stale_round" },
  { name: "gradients: zero weight", method: "POST", path: "/gradients", type: F64, body: (n, f) => encodeReply(reply(n, f, { count: 0 }), "f64"), status: 400, code: "bad_value" },
  { name: "gradients: unknown content type", method: "POST", path: "/gradients", type: "text/plain", body: () => text("hello"), status: 415, code: "unsupported_media_type" },
  { name: "gradients: body too large", method: "POST", path: "/gradients", type: J, body: (n, f) => new Uint8Array(n * f * 32 + (1 << 20) + 1).fill(32), status: 413, code: "body_too_large" },
  { name: "model: client not a number", method: "GET", path: "/model?client=abc", type: null, body: () => new Uint8Array(0), status: 400, code: "bad_request" },
  { name: "model: client id of 30 digits", method: "GET", path: "/model?client=999999999999999999999999999999", type: null, body: () => new Uint8Array(0), status: 400, code: "bad_request" },
  { name: "unknown route", method: "DELETE", path: "/model", type: null, body: () => new Uint8Array(0), status: 404, code: "not_found" },
];

export interface RouterCase {
  name: string;
  method: string;
  path: string;
  body: string | null;
  status: number;
  code: string;
  /** Send the user's valid token (so the body check, not auth, is what fails). */
  auth: string | null;
  query?: Record<string, string>;
}

export const ROUTER_CASES: readonly RouterCase[] = [
  { name: "ratings: not JSON", method: "POST", path: "/ratings", body: "{userId: 3", status: 400, code: "invalid_json", auth: null },
  { name: "ratings: empty body", method: "POST", path: "/ratings", body: "", status: 400, code: "empty_body", auth: null },
  { name: "ratings: array body", method: "POST", path: "/ratings", body: "[]", status: 400, code: "invalid_body", auth: null },
  { name: "ratings: NaN value token", method: "POST", path: "/ratings", body: '{"userId":"3","ratings":[{"partnerId":"4","value":NaN}]}', status: 400, code: "invalid_json", auth: null },
  { name: "ratings: value as string", method: "POST", path: "/ratings", body: '{"userId":"3","ratings":[{"partnerId":"4","value":"5"}]}', status: 400, code: "invalid_ratings", auth: "3" },
  { name: "ratings: value 1e300", method: "POST", path: "/ratings", body: '{"userId":"3","ratings":[{"partnerId":"4","value":1e300}]}', status: 400, code: "invalid_ratings", auth: "3" },
  { name: "ratings: user id of 300 characters", method: "POST", path: "/ratings", body: JSON.stringify({ userId: "9".repeat(300), ratings: [] }), status: 400, code: "invalid_user_id", auth: null },
  { name: "ratings: unknown partner", method: "POST", path: "/ratings", body: '{"userId":"3","ratings":[{"partnerId":"999999"}]}', status: 400, code: "unknown_user", auth: "3" },
  { name: "gradients: wrong shape", method: "POST", path: "/gradients", body: '{"userId":"3","gradient":[1,2,3]}', status: 400, code: "invalid_shape", auth: "3" },
  { name: "gradients: too large", method: "POST", path: "/gradients", body: JSON.stringify({ userId: "3", gradient: Array(600_000).fill(0) }), status: 413, code: "body_too_large", auth: "3" },
  { name: "recommendations: k not a number", method: "GET", path: "/users/3/recommendations", body: null, status: 400, code: "invalid_k", auth: "3", query: { k: "ten" } },
  { name: "recommendations: unknown user", method: "GET", path: "/users/999999/recommendations", body: null, status: 404, code: "unknown_user", auth: "999999" },
  { name: "model: unknown format", method: "GET", path: "/model", body: null, status: 400, code: "invalid_format", auth: null, query: { format: "xml" } },
];
