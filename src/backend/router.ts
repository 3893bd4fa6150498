/**
 * The HTTP API of DESIGN §1, as one transport-free router: (request) → response. Adapters (lambda.ts
 * for API Gateway HTTP API v2, http.ts for node:http) only translate. Routes:
 *   GET  /health                         liveness and model facts
 *   GET  /model                          the master model: .npy bytes (Accept: application/octet-stream
 *                                        or ?format=npy) or JSON (default, ?format=json)
 *   GET  /users/{id}/recommendations     online flow: x_u from the user's Ratings row, top-k partners (token)
 *   POST /ratings                        online flow: add feedback to the user's row (token)
 *   POST /gradients                      federated flow: one dense upload G_u (token)
 * Every error is JSON {error: {code, message}} with a 4xx status (5xx only for internal faults).
 */
import { encodeNpy } from "../core/model/npy.js";
import { recommendRows, userFactorFromRow } from "../core/fcf/online.js";
import { verifyToken } from "./auth.js";
import { applyUpload, DuplicateUpload, type ModelStore } from "./store.js";

/** A transport-neutral request: header names lower case, body raw bytes (null when none). */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** A transport-neutral response. Binary bodies are Uint8Array. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface RouterOptions {
  store: ModelStore;
  /** Server secret of the per-client tokens; null disables every route that needs a token (401). */
  secret: string | null;
  /** Largest accepted request body in bytes (413 beyond). */
  maxBodyBytes: number;
  /** Distinct uploads per master step (the round size of POST /gradients). */
  roundSize: number;
}

/** Default body limit: 4 MiB, enough for a dense f4-size upload of ~60k numbers as JSON. */
export const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const MAX_K = 100;
const MAX_RATINGS = 1000;
const MAX_ABS_UPLOAD = 1e6;
const MAX_RATING = 1e6;
const USER_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** An API failure with its status and machine-readable code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function json(status: number, value: unknown): ApiResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}

/** The error body of DESIGN §7. */
export function errorResponse(status: number, code: string, message: string): ApiResponse {
  return json(status, { error: { code, message } });
}

function checkUserId(id: unknown, field: string): string {
  if (typeof id !== "string" || !USER_ID.test(id)) throw new ApiError(400, "invalid_user_id", `${field} must be a string of 1–128 characters [A-Za-z0-9_.:@-]`);
  return id;
}

function requireToken(opts: RouterOptions, req: ApiRequest, userId: string): void {
  if (opts.secret === null) throw new ApiError(401, "auth_disabled", "this server has no token secret configured (set FEDREC_SECRET); authenticated routes are off");
  const auth = req.headers["authorization"] ?? "";
  const m = /^Bearer ([0-9a-f]{64})$/.exec(auth.trim());
  if (m === null) throw new ApiError(401, "missing_token", "send Authorization: Bearer <token>, the hex HMAC-SHA256 of your user id");
  if (!verifyToken(opts.secret, userId, m[1])) throw new ApiError(403, "forbidden", `the token is not user ${userId}'s`);
}

function parseBody(req: ApiRequest, max: number): Record<string, unknown> {
  if (req.body === null || req.body.length === 0) throw new ApiError(400, "empty_body", "a JSON body is required");
  if (req.body.length > max) throw new ApiError(413, "body_too_large", `request body is ${req.body.length} bytes, the limit is ${max}`);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(req.body).toString("utf8"));
  } catch {
    throw new ApiError(400, "invalid_json", "the body is not valid JSON");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ApiError(400, "invalid_body", "the body must be a JSON object");
  return v as Record<string, unknown>;
}

async function recommendations(opts: RouterOptions, req: ApiRequest, rawId: string): Promise<ApiResponse> {
  const userId = checkUserId(rawId, "user id");
  const kRaw = req.query["k"] ?? "10";
  const k = Number(kRaw);
  if (!/^\d+$/.test(kRaw) || k < 1 || k > MAX_K) throw new ApiError(400, "invalid_k", `k must be an integer in 1..${MAX_K}`);
  requireToken(opts, req, userId);
  const store = opts.store;
  const row = await store.rowOf(userId);
  if (row === null) throw new ApiError(404, "unknown_user", `no mapping for user ${userId}`);
  const info = await store.info();
  const { Y, YtY, round } = await store.model();
  const { items, values } = await store.ratings(userId);
  const x = userFactorFromRow(Y, info.f, YtY, info.hyper, items, values);
  const top = recommendRows(Y, info.n, info.f, x, row, k);
  const ids = await store.userIds(top.rows);
  return json(200, {
    userId,
    round,
    ratings: items.length,
    recommendations: Array.from(top.rows, (r, i) => ({ userId: ids[i], row: r, score: top.scores[i] })),
  });
}

