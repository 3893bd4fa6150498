import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../cli/run-cli.js";

const cfnLint = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
const hasCfnLint = cfnLint.status === 0;
if (!hasCfnLint) console.warn("cfn-lint is not installed: skipping the lint of deploy/template.yaml");

describe("deploy/", () => {
  it.skipIf(!hasCfnLint)("cfn-lint passes deploy/template.yaml (SAM: Lambda, HTTP API, DynamoDB tables)", () => {
    const r = spawnSync("cfn-lint", [join(REPO, "deploy", "template.yaml")], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("the Lambda bundle builds with esbuild (npm run build:lambda) and exports handler", () => {
    const out = join(mkdtempSync(join(tmpdir(), "fedrec-lambda-")), "index.js");
    const r = spawnSync(join(REPO, "node_modules", ".bin", "esbuild"), [join(REPO, "src/backend/lambda-entry.ts"), "--bundle", "--platform=node", "--target=node22", "--format=cjs", `--outfile=${out}`, "--log-level=error"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const mod = createRequire(import.meta.url)(out) as { handler: unknown };
    expect(typeof mod.handler).toBe("function");
  });
});
