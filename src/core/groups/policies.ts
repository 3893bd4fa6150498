/**
 * The grouping policies by name, for configs and the CLI.
 */
import { makeGreedyPolicy } from "./greedy.js";
import { randomPolicy } from "./random.js";
import type { GroupingPolicy } from "./types.js";

export type PolicyName = "random" | "greedy" | "greedy-penalty";

/** The policy registered under `name` (exhaustive: a new name fails to compile until it is handled here). */
export function makePolicy(name: PolicyName): GroupingPolicy {
  switch (name) {
    case "random":
      return randomPolicy;
    case "greedy":
      return makeGreedyPolicy({ usePenalty: false });
    case "greedy-penalty":
      return makeGreedyPolicy({ usePenalty: true });
    default: {
      const never: never = name;
      throw new RangeError(`unknown grouping policy ${String(never)}`);
    }
  }
}