async function postRatings(opts: RouterOptions, req: ApiRequest): Promise<ApiResponse> {
  const body = parseBody(req, opts.maxBodyBytes);
  const userId = checkUserId(body.userId, "userId");
  requireToken(opts, req, userId);
  const list = body.ratings;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_RATINGS) throw new ApiError(400, "invalid_ratings", `ratings must be an array of 1..${MAX_RATINGS} {partnerId, value}`);
  const store = opts.store;
  const own = await store.rowOf(userId);
  if (own === null) throw new ApiError(400, "unknown_user", `no mapping for user ${userId}`);
  const entries: Array<{ row: number; value: number }> = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as Record<string, unknown>;
    if (typeof e !== "object" || e === null) throw new ApiError(400, "invalid_ratings", `ratings[${i}] must be an object`);
    const partner = checkUserId(e.partnerId, `ratings[${i}].partnerId`);
    const value = e.value ?? 1;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_RATING) {
      throw new ApiError(400, "invalid_ratings", `ratings[${i}].value must be a finite number in [0, ${MAX_RATING}]`);
    }
    const row = await store.rowOf(partner);
    if (row === null) throw new ApiError(400, "unknown_user", `ratings[${i}]: no mapping for partner ${partner}`);
    if (row === own) throw new ApiError(400, "invalid_ratings", `ratings[${i}]: a user cannot rate itself`);
    entries.push({ row, value });
  }
  await store.addRatings(userId, entries);
  return json(200, { userId, updated: entries.length });
}

async function postGradients(opts: RouterOptions, req: ApiRequest): Promise<ApiResponse> {
  const body = parseBody(req, opts.maxBodyBytes);
  const userId = checkUserId(body.userId, "userId");
  requireToken(opts, req, userId);
  const store = opts.store;
  if ((await store.rowOf(userId)) === null) throw new ApiError(400, "unknown_user", `no mapping for user ${userId}`);
  const info = await store.info();
  const g = body.gradient;
  const size = info.n * info.f;
  if (!Array.isArray(g) || g.length !== size) {
    throw new ApiError(400, "invalid_shape", `gradient must be an array of n×f = ${info.n}×${info.f} = ${size} numbers (row-major)`);
  }
  const G = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const v = g[i];
    if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > MAX_ABS_UPLOAD) {
      throw new ApiError(400, "invalid_value", `gradient[${i}] must be a finite number with |value| ≤ ${MAX_ABS_UPLOAD}`);
    }
    G[i] = v;
  }
  try {
    const out = await store.updateMaster((s) => applyUpload(s, userId, G, info.hyper, info.users, opts.roundSize));
    return json(200, out);
  } catch (err) {
    if (err instanceof DuplicateUpload) throw new ApiError(409, "duplicate_upload", err.message);
    throw err;
  }
}

async function getModel(opts: RouterOptions, req: ApiRequest): Promise<ApiResponse> {
  const format = req.query["format"];
  if (format !== undefined && format !== "npy" && format !== "json") throw new ApiError(400, "invalid_format", "format must be npy or json");
  const accept = req.headers["accept"] ?? "";
  const npy = format === "npy" || (format === undefined && /application\/(octet-stream|x-npy)/.test(accept));
  const info = await opts.store.info();
  const { Y, round } = await opts.store.model();
  if (npy) {
    return {
      status: 200,
      headers: { "content-type": "application/octet-stream", "x-fedrec-round": String(round), "x-fedrec-shape": `${info.n},${info.f}` },
      body: encodeNpy(Y, [info.n, info.f], info.dtype),
    };
  }
  const rows: number[][] = [];
  for (let r = 0; r < info.n; r++) rows.push(Array.from(Y.subarray(r * info.f, (r + 1) * info.f)));
  return json(200, { n: info.n, f: info.f, round, dtype: info.dtype, hyper: { alpha: info.hyper.alpha, lambda: info.hyper.lambda }, rows });
}

async function route(opts: RouterOptions, req: ApiRequest): Promise<ApiResponse> {
  const path = req.path.replace(/\/+$/, "") || "/";
  const method = req.method.toUpperCase();
  const allow = (m: string) => {
    if (method !== m) throw new ApiError(405, "method_not_allowed", `${method} ${path}: use ${m}`);
  };
  if (path === "/health") {
    allow("GET");
    const info = await opts.store.info();
    const { round } = await opts.store.model();
    return json(200, { status: "ok", store: opts.store.kind, n: info.n, f: info.f, users: info.users, round, auth: opts.secret !== null });
  }
  if (path === "/model") {
    allow("GET");
    return getModel(opts, req);
  }
  const rec = /^\/users\/([^/]+)\/recommendations$/.exec(path);
  if (rec !== null) {
    allow("GET");
    let id: string;
    try {
      id = decodeURIComponent(rec[1]);
    } catch {
      throw new ApiError(400, "invalid_user_id", "the user id is not valid URL encoding");
    }
    return recommendations(opts, req, id);
  }
  if (path === "/ratings") {
    allow("POST");
    return postRatings(opts, req);
  }
  if (path === "/gradients") {
    allow("POST");
    return postGradients(opts, req);
  }
  throw new ApiError(404, "not_found", `no route ${method} ${path}`);
}

/** Builds the router: every failure becomes a JSON error response, never an exception. */
export function makeRouter(opts: RouterOptions): (req: ApiRequest) => Promise<ApiResponse> {
  return async (req) => {
    try {
      if (req.body !== null && req.body.length > opts.maxBodyBytes) {
        throw new ApiError(413, "body_too_large", `request body is ${req.body.length} bytes, the limit is ${opts.maxBodyBytes}`);
      }
      return await route(opts, req);
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message);
      return errorResponse(500, "internal", err instanceof Error ? err.message.split("\n")[0] : "internal error");
    }
  };
}
