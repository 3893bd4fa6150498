import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadInteractions, loadSpeedDating } from "../../src/sim/data/load.js";
import { looksLikeHeader, parseInteractionRow } from "../../src/core/data/formats.js";
import { dataRoot } from "../../src/sim/data/root.js";
import { REPO } from "../cli/run-cli.js";

const FX = join(REPO, "datasets", "fixtures");
const ML100K = join(dataRoot(), "ml-100k", "u.data");
const SPEED = join(dataRoot(), "speed-dating", "speed-dating.csv");
const ok = { skipBadRows: false };

describe("interaction loaders", () => {
  it("reads MovieLens u.data (tab) and ratings.dat (::) into dense ids in first-seen order", async () => {
    const a = await loadInteractions(join(FX, "u.data"), "movielens", ok);
    expect(a.rowIds).toEqual(["1", "2", "3"]);
    expect(a.colIds).toEqual(["10", "11", "12"]);
    expect(Array.from(a.src)).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(a.dst)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(a.weight)).toEqual([5, 3, 4, 4, 5]);
    expect(Array.from(a.time)).toEqual([100, 101, 102, 103, 104]);
    const b = await loadInteractions(join(FX, "ratings.dat"), "movielens-dat", ok);
    expect(Array.from(b.weight)).toEqual([5, 3, 4]);
    expect(b.colIds).toEqual(["10", "11"]);
  });

  it("detects the header and the delimiter of generic interaction files, defaulting weight to 1", async () => {
    const csv = await loadInteractions(join(FX, "interactions-header.csv"), "interactions", ok);
    expect(csv.rowIds).toEqual(["alice", "bob"]);
    expect(csv.colIds).toEqual(["bob", "alice", "carol"]);
    expect(Array.from(csv.weight)).toEqual([3, 1, 2]);
    const tsv = await loadInteractions(join(FX, "interactions.tsv"), "interactions", ok);
    expect(Array.from(tsv.weight)).toEqual([1, 1]);
    expect(Number.isNaN(tsv.time[0])).toBe(true);
    expect(looksLikeHeader(["alice", "bob", "3"])).toBe(false);
    expect(looksLikeHeader(["user", "item"])).toBe(true);
  });

  it("reads SocioPatterns contacts as symmetric pairs in one id space", async () => {
    const d = await loadInteractions(join(FX, "tij.dat"), "sociopatterns", ok);
    expect(d.shared).toBe(true);
    expect(d.rowIds).toEqual(d.colIds);
    expect(d.src.length).toBe(6);
    expect(Array.from(d.src.slice(0, 2))).toEqual([0, 1]);
    expect(Array.from(d.dst.slice(0, 2))).toEqual([1, 0]);
  });

  it("fails on a bad row naming file:line and the expected shape, or skips and counts it", async () => {
    const path = join(FX, "u-bad.data");
    await expect(loadInteractions(path, "movielens", ok)).rejects.toThrow(/u-bad\.data:2: expected 4 tab-separated fields `user item rating timestamp`/);
    const d = await loadInteractions(path, "movielens", { skipBadRows: true });
    expect(d.skipped).toBe(1);
    expect(d.src.length).toBe(2);
    expect(parseInteractionRow("interactions", ["a"]).ok).toBe(false);
  });

  it("reads the speed-dating CSV as latin-1, counting rows with missing ids, and rejects malformed values", async () => {
    const d = await loadSpeedDating(join(FX, "speed-dating.csv"), ok);
    expect(d.dates).toHaveLength(4);
    expect(d.incomplete).toBe(1);
    expect(d.dates[2]).toEqual({ iid: "2", pid: "11", wave: 1, dec: 1, decO: 1, like: 9, likeO: 8, match: 1 });
    await expect(loadSpeedDating(join(FX, "speed-dating-bad.csv"), ok)).rejects.toThrow(/speed-dating-bad\.csv:2: expected integer wave, dec/);
  });

  it.skipIf(!existsSync(ML100K))("MovieLens 100K (data root; skipped when absent): counts agree with a plain split of the file", async () => {
    const d = await loadInteractions(ML100K, "movielens", ok);
    const lines = readFileSync(ML100K, "utf8").trim().split("\n").map((l) => l.split("\t"));
    expect(d.src.length).toBe(lines.length);
    expect(d.rowIds.length).toBe(new Set(lines.map((l) => l[0])).size);
    expect(d.colIds.length).toBe(new Set(lines.map((l) => l[1])).size);
    expect(d.weight.reduce((a, b) => a + b, 0)).toBe(lines.reduce((a, l) => a + Number(l[2]), 0));
  });

  it.skipIf(!existsSync(SPEED))("speed dating (data root; skipped when absent): every complete row is read", async () => {
    const d = await loadSpeedDating(SPEED, ok);
    expect(d.dates.length + d.incomplete).toBe(8378);
    expect(new Set(d.dates.map((x) => x.wave)).size).toBe(21);
  });
});
