/**
 * Wire formats of the federated API: JSON, or binary with little-endian Float32 / Float64 arrays.
 * Binary layout: u32 LE header length, the UTF-8 JSON header (scalars and id lists), zero padding to a
 * multiple of 8, then the arrays back to back. Both transports use these codecs, so the bytes counted
 * and the values decoded are the same in-process and over HTTP.
 */
import type { Broadcast, ClientReply } from "../../core/federation/types.js";

/** Payload format: JSON text, or binary with 32- or 64-bit little-endian floats. */
export type PayloadFormat = "json" | "f32" | "f64";

/** Content type of a format (the HTTP header). */
export function contentType(format: PayloadFormat): string {
  return format === "json" ? "application/json" : `application/x-fedrec-${format}`;
}

/** Parses a content type back to a format (null when unknown). */
export function formatOf(type: string | null | undefined): PayloadFormat | null {
  if (type === undefined || type === null) return null;
  if (type.startsWith("application/json")) return "json";
  if (type.startsWith("application/x-fedrec-f32")) return "f32";
  if (type.startsWith("application/x-fedrec-f64")) return "f64";
  return null;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function packBinary(header: object, arrays: Float64Array[], format: "f32" | "f64"): Uint8Array {
  const h = enc.encode(JSON.stringify(header));
  const start = 4 + h.length + ((8 - ((4 + h.length) % 8)) % 8);
  const width = format === "f32" ? 4 : 8;
  const total = start + arrays.reduce((s, a) => s + a.length * width, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, h.length, true);
  out.set(h, 4);
  let o = start;
  for (const a of arrays) {
    if (width === 8) for (let i = 0; i < a.length; i++, o += 8) view.setFloat64(o, a[i], true);
    else for (let i = 0; i < a.length; i++, o += 4) view.setFloat32(o, a[i], true);
  }
  return out;
}

function unpackBinary(body: Uint8Array, format: "f32" | "f64", lengths: (header: Record<string, unknown>) => number[]): { header: Record<string, unknown>; arrays: Float64Array[] } {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.byteLength < 4) throw new Error("payload too short");
  const hl = view.getUint32(0, true);
  const header = JSON.parse(dec.decode(body.subarray(4, 4 + hl))) as Record<string, unknown>;
  let o = 4 + hl + ((8 - ((4 + hl) % 8)) % 8);
  const width = format === "f32" ? 4 : 8;
  const arrays = lengths(header).map((len) => {
    if (o + len * width > body.byteLength) throw new Error("payload shorter than its header says");
    const a = new Float64Array(len);
    if (width === 8) for (let i = 0; i < len; i++, o += 8) a[i] = view.getFloat64(o, true);
    else for (let i = 0; i < len; i++, o += 4) a[i] = view.getFloat32(o, true);
    return a;
  });
  if (o !== body.byteLength) throw new Error("payload longer than its header says");
  return { header, arrays };
}

function num(h: Record<string, unknown>, key: string): number {
  const v = h[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`payload field '${key}' must be a number`);
  return v;
}

function floats(h: Record<string, unknown>, key: string, len: number): Float64Array {
  const v = h[key];
  if (!Array.isArray(v) || v.length !== len || !v.every((x) => typeof x === "number")) throw new Error(`payload field '${key}' must be ${len} numbers`);
  return Float64Array.from(v as number[]);
}

/** Encodes the master's broadcast (GET /model body). */
export function encodeBroadcast(b: Broadcast, format: PayloadFormat): Uint8Array {
  const header = { round: b.round, attempt: b.attempt, nItems: b.nItems, f: b.f, participants: b.participants === null ? null : Array.from(b.participants) };
  if (format === "json") return enc.encode(JSON.stringify({ ...header, Y: Array.from(b.Y), YtY: Array.from(b.YtY) }));
  return packBinary(header, [b.Y, b.YtY], format);
}

/** Decodes a broadcast; throws a message naming the bad field. */
export function decodeBroadcast(body: Uint8Array, format: PayloadFormat): Broadcast {
  const parse = (h: Record<string, unknown>, arrays: Float64Array[] | null): Broadcast => {
    const nItems = num(h, "nItems");
    const f = num(h, "f");
    const p = h.participants;
    return {
      round: num(h, "round"),
      attempt: num(h, "attempt"),
      nItems,
      f,
      Y: arrays ? arrays[0] : floats(h, "Y", nItems * f),
      YtY: arrays ? arrays[1] : floats(h, "YtY", f * f),
      participants: Array.isArray(p) ? Int32Array.from(p as number[]) : null,
    };
  };
  if (format === "json") return parse(JSON.parse(dec.decode(body)) as Record<string, unknown>, null);
  const { header, arrays } = unpackBinary(body, format, (h) => [num(h, "nItems") * num(h, "f"), num(h, "f") * num(h, "f")]);
  return parse(header, arrays);
}

/** Encodes a client's reply (POST /gradients body): ids, weight, metrics and the upload, nothing else. */
export function encodeReply(r: ClientReply, format: PayloadFormat): Uint8Array {
  const header = { clientId: r.clientId, round: r.round, attempt: r.attempt, count: r.count, metrics: r.metrics, length: r.update.length };
  if (format === "json") return enc.encode(JSON.stringify({ ...header, update: Array.from(r.update) }));
  return packBinary(header, [r.update], format);
}

/** Decodes a reply; throws a message naming the bad field. */
export function decodeReply(body: Uint8Array, format: PayloadFormat): ClientReply {
  const parse = (h: Record<string, unknown>, update: Float64Array): ClientReply => {
    const m = h.metrics;
    if (typeof m !== "object" || m === null) throw new Error("payload field 'metrics' must be an object");
    return { clientId: num(h, "clientId"), round: num(h, "round"), attempt: num(h, "attempt"), count: num(h, "count"), metrics: m as Record<string, number>, update };
  };
  if (format === "json") {
    const h = JSON.parse(dec.decode(body)) as Record<string, unknown>;
    return parse(h, floats(h, "update", num(h, "length")));
  }
  const { header, arrays } = unpackBinary(body, format, (h) => [num(h, "length")]);
  return parse(header, arrays[0]);
}

/** Byte length of a binary reply without encoding its floats (the fast path's bandwidth figure). */
export function binaryReplyLength(r: Omit<ClientReply, "update">, length: number, format: "f32" | "f64"): number {
  const h = enc.encode(JSON.stringify({ clientId: r.clientId, round: r.round, attempt: r.attempt, count: r.count, metrics: r.metrics, length }));
  return 4 + h.length + ((8 - ((4 + h.length) % 8)) % 8) + length * (format === "f32" ? 4 : 8);
}
