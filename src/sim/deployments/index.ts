/** Creates the learner of a simulation for its deployment (federated, online, centralized). */
import type { SimConfig } from "../config.js";
import { FederatedDeployment } from "./federated.js";
import type { Learner } from "./learner.js";
import { ServerDeployment } from "./server.js";

/** The deployment's learner, with its transport started. */
export async function createLearner(config: SimConfig): Promise<Learner> {
  return config.federation.deployment === "federated" ? FederatedDeployment.create(config, config.federation) : ServerDeployment.create(config, config.federation);
}
