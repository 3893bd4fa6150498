import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("fedrec bench", () => {
  it("--json prints one report object with a macro round per solver and a progress line per stage on stderr", () => {
    const r = runCli(["bench", "--stages", "macro", "--sizes", "2k", "--threads", "2", "--no-numpy", "--factors", "8", "--json"]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { macro: Array<{ stage: string; n: number; seconds: number }>; numpy: Array<{ ratio: number | null }> };
    expect(report.macro.map((s) => s.stage).sort()).toEqual(["round-cg3", "round-cholesky"]);
    expect(report.macro.every((s) => s.n === 2000 && s.seconds > 0)).toBe(true);
    expect(report.numpy.every((x) => x.ratio === null)).toBe(true);
    expect(r.stderr).toMatch(/bench: macro n=2000 cg3 ×2 threads/);
  });

  it("--float32 stores the macro round in Float32 and reports its accuracy against Float64", () => {
    const r = runCli(["bench", "--micro-users", "300", "--sizes", "1k", "--threads", "1", "--no-numpy", "--factors", "4", "--solvers", "cg", "--float32", "--json"]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { macro: Array<{ stage: string }>; float32Accuracy: { rounds: number; yRelErr: number[] } };
    expect(report.macro.map((s) => s.stage)).toEqual(["round-cg3-f32"]);
    expect(report.float32Accuracy.yRelErr).toHaveLength(3);
    expect(report.float32Accuracy.yRelErr.every((e) => e > 0 && e < 1e-5)).toBe(true);
  });

  it("rejects a malformed size list with exit status 2", () => {
    const r = runCli(["bench", "--sizes", "10q"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--sizes/);
  });
});
