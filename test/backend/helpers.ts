/** Shared fixtures of the backend tests: a small trained model exported as a bundle, and its training data. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFiles, identityMapping, writeBundle } from "../../src/backend/bundle.js";
import { checkpointFcf } from "../../src/core/fcf/checkpoint.js";
import { DEFAULT_FCF_HYPER, type FcfHyper } from "../../src/core/fcf/hyper.js";
import { fcfIteration, initFcf } from "../../src/core/fcf/train.js";
import { makeRng } from "../../src/core/rng.js";
import type { Csr } from "../../src/core/sparse/csr.js";
import type { NpyDtype } from "../../src/core/model/npy.js";
import { synthetic } from "../fcf/synthetic.js";

export const HYPER: FcfHyper = { ...DEFAULT_FCF_HYPER, factors: 6 };

/** Trains FCF for 15 rounds on 60 synthetic users and writes the bundle; returns its path and the data. */
export function trainedBundle(dtype: NpyDtype = "f4", users = 60): { dir: string; R: Csr } {
  const R = synthetic(users, users, 3, 0.12, 0.3, "backend").train;
  const state = initFcf(users, users, HYPER, makeRng("backend-init"));
  for (let i = 0; i < 15; i++) fcfIteration(state, R, HYPER, { clients: null, aggregate: "factored" });
  const dir = join(mkdtempSync(join(tmpdir(), "fedrec-backend-")), "bundle");
  writeBundle(
    dir,
    bundleFiles({
      checkpoint: checkpointFcf(state),
      hyper: HYPER,
      mapping: identityMapping(users),
      dtype,
      created: "2020-01-01T00:00:00.000Z",
      source: { test: "backend" },
      metrics: {},
    }),
  );
  return { dir, R };
}

/** Row u of a CSR as (items, values). */
export function rowOf(R: Csr, u: number): { items: Int32Array; values: Float64Array } {
  return { items: R.indices.slice(R.indptr[u], R.indptr[u + 1]), values: R.data.slice(R.indptr[u], R.indptr[u + 1]) };
}
