/**
 * Loaders for `fedrec group` (and the blocked-pairs file of `fedrec simulate`): pairwise affinities as CSV
 * `i,j,w` or a square matrix, a history of past groups (CSV round,group,member) and blocked pairs (CSV a,b).
 * External ids are strings, mapped to internal indices 0..n−1 in order of first appearance (matrix rows
 * are ids "0".."n−1"). Every error names the file, line and field.
 */
import { readTextFile } from "./text-file.js";
import { parse } from "csv-parse/sync";
import { TopMScores } from "../../core/groups/scores.js";
import type { Groups } from "../../core/groups/types.js";

/** External id ↔ internal index. */
export class IdMap {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  /** The index of `id`, added when new. */
  intern(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }
  /** The index of a known id, or undefined. */
  get(id: string): number | undefined {
    return this.index.get(id);
  }
}

/** Column names accepted as a header row of the history and pair files. */
const HEADER_WORD = /^(round|group|member|user|id|a|b|i|j|u|v|user_?[ab12]|id_?[ab12])$/i;

/** CSV rows as string arrays with their 1-based line numbers; a first row whose last field is not numeric (affinities) or
 * made of column names that are not known ids (history, pairs) is a header. */
function csvRows(file: string, width: number, numericLast: boolean, ids: IdMap | null = null): Array<{ line: number; fields: string[] }> {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(readTextFile(file), { relax_column_count: true, skip_empty_lines: true, trim: true, comment: "#", info: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    if (!(typeof e.lines === "number")) throw err;
    throw new Error(`${file}:${e.lines}: ${String(e.message).replace(/\s+/g, " ")}`);
  }
  if (records.length === 0) throw new Error(`${file}: empty file (no rows)`);
  const rows: Array<{ line: number; fields: string[] }> = [];
  records.forEach((r, t) => {
    if (t === 0 && numericLast && !Number.isFinite(Number(r.record[r.record.length - 1]))) return;
    if (t === 0 && !numericLast && r.record.every((f) => HEADER_WORD.test(f) && (ids === null || ids.get(f) === undefined))) return;
    if (r.record.length !== width) throw new Error(`${file}:${r.info.lines}: expected ${width} fields, got ${r.record.length}`);
    rows.push({ line: r.info.lines, fields: r.record });
  });
  return rows;
}

/** Affinities of a file: the id map and directed triples (i, j, w). */
export interface AffinityData {
  ids: IdMap;
  from: number[];
  to: number[];
  weight: number[];
}

/** Reads CSV `i,j,w`; with `symmetric` each row sets both â_ij and â_ji. Self pairs are rejected. */
export function loadAffinityCsv(file: string, symmetric: boolean, ids = new IdMap()): AffinityData {
  const data: AffinityData = { ids, from: [], to: [], weight: [] };
  for (const { line, fields } of csvRows(file, 3, true)) {
    const w = Number(fields[2]);
    if (fields[2] === "" || !Number.isFinite(w)) throw new Error(`${file}:${line}: field w: expected a number, got "${fields[2]}"`);
    if (fields[0] === fields[1]) throw new Error(`${file}:${line}: a user cannot be paired with itself ("${fields[0]}")`);
    const i = ids.intern(fields[0]);
    const j = ids.intern(fields[1]);
    data.from.push(i), data.to.push(j), data.weight.push(w);
    if (symmetric) data.from.push(j), data.to.push(i), data.weight.push(w);
  }
  return data;
}

/** Reads a square matrix (rows of numbers separated by commas or whitespace); ids are "0".."n−1"; the diagonal is ignored. */
export function loadMatrix(file: string): AffinityData {
  const lines = readTextFile(file).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  const n = lines.length;
  const ids = new IdMap();
  for (let i = 0; i < n; i++) ids.intern(String(i));
  const data: AffinityData = { ids, from: [], to: [], weight: [] };
  lines.forEach((l, i) => {
    const cells = l.split(/[\s,;]+/);
    if (cells.length !== n) throw new Error(`${file}: row ${i + 1} has ${cells.length} entries, expected ${n} (a square matrix)`);
    cells.forEach((c, j) => {
      const w = Number(c);
      if (!Number.isFinite(w)) throw new Error(`${file}: row ${i + 1}, column ${j + 1}: expected a number, got "${c}"`);
      if (i !== j) data.from.push(i), data.to.push(j), data.weight.push(w);
    });
  });
  return data;
}

/** Builds the scores: each user's listed partners best first, every unlisted pair scored `floor`. */
export function scoresFrom(data: AffinityData, n: number, floor = 0): TopMScores {
  const rows: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (let t = 0; t < data.from.length; t++) rows[data.from[t]].push([data.to[t], data.weight[t]]);
  let m = 0;
  for (const r of rows) m = Math.max(m, r.length);
  const scores = new TopMScores(n, m);
  for (let u = 0; u < n; u++) {
    const byId = new Map<number, number>();
    for (const [j, w] of rows[u]) byId.set(j, w);
    const list = [...byId].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    scores.setUser(u, Int32Array.from(list.map((e) => e[0])), Float64Array.from(list.map((e) => e[1])), list.length, floor);
  }
  return scores;
}

/** Looks up an id that must already be known (from the affinities). */
function known(ids: IdMap, id: string, file: string, line: number, field: string): number {
  const i = ids.get(id);
  if (i === undefined) throw new Error(`${file}:${line}: field ${field}: unknown id "${id}" (not in the affinities)`);
  return i;
}

/** Reads a history CSV `round,group,member` into groups per round (rounds ascending). */
export function loadHistory(file: string, ids: IdMap): Array<{ round: number; groups: Groups }> {
  const byRound = new Map<number, Map<string, number[]>>();
  for (const { line, fields } of csvRows(file, 3, false, ids)) {
    const round = Number(fields[0]);
    if (!Number.isInteger(round) || round < 1) throw new Error(`${file}:${line}: field round: expected an integer ≥ 1, got "${fields[0]}"`);
    const member = known(ids, fields[2], file, line, "member");
    const groups = byRound.get(round) ?? new Map<string, number[]>();
    byRound.set(round, groups);
    const g = groups.get(fields[1]) ?? [];
    groups.set(fields[1], g);
    g.push(member);
  }
  return [...byRound.keys()].sort((a, b) => a - b).map((round) => ({
    round,
    groups: [...byRound.get(round)!.values()].map((g) => Int32Array.from(g)),
  }));
}

/** Reads blocked pairs, CSV `a,b` (ids). With `ids` omitted, ids are integers (simulation users 0..n−1, checked against n). */
export function loadPairs(file: string, ids: IdMap | null, n: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const { line, fields } of csvRows(file, 2, false, ids)) {
    const idx = fields.map((f, t) => {
      if (ids !== null) return known(ids, f, file, line, t === 0 ? "a" : "b");
      const v = Number(f);
      if (!Number.isInteger(v) || v < 0 || v >= n) throw new Error(`${file}:${line}: field ${t === 0 ? "a" : "b"}: expected a user id in 0..${n - 1}, got "${f}"`);
      return v;
    });
    if (idx[0] === idx[1]) throw new Error(`${file}:${line}: a pair needs two different users`);
    pairs.push([idx[0], idx[1]]);
  }
  return pairs;
}
