/**
 * The Columbia speed-dating CSV (Fisman & Iyengar): one row = one person's record of one 4-minute date.
 * Pure row parsing: a header → column positions, a record → a typed date (NaN for missing optional values).
 */
import { parseNumber } from "./formats.js";

/** One person's record of one date: iid rated pid in `wave`; dec = iid's yes (1) / no (0); like 1–10. */
export interface SpeedDate {
  iid: string;
  pid: string;
  wave: number;
  dec: number;
  decO: number;
  like: number;
  likeO: number;
  match: number;
}

/** Column positions of the fields fedrec reads. */
export interface SpeedDatingColumns {
  iid: number;
  pid: number;
  wave: number;
  dec: number;
  dec_o: number;
  like: number;
  like_o: number;
  match: number;
}

const REQUIRED = ["iid", "pid", "wave", "dec", "dec_o", "like", "like_o", "match"] as const;

/** Finds the columns in the header; an error message naming the missing ones when any is absent. */
export function speedDatingColumns(header: readonly string[]): { ok: true; cols: SpeedDatingColumns } | { ok: false; error: string } {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) return { ok: false, error: `header lacks column(s) ${missing.join(", ")} (expected the speed-dating CSV header)` };
  const at = (c: string): number => names.indexOf(c);
  return { ok: true, cols: { iid: at("iid"), pid: at("pid"), wave: at("wave"), dec: at("dec"), dec_o: at("dec_o"), like: at("like"), like_o: at("like_o"), match: at("match") } };
}

/**
 * Parses one record. Result: a date; "incomplete" when iid, pid, wave or dec is empty (the data set has
 * missing values: such rows are counted and left out); or an error when a present value is malformed
 * (a non-numeric wave/like, a dec that is not 0/1).
 */
export function parseSpeedDate(fields: readonly string[], c: SpeedDatingColumns): { ok: true; value: SpeedDate } | { ok: false; incomplete: boolean; error: string } {
  const get = (i: number): string => (i < fields.length ? fields[i].trim() : "");
  const iid = get(c.iid);
  const pid = get(c.pid);
  const raw = { wave: get(c.wave), dec: get(c.dec) };
  if (iid === "" || pid === "" || raw.wave === "" || raw.dec === "") {
    return { ok: false, incomplete: true, error: "missing iid, pid, wave or dec" };
  }
  const num = (s: string): number => (s === "" ? NaN : parseNumber(s));
  const wave = num(raw.wave);
  const dec = num(raw.dec);
  const decO = num(get(c.dec_o));
  const like = num(get(c.like));
  const likeO = num(get(c.like_o));
  const match = num(get(c.match));
  const binary = (x: number): boolean => x === 0 || x === 1;
  const bad =
    !Number.isInteger(wave) ||
    !binary(dec) ||
    (get(c.dec_o) !== "" && !binary(decO)) ||
    (get(c.match) !== "" && !binary(match)) ||
    (get(c.like) !== "" && Number.isNaN(like)) ||
    (get(c.like_o) !== "" && Number.isNaN(likeO));
  if (bad) return { ok: false, incomplete: false, error: "expected integer wave, dec/dec_o/match in {0,1}, numeric like/like_o" };
  return { ok: true, value: { iid, pid, wave, dec, decO, like, likeO, match } };
}
