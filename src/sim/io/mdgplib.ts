/**
 * Loader for MDGPLIB instance files of the maximally diverse grouping problem (Gallego et al. 2013): a
 * header line `M G ss|ds a_1 b_1 … a_G b_G` (M elements, G groups, group g's size in [a_g, b_g]), then one
 * line `i j d_ij` per unordered pair (0-based ids). The MDGP maximises Σ_groups Σ_{i<j in group} d_ij,
 * which is the engine's affinity Σ m_ij when d_ij is read as a symmetric pair weight (m_ij = mean(d, d) =
 * d). Group g's bounds [a_g, b_g] are kept per group, so both variants load: "ss" (all groups one size)
 * and "ds" (each group its own interval).
 */
import { readTextFile } from "./text-file.js";
import { IdMap, type AffinityData } from "./group-inputs.js";

/** An MDGPLIB instance: symmetric pair weights, the number of groups and each group's size bounds. */
export interface MdgpInstance {
  data: AffinityData;
  n: number;
  groups: number;
  /** [a_g, b_g] of group g = 0..G−1, in the header's order. */
  groupBounds: [number, number][];
  /** "ss" or "ds", as written in the header. */
  kind: "ss" | "ds";
}

function intField(file: string, line: number, field: string, text: string | undefined, min: number): number {
  const v = Number(text);
  if (text === undefined || text === "" || !Number.isInteger(v) || v < min) {
    throw new Error(`${file}:${line}: field ${field}: expected an integer ≥ ${min}, got "${text ?? ""}"`);
  }
  return v;
}

/**
 * Reads an MDGPLIB file. Ids are "0".."M−1"; each `i j d` line sets â_ij = â_ji = d; unlisted pairs score 0.
 * Throws one line naming file:line and field for a malformed header or row, a duplicate or self pair, an id
 * outside 0..M−1, or bounds that admit no partition.
 */
export function loadMdgplib(file: string): MdgpInstance {
  const text = readTextFile(file);
  const lines = text.split(/\r?\n/);
  let h = 0;
  while (h < lines.length && lines[h].trim() === "") h++;
  if (h === lines.length) throw new Error(`${file}: empty file (expected the header "M G ss|ds a_1 b_1 …")`);
  const hl = h + 1;
  const head = lines[h].trim().split(/\s+/);
  const n = intField(file, hl, "M (number of elements)", head[0], 2);
  const g = intField(file, hl, "G (number of groups)", head[1], 1);
  const kind = head[2];
  if (kind !== "ss" && kind !== "ds") throw new Error(`${file}:${hl}: field type: expected "ss" or "ds", got "${kind ?? ""}"`);
  if (head.length !== 3 + 2 * g) throw new Error(`${file}:${hl}: header has ${head.length - 3} size bounds, expected 2·G = ${2 * g} (a_g b_g per group)`);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let t = 0; t < g; t++) {
    lo.push(intField(file, hl, `a_${t + 1}`, head[3 + 2 * t], 1));
    hi.push(intField(file, hl, `b_${t + 1}`, head[4 + 2 * t], lo[t]));
  }
  const sumLo = lo.reduce((s, x) => s + x, 0);
  const sumHi = hi.reduce((s, x) => s + x, 0);
  if (sumLo > n || sumHi < n) throw new Error(`${file}:${hl}: size bounds admit no partition: Σ a_g = ${sumLo}, Σ b_g = ${sumHi}, M = ${n}`);
  const ids = new IdMap();
  for (let i = 0; i < n; i++) ids.intern(String(i));
  const data: AffinityData = { ids, from: [], to: [], weight: [] };
  const seen = new Set<number>();
  for (let t = h + 1; t < lines.length; t++) {
    const l = lines[t].trim();
    if (l === "") continue;
    const f = l.split(/\s+/);
    if (f.length !== 3) throw new Error(`${file}:${t + 1}: expected 3 fields "i j d", got ${f.length}`);
    const i = intField(file, t + 1, "i", f[0], 0);
    const j = intField(file, t + 1, "j", f[1], 0);
    if (i >= n) throw new Error(`${file}:${t + 1}: field i: ${i} is outside 0..${n - 1}`);
    if (j >= n) throw new Error(`${file}:${t + 1}: field j: ${j} is outside 0..${n - 1}`);
    if (i === j) throw new Error(`${file}:${t + 1}: an element cannot be paired with itself (${i})`);
    const d = Number(f[2]);
    if (!Number.isFinite(d)) throw new Error(`${file}:${t + 1}: field d: expected a number, got "${f[2]}"`);
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (seen.has(key)) throw new Error(`${file}:${t + 1}: pair ${i} ${j} listed twice`);
    seen.add(key);
    data.from.push(i, j), data.to.push(j, i), data.weight.push(d, d);
  }
  return { data, n, groups: g, groupBounds: lo.map((a, t): [number, number] => [a, hi[t]]), kind };
}
