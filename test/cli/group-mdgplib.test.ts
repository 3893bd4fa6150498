import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO } from "./run-cli.js";
import { bruteForceLabelled } from "../groups/helpers.js";

/** Parses an MDGPLIB file independently of the loader: n, groups, each group's [a_t, b_t] and the weight matrix. */
function parse(file: string): { n: number; g: number; a: number[]; b: number[]; d: number[][] } {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const h = head.trim().split(/\s+/);
  const n = Number(h[0]);
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const r of rows) {
    const [i, j, w] = r.trim().split(/\s+/).map(Number);
    d[i][j] = d[j][i] = w;
  }
  const g = Number(h[1]);
  const a = Array.from({ length: g }, (_, t) => Number(h[3 + 2 * t]));
  const b = Array.from({ length: g }, (_, t) => Number(h[4 + 2 * t]));
  return { n, g, a, b, d };
}

describe("fedrec group --mdgplib", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedrec-mdgp-cli-"));
  it.each([
    ["mdgplib-tiny-ss.txt", []],
    ["mdgplib-tiny-bounds.txt", []],
    ["mdgplib-tiny-ds.txt", ["--iterations", "2000"]],
  ])("%s: reaches the brute-force optimum with group t's size in the file's [a_t, b_t]", (name, extra) => {
    const f = join(REPO, "datasets", "fixtures", name);
    const { n, g, a, b, d } = parse(f);
    const out = join(dir, name + ".csv");
    const r = runCli(["group", "--mdgplib", f, "--out", out, "--json", ...extra]);
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout);
    const optimum = bruteForceLabelled(n, a.map((x, t) => [x, b[t]] as const), (i, j) => d[i][j]);
    expect(res.groups).toBe(g);
    expect(res.objective.affinity).toBeCloseTo(optimum, 6);
    // the written partition realises the reported objective and keeps every group within [a, b]
    const groups = new Map<string, number[]>();
    for (const l of readFileSync(out, "utf8").trim().split("\n").slice(1)) {
      const [id, t] = l.split(",");
      groups.set(t, [...(groups.get(t) ?? []), Number(id)]);
    }
    let value = 0;
    let members = 0;
    expect([...groups.keys()].sort()).toEqual(Array.from({ length: g }, (_, t) => String(t)));
    for (const [t, m] of groups) {
      expect(m.length).toBeGreaterThanOrEqual(a[Number(t)]);
      expect(m.length).toBeLessThanOrEqual(b[Number(t)]);
      members += m.length;
      for (let x = 0; x < m.length; x++) for (let y = x + 1; y < m.length; y++) value += d[m[x]][m[y]];
    }
    expect(members).toBe(n);
    expect(value).toBeCloseTo(optimum, 6);
  });

  it("takes the sizes from the file: --group-size with --mdgplib is a usage error (exit 2)", () => {
    const r = runCli(["group", "--mdgplib", join(REPO, "datasets", "fixtures", "mdgplib-tiny-ss.txt"), "--group-size", "3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'--mdgplib' takes the number of groups and the size bounds from the file");
  });
});
