/**
 * The bad-input corpus over the CLI (cases in cases.ts): each case must exit non-zero with exactly one
 * message line matching its pattern, print no stack trace and nothing on stdout, and leave its output
 * paths absent. Runs in-process (the same code path as bin/fedrec.js, without a child start-up per case).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BUNDLE_CORRUPTIONS, CLI_CASES } from "./cases.js";
import { hasStackTrace, messageLines, runInProcess } from "./harness.js";
import { trainedBundle } from "../backend/helpers.js";

let root: string;
let bundle: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "fedrec-hardening-"));
  bundle = trainedBundle("f4", 30).dir;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setup(name: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = join(root, name.replace(/[^A-Za-z0-9]+/g, "-"));
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

function expectOneCleanLine(r: { code: number; stdout: string; stderr: string }, code: number, message: RegExp): void {
  const lines = messageLines(r.stderr);
  expect({ code: r.code, lines }).toMatchObject({ code });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stdout).toBe("");
}

describe("bad-input corpus: command lines", () => {
  it.each(CLI_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const dir = setup(c.name, c.files);
    const args = c.args.map((a) => a.replace("$D", dir).replace("$B", bundle));
    const r = await runInProcess(args);
    expectOneCleanLine(r, c.code, c.message);
    for (const out of c.untouched ?? []) expect(existsSync(join(dir, out)), `${out} must not exist`).toBe(false);
  });
});

describe("bad-input corpus: corrupt bundles", () => {
  it.each(BUNDLE_CORRUPTIONS.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const dir = setup(`bundle-${c.name}`);
    const copy = join(dir, "bundle");
    cpSync(bundle, copy, { recursive: true });
    const target = join(copy, c.file);
    writeFileSync(target, c.damage(new Uint8Array(readFileSync(target))));
    const r = await runInProcess(["export-model", "--from", copy, "--out", join(dir, "out")]);
    expectOneCleanLine(r, 1, c.message);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
