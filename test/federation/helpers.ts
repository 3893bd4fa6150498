/** Small seeded configurations for the federation tests. */
import { DEFAULT_SIM_CONFIG, type SimConfig } from "../../src/sim/config.js";
import { DEFAULT_FEDERATION, type FederationOptions } from "../../src/sim/deployments/options.js";

/** A small simulation config with federation overrides. */
export function smallConfig(fed: Partial<FederationOptions>, extra: Partial<SimConfig> = {}): SimConfig {
  return { ...DEFAULT_SIM_CONFIG, users: 40, rounds: 3, trainSteps: 2, candidates: 10, seed: "fed", ...extra, federation: { ...DEFAULT_FEDERATION, ...fed } };
}
