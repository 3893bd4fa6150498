/**
 * The random baseline: a uniformly random partition of the present users into `groupSizes` groups.
 */
import { shuffleInPlace } from "../rng.js";
import { targetSizes } from "./sizes.js";
import { repairForbidden } from "./local-search.js";
import { PairWeights } from "./weights.js";
import type { GroupingInput, GroupingPolicy, Groups } from "./types.js";

/** Shuffles the present users with input.rng (Fisher–Yates) and cuts them into consecutive groups; blocked
 * and never-again pairs are then separated by swaps (repairForbidden). */
export const randomPolicy: GroupingPolicy = {
  name: "random",
  formGroups(input: GroupingInput): Groups {
    const order = Int32Array.from(input.present);
    shuffleInPlace(input.rng, order);
    const sizes = targetSizes(input);
    const groups: Groups = [];
    let at = 0;
    for (const s of sizes) {
      groups.push(order.slice(at, at + s));
      at += s;
    }
    return repairForbidden(groups, input, new PairWeights({ ...input, exploration: { kind: "none" } }, 0));
  },
};
