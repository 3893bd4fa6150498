import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMdgplib } from "../../src/sim/io/mdgplib.js";
import { REPO } from "../cli/run-cli.js";

const TINY = join(REPO, "datasets", "fixtures", "mdgplib-tiny-ss.txt");
const dir = mkdtempSync(join(tmpdir(), "fedrec-mdgp-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("MDGPLIB loader", () => {
  it("reads the header and every i j d line as a symmetric pair weight", () => {
    const inst = loadMdgplib(TINY);
    expect([inst.n, inst.groups, inst.groupBounds, inst.kind]).toEqual([9, 3, [[3, 3], [3, 3], [3, 3]], "ss"]);
    const rows = readFileSync(TINY, "utf8").trim().split("\n").slice(1).map((l) => l.split(" ").map(Number));
    expect(inst.data.weight.length).toBe(2 * rows.length);
    const w = new Map<string, number>();
    inst.data.from.forEach((i, t) => w.set(`${i},${inst.data.to[t]}`, inst.data.weight[t]));
    for (const [i, j, d] of rows) {
      expect(w.get(`${i},${j}`)).toBe(d);
      expect(w.get(`${j},${i}`)).toBe(d);
    }
    expect(inst.data.ids.ids).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
  });

  it("keeps each group's own [a_g, b_g] of a 'ds' header, in the header's order", () => {
    expect(loadMdgplib(file("ds-equal.txt", "4 2 ds 1 3 1 3\n0 1 1\n2 3 2\n")).groupBounds).toEqual([[1, 3], [1, 3]]);
    const inst = loadMdgplib(file("ds.txt", "10 2 ds 5 6 4 5\n0 1 1\n"));
    expect([inst.kind, inst.groupBounds]).toEqual(["ds", [[5, 6], [4, 5]]]);
  });

  it.each([
    ["bad-type.txt", "4 2 xx 2 2 2 2\n0 1 1\n", ":1: field type"],
    ["bad-count.txt", "4 2 ss 2 2 2\n0 1 1\n", ":1: header has 3 size bounds, expected 2·G = 4"],
    ["bad-m.txt", "x 2 ss 2 2 2 2\n", ":1: field M (number of elements)"],
    ["bad-b.txt", "4 2 ss 2 1 2 1\n", ":1: field b_1: expected an integer ≥ 2"],
    ["infeasible.txt", "5 2 ss 2 2 2 2\n0 1 1\n", ":1: size bounds admit no partition: Σ a_g = 4, Σ b_g = 4, M = 5"],
    ["bad-id.txt", "4 2 ss 2 2 2 2\n0 1 1\n\n0 4 2\n", ":4: field j: 4 is outside 0..3"],
    ["bad-d.txt", "4 2 ss 2 2 2 2\n0 1 1\n1 2 abc\n", ":3: field d: expected a number"],
    ["bad-width.txt", "4 2 ss 2 2 2 2\n0 1\n", ":2: expected 3 fields"],
    ["self.txt", "4 2 ss 2 2 2 2\n1 1 3\n", ":2: an element cannot be paired with itself"],
    ["dup.txt", "4 2 ss 2 2 2 2\n0 1 1\n1 0 2\n", ":3: pair 1 0 listed twice"],
    ["empty.txt", "\n\n", ": empty file"],
  ])("%s: one line naming file:line and field", (name, text, message) => {
    const f = file(name, text);
    expect(() => loadMdgplib(f)).toThrow(f + message);
  });
});
