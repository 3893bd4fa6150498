/**
 * Checks an input file before it is parsed: it exists, is a regular file, and is text (not UTF-16, not
 * binary). Every failure is one line naming the file.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { notTextReason } from "../../core/data/encoding.js";

/** Throws `Error("<file>: …")` unless `file` is a readable regular text file. */
export function requireTextFile(file: string, make: (message: string) => Error = (m) => new Error(m)): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw make(`${file}: no such file`);
  }
  if (!isFile) throw make(`${file}: is a directory or not a regular file, expected a text file`);
  const fd = openSync(file, "r");
  try {
    const head = new Uint8Array(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const why = notTextReason(head.subarray(0, n));
    if (why !== null) throw make(`${file}: ${why}`);
  } finally {
    closeSync(fd);
  }
}

/** The whole content of a checked text file (requireTextFile first); a read failure is one line naming the file. */
export function readTextFile(file: string): string {
  requireTextFile(file);
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`${file}: cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
}
