/** Small synthetic data sets shaped like the real ones, written to a temp directory for experiment tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/**
 * A speed-dating CSV (header iid,pid,wave,dec,dec_o,like,like_o,match) with `waves` waves of `half` women
 * and `half` men, everyone dating everyone of the other gender. Planted taste: each person has a type in
 * {0, 1}; a says yes to b with probability 0.9 when their types agree, 0.1 otherwise; like = 8 ± 1 after
 * a yes, 4 ± 1 after a no. Returns the data root (the file is at speed-dating/speed-dating.csv).
 */
export function speedDatingRoot(waves = 2, half = 8): string {
  const root = mkdtempSync(join(tmpdir(), "fedrec-sd-"));
  mkdirSync(join(root, "speed-dating"));
  const rnd = lcg(7);
  const lines = ["iid,pid,wave,dec,dec_o,like,like_o,match"];
  let next = 1;
  for (let w = 1; w <= waves; w++) {
    const women = Array.from({ length: half }, () => next++);
    const men = Array.from({ length: half }, () => next++);
    const type = new Map<number, number>([...women, ...men].map((p) => [p, rnd() < 0.5 ? 0 : 1]));
    for (const a of women) for (const b of men) {
      const say = (x: number, y: number) => (rnd() < (type.get(x) === type.get(y) ? 0.9 : 0.1) ? 1 : 0);
      const [da, db] = [say(a, b), say(b, a)];
      const like = (d: number) => (d === 1 ? 8 : 4) + Math.floor(rnd() * 3) - 1;
      const [la, lb] = [like(da), like(db)];
      lines.push(`${a},${b},${w},${da},${db},${la},${lb},${da * db}`);
      lines.push(`${b},${a},${w},${db},${da},${lb},${la},${da * db}`);
    }
  }
  writeFileSync(join(root, "speed-dating", "speed-dating.csv"), lines.join("\n") + "\n", "latin1");
  return root;
}

/** A MovieLens-shaped u.data (60 users, 2 taste groups over 80 items) under `<root>/ml/u.data`; returns the root. */
export function movieLensRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "fedrec-ml-"));
  mkdirSync(join(root, "ml"));
  const rnd = lcg(1);
  const lines: string[] = [];
  for (let u = 0; u < 60; u++) for (let q = 0; q < 12; q++) lines.push(`${u + 1}\t${Math.floor(rnd() * 40) + (u % 2) * 40 + 1}\t${1 + Math.floor(rnd() * 5)}\t${q}`);
  writeFileSync(join(root, "ml", "u.data"), lines.join("\n") + "\n");
  return root;
}
