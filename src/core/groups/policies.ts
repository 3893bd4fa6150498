/**
 * The grouping policies by name, for configs and the CLI.
 */
import { makeGreedyPolicy } from "./greedy.js";
import { makeLocalSearchPolicy } from "./local-search.js";
import { randomPolicy } from "./random.js";
import { roundRobinPolicy } from "./round-robin.js";
import type { GroupingPolicy } from "./types.js";

export const POLICY_NAMES = ["random", "round-robin", "greedy", "greedy-penalty", "local-search", "local-search-nopenalty"] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** The policy registered under `name` (exhaustive: a new name fails to compile until it is handled here). */
export function makePolicy(name: PolicyName): GroupingPolicy {
  switch (name) {
    case "random":
      return randomPolicy;
    case "round-robin":
      return roundRobinPolicy;
    case "greedy":
      return makeGreedyPolicy({ usePenalty: false });
    case "greedy-penalty":
      return makeGreedyPolicy({ usePenalty: true });
    case "local-search":
      return makeLocalSearchPolicy({ usePenalty: true });
    case "local-search-nopenalty":
      return makeLocalSearchPolicy({ usePenalty: false });
    default: {
      const never: never = name;
      throw new RangeError(`unknown grouping policy ${String(never)}`);
    }
  }
}
