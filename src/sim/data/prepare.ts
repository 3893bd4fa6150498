/**
 * From a data file to a train/test split: load (streaming), apply the feedback rule, split per user.
 * Shared by `fedrec train`, `fedrec evaluate`, the experiments and the quality gate.
 */
import { pairsToCsr, toPairs, type InteractionData, type PairData } from "../../core/data/interactions.js";
import { splitPairs } from "../../core/eval/split.js";
import { deriveRng } from "../../core/rng.js";
import type { Csr } from "../../core/sparse/csr.js";
import { DataError, loadInteractions } from "./load.js";
import type { DataSpec } from "../../core/data/spec.js";

/** A prepared data set: the raw interactions, the feedback pairs, the train mask and both CSRs. */
export interface Prepared {
  data: InteractionData;
  pairs: PairData;
  train: Csr;
  test: Csr;
}

/** Loads `spec.path` and splits it with deriveRng(seed, "split"): same seed ⇒ same split. */
export async function prepareData(spec: DataSpec, seed: string): Promise<Prepared> {
  if ((spec.format as string) === "speed-dating") throw new DataError("the speed-dating CSV is people-to-people with yes/no decisions: use `fedrec experiment experiments/speed-dating.json`");
  const data = await loadInteractions(spec.path, spec.format, { skipBadRows: spec.skipBadRows });
  const pairs = toPairs(data, spec.feedback);
  if (pairs.u.length === 0) throw new DataError(`${spec.path}: no interaction has weight ≥ ${spec.feedback.minWeight}`);
  const mask = splitPairs(pairs, spec.split, deriveRng(seed, "split"));
  const inv = mask.map((b) => 1 - b);
  return { data, pairs, train: pairsToCsr(pairs, mask), test: pairsToCsr(pairs, inv) };
}
