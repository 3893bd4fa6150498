/**
 * Row parsing of the interaction file formats fedrec reads (pure: one record of fields in, one
 * interaction or one error message out). File streaming lives in src/sim/data; this decides what a row means.
 */
import { MAX_ID_LENGTH } from "./encoding.js";

/** Interaction formats: MovieLens u.data and ratings.dat, generic src,dst[,weight][,time], SocioPatterns `t i j`. */
export type InteractionFormat = "movielens" | "movielens-dat" | "interactions" | "sociopatterns";

/** Every format `--format` accepts (the speed-dating CSV has its own record type, see speed-dating.ts). */
export const DATA_FORMATS = ["movielens", "movielens-dat", "interactions", "sociopatterns", "speed-dating"] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** One directed interaction: src (user) → dst (item or partner), a weight (rating, count) and a time (NaN when absent). */
export interface Interaction {
  src: string;
  dst: string;
  weight: number;
  time: number;
}

/** A parsed row, or why it is not one. */
export type RowResult = { ok: true; value: Interaction } | { ok: false; error: string };

/** The shape each format expects, as printed in bad-row errors and `fedrec datasets`. */
export const FORMAT_SHAPES: Record<DataFormat, string> = {
  movielens: "4 tab-separated fields `user item rating timestamp` (MovieLens 100K u.data)",
  "movielens-dat": "4 fields separated by `::`: `user::item::rating::timestamp` (MovieLens 1M/10M ratings.dat)",
  interactions: "`src,dst[,weight][,time]` (comma- or tab-separated, optional header; weight and time numeric)",
  sociopatterns: "3 whitespace-separated fields `t i j` (time in seconds, two person ids)",
  "speed-dating": "the Columbia speed-dating CSV (header with iid, pid, wave, dec; latin-1)",
};

/** Whether the people on both sides share one id space (people-to-people data). */
export function sharedIdSpace(format: InteractionFormat): boolean {
  return format === "sociopatterns";
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a numeric field; NaN when it is not a plain decimal number. */
export function parseNumber(field: string): number {
  const t = field.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
}

function fail(format: DataFormat): RowResult {
  return { ok: false, error: `expected ${FORMAT_SHAPES[format]}` };
}

/**
 * Parses one record of `format`. MovieLens: weight = rating, time = timestamp. Generic interactions:
 * weight defaults to 1, time to NaN. SocioPatterns: one 20-second contact of i and j at t (weight 1).
 * Ids must be non-empty; numeric fields must be finite numbers.
 */
export function parseInteractionRow(format: InteractionFormat, fields: readonly string[]): RowResult {
  const r = parseRowFields(format, fields);
  if (!r.ok) return r;
  const { src, dst } = r.value;
  if (src.length > MAX_ID_LENGTH || dst.length > MAX_ID_LENGTH) return { ok: false, error: `id longer than ${MAX_ID_LENGTH} characters; ${FORMAT_SHAPES[format]} expected` };
  if (format !== "interactions" && !(INTEGER_ID.test(src) && INTEGER_ID.test(dst))) return { ok: false, error: `ids must be non-negative integers; expected ${FORMAT_SHAPES[format]}` };
  return r;
}

const INTEGER_ID = /^\d+$/;

function parseRowFields(format: InteractionFormat, fields: readonly string[]): RowResult {
  const f = fields.map((s) => s.trim());
  switch (format) {
    case "movielens":
    case "movielens-dat": {
      if (f.length !== 4 || f[0] === "" || f[1] === "") return fail(format);
      const weight = parseNumber(f[2]);
      const time = parseNumber(f[3]);
      if (!Number.isFinite(weight) || !Number.isFinite(time)) return fail(format);
      return { ok: true, value: { src: f[0], dst: f[1], weight, time } };
    }
    case "interactions": {
      if (f.length < 2 || f.length > 4 || f[0] === "" || f[1] === "") return fail(format);
      const weight = f.length >= 3 ? parseNumber(f[2]) : 1;
      const time = f.length === 4 ? parseNumber(f[3]) : NaN;
      if (!Number.isFinite(weight) || (f.length === 4 && !Number.isFinite(time))) return fail(format);
      return { ok: true, value: { src: f[0], dst: f[1], weight, time } };
    }
    case "sociopatterns": {
      const g = f.filter((s) => s !== "");
      if (g.length !== 3) return fail(format);
      const time = parseNumber(g[0]);
      if (!Number.isFinite(time)) return fail(format);
      return { ok: true, value: { src: g[1], dst: g[2], weight: 1, time } };
    }
    default: {
      const never: never = format;
      throw new RangeError(`unknown format ${String(never)}`);
    }
  }
}

const HEADER_NAMES = new Set(["src", "source", "from", "user", "userid", "user_id", "u", "i", "dst", "target", "to", "item", "itemid", "item_id", "v", "j"]);

/**
 * Header detection for the generic format: the first record is a header when its first field is a
 * usual column name (src, source, from, user, u, i, …) or a field after the ids is not numeric.
 */
export function looksLikeHeader(fields: readonly string[]): boolean {
  if (fields.length < 2) return false;
  if (HEADER_NAMES.has(fields[0].trim().toLowerCase())) return true;
  return fields.slice(2).some((s) => !Number.isFinite(parseNumber(s)));
}

/** Delimiter of a generic interactions file from its first line: tab when it has one, else comma. */
export function detectDelimiter(firstLine: string): "\t" | "," {
  return firstLine.includes("\t") ? "\t" : ",";
}
