/**
 * The random baseline: a uniformly random partition of the present users into `groupSizes` groups.
 */
import { shuffleInPlace } from "../rng.js";
import { groupSizes } from "./sizes.js";
import type { GroupingInput, GroupingPolicy, Groups } from "./types.js";

/** Shuffles the present users with input.rng (Fisher–Yates) and cuts them into consecutive groups. */
export const randomPolicy: GroupingPolicy = {
  name: "random",
  formGroups(input: GroupingInput): Groups {
    const order = Int32Array.from(input.present);
    shuffleInPlace(input.rng, order);
    const sizes = groupSizes(order.length, input.groupSize);
    const groups: Groups = [];
    let at = 0;
    for (const s of sizes) {
      groups.push(order.slice(at, at + s));
      at += s;
    }
    return groups;
  },
};
