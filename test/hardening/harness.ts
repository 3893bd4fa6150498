/**
 * Runs the fedrec program in this process (no child start-up cost) and captures stdout, stderr and the
 * exit code exactly as src/cli/index.ts's main() would produce them; plus the checks every bad-input case
 * must pass: non-zero exit, one message line, no stack trace.
 */
import { exitCodeFor, makeProgram } from "../../src/cli/index.js";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fedrec <args>` in-process with colour off; never throws. */
export async function runInProcess(args: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  const prevExit = process.exitCode;
  const prevColor = process.env.NO_COLOR;
  process.env.NO_COLOR = "1";
  process.exitCode = undefined;
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  let code: number;
  try {
    const program = makeProgram();
    program.exitOverride();
    for (const c of program.commands) c.exitOverride();
    await program.parseAsync(args, { from: "user" });
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    code = exitCodeFor(e);
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
    process.exitCode = prevExit;
    if (prevColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = prevColor;
  }
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** The error lines of a failed run: stderr without commander's "(run with --help for usage)" hint. */
export function messageLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("(run with --help"));
}

/** True when the text looks like a stack trace or an uncaught-error dump. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || /node:internal|Error: .*\n\s+at /.test(text);
}
