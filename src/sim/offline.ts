/**
 * Offline train/evaluate on a data file: prepare the split, fit the chosen recommender on the training
 * part, score it on the held-out part. Shared by `fedrec train`, `fedrec evaluate`, experiments and quality.
 */
import { evaluateScorer, type EvalReport, type Scorer } from "../core/eval/evaluate.js";
import { factorScorer, fitFactorModel, popularityScorer, randomScorer, type FactorModel, type ModelSpec, type RoundHook } from "../core/eval/models.js";
import type { Csr } from "../core/sparse/csr.js";

/** A fitted recommender: its scorer and, for ALS/FCF, the factor model. */
export interface Fitted {
  scorer: Scorer;
  model: FactorModel | null;
}

/** Fits `spec` on `train` (popularity and random need no fitting). */
export function fitRecommender(train: Csr, spec: ModelSpec, seed: string, onRound?: RoundHook): Fitted {
  switch (spec.algorithm) {
    case "popularity":
      return { scorer: popularityScorer(train), model: null };
    case "random":
      return { scorer: randomScorer(seed), model: null };
    case "als":
    case "fcf": {
      const model = fitFactorModel(train, spec, seed, onRound);
      return { scorer: factorScorer(model), model };
    }
  }
}

/** Evaluates a scorer at k; people-to-people data (shared ids) never recommends a user to itself. */
export function evaluateOn(scorer: Scorer, split: { train: Csr; test: Csr }, k: number, shared: boolean): EvalReport {
  return evaluateScorer(scorer, split.train, split.test, k, shared);
}
