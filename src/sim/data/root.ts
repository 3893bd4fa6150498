/**
 * Where the public data sets live: $FEDREC_DATA_ROOT when set, else ../shared/datasets beside the
 * repository root (the layout CI and the shared workspace use). Nothing is ever copied into the repo.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (two levels above src/sim/data). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The data root directory. */
export function dataRoot(): string {
  const env = process.env.FEDREC_DATA_ROOT;
  return env !== undefined && env !== "" ? resolve(env) : join(REPO_ROOT, "..", "shared", "datasets");
}
