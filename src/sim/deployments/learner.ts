/**
 * What the simulation loop needs from a deployment (federated, online, centralized): deliver each device
 * its view, learn after a round, publish recommendation lists, and report privacy and bandwidth.
 */
import type { AffinityScores } from "../../core/groups/types.js";
import type { ClientView } from "../client-view.js";
import type { PrivacySummary } from "./options.js";
import type { FcfState } from "../../core/fcf/train.js";

export interface Learner {
  /** The master model Y with its optimiser state (what `--export` writes); X stays with its owners. */
  readonly state: FcfState;
  /** Each device receives its own view (and, in the online/centralized deployments, sends it to the server). */
  deliver(views: readonly ClientView[]): Promise<void>;
  /** Learning after simulation round `round`: `steps` master steps (or ALS iterations). */
  train(round: number, steps: number): Promise<void>;
  /** Each user's published top-M recommendation list, as the grouping engine reads it. */
  publishScores(): Promise<AffinityScores>;
  /** The model's score of every partner for u (measurement only: reads u's factor where it lives). */
  scoreUser(u: number, out: Float64Array): void;
  /** Every user's top-k list (exposure metrics). */
  recommendationLists(k: number): Int32Array[];
  /** Privacy and bandwidth figures after `rounds` simulation rounds. */
  privacy(rounds: number): PrivacySummary;
  /** Releases sockets and servers. */
  close(): Promise<void>;
}
