/** Where a data set is and how to read and split it — recorded in model bundles so a split can be rebuilt. */
import type { DataFormat } from "./formats.js";
import type { FeedbackRule } from "./interactions.js";
import type { SplitSpec } from "../eval/split.js";

/** Where the data is and how to read it, as recorded in a saved model so evaluate can rebuild the split. */
export interface DataSpec {
  path: string;
  format: Exclude<DataFormat, "speed-dating">;
  skipBadRows: boolean;
  feedback: FeedbackRule;
  split: SplitSpec;
}
