import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** The summary without what legitimately differs between the runs: wall time and the thread count itself. */
function learned(stdout: string): unknown {
  const s = JSON.parse(stdout) as { timing: unknown; config: { compute: { threads?: number } } };
  delete (s as { timing?: unknown }).timing;
  delete s.config.compute.threads;
  return s;
}

describe("fedrec simulate --threads / --solver (federated fast path on worker threads)", () => {
  const base = ["simulate", "--users", "120", "--rounds", "3", "--no-baselines", "--json", "--seed", "7"];

  for (const solver of ["cholesky", "cg"]) {
    it(`gives the same summary for 1 and 2 threads with --solver ${solver}`, () => {
      const one = runCli([...base, "--solver", solver, "--threads", "1"]);
      const two = runCli([...base, "--solver", solver, "--threads", "2"]);
      expect(one.status).toBe(0);
      expect(two.status).toBe(0);
      expect(learned(two.stdout)).toEqual(learned(one.stdout));
    });
  }

  it("the CG solver learns a different (approximate) model than Cholesky, and both run end to end", () => {
    const chol = JSON.parse(runCli([...base, "--solver", "cholesky"]).stdout) as { satisfaction: { mean: number } };
    const cg = JSON.parse(runCli([...base, "--solver", "cg", "--cg-steps", "2"]).stdout) as { satisfaction: { mean: number }; config: { compute: unknown } };
    expect(cg.config.compute).toEqual({ threads: 1, solver: "cg", cgSteps: 2 });
    expect(cg.satisfaction.mean).not.toBe(chol.satisfaction.mean);
  });

  it("rejects --threads 0 and an unknown solver with exit 2", () => {
    expect(runCli(["simulate", "--threads", "0"]).status).toBe(2);
    expect(runCli(["simulate", "--solver", "lu"]).status).toBe(2);
  });
});
