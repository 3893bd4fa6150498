/**
 * Streaming loaders: read a data file with csv-parse record by record, hand each record to the pure row
 * parsers of src/core/data, and stop at the first bad row with `file:line: expected …` — or, with
 * skipBadRows, count and skip them.
 */
import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { requireTextFile } from "../io/text-file.js";
import { parse, type Options } from "csv-parse";
import { detectDelimiter, looksLikeHeader, parseInteractionRow, sharedIdSpace, type InteractionFormat } from "../../core/data/formats.js";
import { InteractionBuilder, type InteractionData } from "../../core/data/interactions.js";
import { parseSpeedDate, speedDatingColumns, type SpeedDate, type SpeedDatingColumns } from "../../core/data/speed-dating.js";

/** A data file that cannot be read as the stated format (one line: file, line, what was expected). */
export class DataError extends Error {
  override readonly name = "DataError";
}

/** Loader options: skip (and count) bad rows instead of failing on the first. */
export interface LoadOptions {
  skipBadRows: boolean;
}

function firstLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").split(/\r?\n/)[0] ?? "";
  } finally {
    closeSync(fd);
  }
}

function csvOptions(format: InteractionFormat, path: string): Options {
  const base: Options = { relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true, trim: false };
  switch (format) {
    case "movielens":
      return { ...base, delimiter: "\t", quote: false };
    case "movielens-dat":
      return { ...base, delimiter: "::", quote: false };
    case "sociopatterns":
      return { ...base, delimiter: ["\t", " "], quote: false };
    case "interactions":
      return { ...base, delimiter: detectDelimiter(firstLine(path)) };
  }
}

function requireFile(path: string): void {
  requireTextFile(path, (m) => new DataError(m));
}

/** csv-parse's own errors (an unclosed quote…) as one line naming the file and line. */
function csvError(path: string, err: unknown): DataError {
  if (err instanceof DataError) return err;
  const e = err as { message?: string; lines?: number };
  return new DataError(`${path}${typeof e.lines === "number" ? `:${e.lines}` : ""}: ${String(e.message ?? err).replace(/\s+/g, " ")}`);
}

interface Info {
  lines: number;
}

/** Streams `path` as `format` into an InteractionData (ids mapped densely in first-seen order). */
export async function loadInteractions(path: string, format: InteractionFormat, opts: LoadOptions): Promise<InteractionData> {
  requireFile(path);
  const builder = new InteractionBuilder(sharedIdSpace(format), format === "sociopatterns");
  const parser = createReadStream(path, { encoding: "utf8" }).pipe(parse(csvOptions(format, path)));
  let skipped = 0;
  let first = true;
  try {
  for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const { record, info } = item;
    if (first) {
      first = false;
      if (format === "interactions" && looksLikeHeader(record)) continue;
    }
    const r = parseInteractionRow(format, record);
    if (r.ok) builder.add(r.value);
    else if (opts.skipBadRows) skipped++;
    else throw new DataError(`${path}:${info.lines}: ${r.error}, got "${record.join(" | ").slice(0, 80)}" (or pass --skip-bad-rows)`);
  }
  } catch (err) {
    throw csvError(path, err);
  }
  if (builder.build(0).src.length === 0) throw new DataError(`${path}: no interactions read`);
  return builder.build(skipped);
}

/** The speed-dating dates, with the count of incomplete rows (missing iid/pid/wave/dec) and of skipped bad rows. */
export interface SpeedDatingData {
  dates: SpeedDate[];
  incomplete: number;
  skipped: number;
}

/** Streams the speed-dating CSV (latin-1, header row) into typed dates. */
export async function loadSpeedDating(path: string, opts: LoadOptions): Promise<SpeedDatingData> {
  requireFile(path);
  const parser = createReadStream(path, { encoding: "latin1" }).pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, info: true, delimiter: "," }),
  );
  let cols: SpeedDatingColumns | null = null;
  const dates: SpeedDate[] = [];
  let incomplete = 0;
  let skipped = 0;
  try {
  for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const { record, info } = item;
    if (cols === null) {
      const h = speedDatingColumns(record);
      if (!h.ok) throw new DataError(`${path}:${info.lines}: ${h.error}`);
      cols = h.cols;
      continue;
    }
    const r = parseSpeedDate(record, cols);
    if (r.ok) dates.push(r.value);
    else if (r.incomplete) incomplete++;
    else if (opts.skipBadRows) skipped++;
    else throw new DataError(`${path}:${info.lines}: ${r.error} (or pass --skip-bad-rows)`);
  }
  } catch (err) {
    throw csvError(path, err);
  }
  if (cols === null) throw new DataError(`${path}: empty file (expected a header row)`);
  return { dates, incomplete, skipped };
}
