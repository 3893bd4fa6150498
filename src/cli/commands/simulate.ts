/**
 * `fedrec simulate`: the end-to-end federated simulation. Parses and validates options into a SimConfig,
 * runs the simulation (learned policy + oracle and random baselines on the same world), prints a summary
 * table on stderr or one JSON object on stdout, and writes rounds.jsonl and summary.json with --out.
 */
import { Command, Option } from "commander";
import { join } from "node:path";
import { DEFAULT_SIM_CONFIG, type SimConfig, type SimPolicy } from "../../sim/config.js";
import { runSimulation, type SimSummary } from "../../sim/run.js";
import { worldStats } from "../../sim/world/stats.js";
import { World } from "../../sim/world/world.js";
import { writeFilesAtomic } from "../../sim/io/atomic.js";
import { deriveRng } from "../../core/rng.js";
import type { NpyDtype } from "../../core/model/npy.js";
import { writeBundle } from "../../backend/bundle.js";
import { RUN_MODEL_DIR, simulationBundleFiles, type SimulationRun } from "../../backend/export.js";
import { POLICY_NAMES } from "../../core/groups/policies.js";
import type { Exploration } from "../../core/groups/types.js";
import { loadPairs } from "../../sim/io/group-inputs.js";
import { UsageError } from "../errors.js";
import { addHardeningOptions, hardeningErrors, hardeningFederation, type HardeningOptions } from "./simulate-hardening.js";
import { configDifferences, readCheckpoint, type Checkpoint } from "../../sim/checkpoint.js";
import { clientsPerRound, intAtLeast, intInRange, nonNegative, oneOf, positive, probability, unitInterval } from "../parse.js";
import type { FederationOptions } from "../../sim/deployments/options.js";
import { fmt, makePalette, makeProgress, renderTable, stderrIsInteractive } from "../render.js";

/** Largest --users: the world's per-user arrays and the pair histories must fit in memory. */
const MAX_USERS = 10_000_000;

const POLICIES: readonly SimPolicy[] = [...POLICY_NAMES, "oracle"];

/** The raw option values commander hands over after the single-flag parsers ran. */
interface SimulateOptions extends HardeningOptions {
  users: number;
  rounds: number;
  groupSize: number;
  factors: number;
  alpha: number;
  lambda: number;
  lr: number;
  policy: SimPolicy;
  repeatPenalty: number;
  repeatDecay: number;
  mutual: SimConfig["mutual"];
  trainSteps: number;
  candidates: number;
  feedback: SimConfig["feedbackSource"];
  feedbackScale: SimConfig["feedbackScale"];
  aggregate: SimConfig["aggregate"];
  seed: string;
  out?: string;
  export?: string;
  dtype: NpyDtype;
  json: boolean;
  baselines: boolean;
  worldStats: boolean;
  absence: number;
  neverAgain: number;
  blocked?: string;
  epsilon?: number;
  temperature?: number;
  ucbBonus?: number;
  searchPasses: number;
  deployment: FederationOptions["deployment"];
  transport: FederationOptions["transport"];
  payload: FederationOptions["payload"];
  clientsPerRound?: ReturnType<typeof clientsPerRound>;
  dropout: number;
  deadline?: number;
  clientState: FederationOptions["clientState"];
  threads: number;
  solver: SimConfig["compute"]["solver"];
  cgSteps: number;
  secureAgg: boolean;
  secureAggDegree: number;
  dpClip?: number;
  dpNoise?: number;
  dpDelta: number;
  attack: boolean;
  createMapping: boolean;
}

/** The exploration chosen by --epsilon, --temperature or --ucb-bonus (at most one). */
export function explorationOf(o: { epsilon?: number; temperature?: number; ucbBonus?: number }): Exploration {
  const chosen: Exploration[] = [];
  if (o.epsilon !== undefined && o.epsilon > 0) chosen.push({ kind: "epsilon", epsilon: o.epsilon });
  if (o.temperature !== undefined && o.temperature > 0) chosen.push({ kind: "softmax", temperature: o.temperature });
  if (o.ucbBonus !== undefined && o.ucbBonus > 0) chosen.push({ kind: "ucb", bonus: o.ucbBonus });
  if (chosen.length > 1) throw new UsageError("options '--epsilon', '--temperature' and '--ucb-bonus' are exclusive: choose one exploration");
  return chosen[0] ?? { kind: "none" };
}

/** Cross-field checks of the deployment flags (each failure pushed to `errors`); returns the typed federation options. */
function federationOptions(o: SimulateOptions, errors: string[]): FederationOptions {
  const federatedOnly: Array<[boolean, string]> = [
    [o.secureAgg, "--secure-agg"],
    [o.dpClip !== undefined || o.dpNoise !== undefined, "--dp-clip/--dp-noise"],
    [o.attack, "--attack"],
  ];
  for (const [on, flag] of federatedOnly) {
    if (on && o.deployment !== "federated") errors.push(`option '${flag}': only the federated deployment has per-client uploads (got --deployment ${o.deployment})`);
  }
  if ((o.dpClip === undefined) !== (o.dpNoise === undefined)) errors.push("option '--dp-clip <C>': differential privacy needs both --dp-clip and --dp-noise");
  if (o.secureAgg && o.payload === "f32") errors.push("option '--payload <format>': secure aggregation sends 48-bit ring elements; use f64 or json");
  if (!(o.dpDelta > 0 && o.dpDelta < 1)) errors.push(`option '--dp-delta <d>': expected a number in (0, 1), got ${o.dpDelta}`);
  errors.push(...hardeningErrors(o, o.users, o.deployment, o.secureAgg));
  return {
    deployment: o.deployment,
    transport: o.transport,
    payload: o.payload,
    sampling: o.clientsPerRound ?? { kind: "all" },
    dropout: o.dropout,
    deadline: o.deadline ?? null,
    clientState: o.clientState,
    secureAgg: o.secureAgg ? { degree: o.secureAggDegree } : null,
    dp: o.dpClip !== undefined && o.dpNoise !== undefined ? { clip: o.dpClip, noise: o.dpNoise, delta: o.dpDelta } : null,
    attack: o.attack,
    createMapping: o.createMapping,
    ...hardeningFederation(o),
  };
}

/**
 * Cross-field checks; returns the typed run configuration or throws ONE UsageError listing every failing
 * option ("option '--group-size <k>': …; option '--attack': …").
 */
export function validateSimulateOptions(o: SimulateOptions): SimConfig {
  const errors: string[] = [];
  if (o.groupSize > o.users) errors.push(`option '--group-size <k>': ${o.groupSize} is larger than --users (${o.users})`);
  if (o.candidates < 1) errors.push("option '--candidates <m>': expected at least 1");
  let exploration: Exploration = { kind: "none" };
  try {
    exploration = explorationOf(o);
  } catch (err) {
    errors.push((err as Error).message);
  }
  const federation = federationOptions(o, errors);
  if (errors.length > 0) throw new UsageError(errors.join("; "));
  return {
    ...DEFAULT_SIM_CONFIG,
    users: o.users,
    rounds: o.rounds,
    groupSize: o.groupSize,
    policy: o.policy,
    seed: o.seed,
    fcf: { ...DEFAULT_SIM_CONFIG.fcf, factors: o.factors, alpha: o.alpha, lambda: o.lambda, lr: o.lr },
    trainSteps: o.trainSteps,
    aggregate: o.aggregate,
    feedbackSource: o.feedback,
    feedbackScale: o.feedbackScale,
    repeatPenalty: o.repeatPenalty,
    repeatDecay: o.repeatDecay,
    mutual: o.mutual,
    candidates: Math.min(o.candidates, o.users - 1),
    neverAgainAfter: o.neverAgain,
    blockedPairs: o.blocked === undefined ? [] : loadBlocked(o.blocked, o.users),
    exploration,
    searchPasses: o.searchPasses,
    world: { ...DEFAULT_SIM_CONFIG.world, absence: o.absence },
    federation,
    compute: { threads: o.threads, solver: o.solver, cgSteps: o.cgSteps },
  };
}

function loadBlocked(file: string, users: number): Array<[number, number]> {
  try {
    return loadPairs(file, null, users);
  } catch (err) {
    throw new UsageError(`option '--blocked <file>': ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Renders the run summary as the human table. */
export function renderSummary(s: SimSummary): string {
  const c = makePalette();
  return renderTable(
    `fedrec simulate — ${s.users} users, ${s.rounds} rounds, groups of ${s.groupSize}, policy ${s.policy}, seed ${s.seed}`,
    [
      ["satisfaction", [
        ["mean per person-round", fmt(s.satisfaction.mean)],
        ["least misery (group min)", fmt(s.satisfaction.leastMisery)],
        ["vs oracle (cumulative)", fmt(s.satisfaction.vsOracle)],
        ["vs random (cumulative)", fmt(s.satisfaction.vsRandom)],
        ["fairness Gini", fmt(s.satisfaction.fairnessGini)],
      ]],
      ["diversity", [
        ["repeat-pair rate (cumulative)", fmt(s.diversity.repeatPairRate)],
        ["unique partners (normalised)", fmt(s.diversity.uniquePartnersMean)],
        ["partner-exposure Gini", fmt(s.diversity.exposureGini)],
        ["pair coverage", fmt(s.diversity.pairCoverage, 4)],
      ]],
      ["accuracy (next round's conversations)", [
        ["precision@10", fmt(s.accuracy.precisionAt10)],
        ["recall@10", fmt(s.accuracy.recallAt10)],
        ["NDCG@10", fmt(s.accuracy.ndcgAt10)],
        ["AUC", fmt(s.accuracy.auc)],
      ]],
      ...(s.privacy === null ? [] : [["privacy (" + s.privacy.deployment + ", " + s.privacy.transport + ")", [
        ["bytes up per client-round", fmt(s.privacy.bytesUpPerClientRound, 0)],
        ["bytes down per client-round", fmt(s.privacy.bytesDownPerClientRound, 0)],
        ["leakage-attack AUC", fmt(s.privacy.leakageAuc)],
        ["DP ε", fmt(s.privacy.dp?.epsilon ?? null)],
      ]] as [string, Array<[string, string]>]]),
      ["timing", [["seconds", fmt(s.timing.seconds, 2)]]],
    ],
    c,
  );
}

/** Reads the checkpoint of --resume and checks it was made with the same options. */
function loadResume(dir: string, config: SimConfig): Checkpoint {
  let cp: Checkpoint;
  try {
    cp = readCheckpoint(dir);
  } catch (err) {
    throw new UsageError(`option '--resume <dir>': ${(err as Error).message}`);
  }
  const diff = configDifferences(cp.config, config);
  if (diff.length > 0) throw new UsageError(`option '--resume <dir>': ${dir} was made with different options (${diff.join(", ")}); give the interrupted run's options`);
  return cp;
}

/** How the run is described in its model bundle: hyperparameters, source and headline figures. */
function exportedRun(s: SimSummary): SimulationRun {
  const c = s.config;
  return {
    hyper: c.fcf,
    extraHyper: { trainSteps: c.trainSteps, feedbackSource: c.feedbackSource, feedbackScale: c.feedbackScale, aggregate: c.aggregate },
    seed: c.seed,
    users: c.users,
    rounds: c.rounds,
    policy: c.policy,
    metrics: {
      satisfactionMean: s.satisfaction.mean,
      vsOracle: s.satisfaction.vsOracle,
      vsRandom: s.satisfaction.vsRandom,
      repeatPairRate: s.diversity.repeatPairRate,
      precisionAt10: s.accuracy.precisionAt10,
      ndcgAt10: s.accuracy.ndcgAt10,
      auc: s.accuracy.auc,
    },
  };
}

async function action(o: SimulateOptions): Promise<void> {
  const config = validateSimulateOptions(o);
  if (o.worldStats) {
    const stats = worldStats(new World(config.users, config.world, config.seed), deriveRng(config.seed, "world-stats"));
    if (o.json) process.stdout.write(JSON.stringify({ users: config.users, seed: config.seed, worldStats: stats }) + "\n");
    else {
      const c = makePalette();
      const rows: Array<[string, string]> = stats.map((st) => [st.name, `${fmt(st.value)}   target ${fmt(st.target)}   ${st.note}`]);
      process.stderr.write(renderTable(`world figures (${config.users} users, seed ${config.seed}) beside the real-data targets`, [["world", rows]], c));
    }
    return;
  }
  const resume = o.resume === undefined ? null : loadResume(o.resume, config);
  const progress = makeProgress(!o.json && stderrIsInteractive());
  const { summary, rounds, model } = await runSimulation(config, {
    baselines: o.baselines,
    checkpoint: o.checkpointEvery !== undefined && o.checkpointDir !== undefined ? { every: o.checkpointEvery, dir: o.checkpointDir } : null,
    resume,
    now: () => performance.now() / 1000,
    onRound: (run, record, total) => progress.update(run, record.round, total),
  });
  progress.stop();
  const created = new Date().toISOString();
  if (o.out !== undefined) {
    writeFilesAtomic(o.out, {
      "rounds.jsonl": rounds.map((r) => JSON.stringify(r)).join("\n") + "\n",
      "summary.json": JSON.stringify(summary, null, 2) + "\n",
    });
    // checkpoint of the final model (float64, with optimiser state) for `fedrec export-model --from <out>`
    if (model !== null) writeBundle(join(o.out, RUN_MODEL_DIR), simulationBundleFiles(model, exportedRun(summary), "f8", created));
  }
  if (o.export !== undefined) {
    if (model === null) throw new Error("--export: this run learned no model");
    writeBundle(o.export, simulationBundleFiles(model, exportedRun(summary), o.dtype, created));
  }
  if (o.json) process.stdout.write(JSON.stringify(summary) + "\n");
  else {
    process.stderr.write(renderSummary(summary));
    if (o.out !== undefined) process.stderr.write(`wrote ${join(o.out, "rounds.jsonl")}, ${join(o.out, "summary.json")} and ${join(o.out, RUN_MODEL_DIR)}/\n`);
    if (o.export !== undefined) process.stderr.write(`exported the model bundle to ${o.export}/\n`);
  }
}

/** Builds the `simulate` command. */
export function makeSimulateCommand(): Command {
  const d = DEFAULT_SIM_CONFIG;
  const cmd = new Command("simulate")
    .description(
      "Simulate federated users in conversation groups round after round: form groups with a policy, let the simulated world " +
        "produce messages, learn who likes whom with federated collaborative filtering (FCF), and report satisfaction, " +
        "diversity and accuracy. The oracle (true affinities) and random policies run on the same world and seed for the ratios.",
    )
    .addOption(new Option("--users <n>", "number of simulated users (devices), 2..10,000,000").argParser(intInRange(2, MAX_USERS)).default(d.users))
    .addOption(new Option("--rounds <n>", "rounds of grouping and conversation").argParser(intAtLeast(1)).default(d.rounds))
    .addOption(new Option("--group-size <k>", "target group size; groups have k or k+1 members").argParser(intAtLeast(2)).default(d.groupSize))
    .addOption(new Option("--policy <name>", "grouping policy: greedy-penalty (greedy on predicted mutual affinity minus the repetition penalty), greedy, local-search (greedy-penalty + swap/move local search), local-search-nopenalty, round-robin (zero-repeat schedules), random, oracle (local search on true affinities, reference only)").argParser(oneOf(POLICIES)).default(d.policy))
    .addOption(new Option("--repeat-penalty <w>", "λ_rep, weight of the repetition penalty c_eff² (greedy-penalty)").argParser(nonNegative).default(d.repeatPenalty))
    .addOption(new Option("--repeat-decay <g>", "γ in (0,1]: each round, earlier meetings count γ times less in the penalty").argParser(unitInterval).default(d.repeatDecay))
    .addOption(new Option("--mutual <agg>", "mutual score of a pair from the two directed scores: mean, min (least misery), harmonic").argParser(oneOf(["mean", "min", "harmonic"] as const)).default(d.mutual))
    .addOption(new Option("--absence <p>", "probability in [0, 1) that a user skips a round; absent users are not grouped").argParser(probability).default(d.world.absence))
    .addOption(new Option("--never-again <n>", "hard rule: pairs that met ≥ n times are never grouped again (0 = off)").argParser(intAtLeast(0)).default(d.neverAgainAfter))
    .addOption(new Option("--blocked <file>", "CSV of user-id pairs a,b (ids 0..users−1) never put in one group"))
    .addOption(new Option("--epsilon <e>", "ε-greedy exploration: each user explores with probability ε (its pairs get a random mutual score in [0, 1))").argParser(probability))
    .addOption(new Option("--temperature <t>", "softmax exploration: Gumbel noise of scale t on every pair weight").argParser(nonNegative))
    .addOption(new Option("--ucb-bonus <b>", "UCB-style novelty bonus b·√(ln(t+1)/(1 + meetings)) added to every pair weight").argParser(nonNegative))
    .addOption(new Option("--search-passes <n>", "local-search passes per round (local-search policies and the oracle)").argParser(intAtLeast(0)).default(d.searchPasses))
    .addOption(new Option("--factors <f>", "latent factors of the FCF model").argParser(intAtLeast(1)).default(d.fcf.factors))
    .addOption(new Option("--alpha <a>", "confidence slope: c = 1 + α·r").argParser(nonNegative).default(d.fcf.alpha))
    .addOption(new Option("--lambda <l>", "L2 regularisation λ (added once, on the master)").argParser(positive).default(d.fcf.lambda))
    .addOption(new Option("--lr <rate>", "Adam learning rate of the master model").argParser(positive).default(d.fcf.lr))
    .addOption(new Option("--train-steps <n>", "FCF iterations (client solves + one master Adam step each) after every round").argParser(intAtLeast(0)).default(d.trainSteps))
    .addOption(new Option("--candidates <m>", "length of the recommendation list each device publishes to the grouping engine").argParser(intAtLeast(1)).default(d.candidates))
    .addOption(new Option("--feedback <source>", "what counts as u's feedback on v: messages u sent to v, or all exchanged").argParser(oneOf(["sent", "exchanged"] as const)).default(d.feedbackSource))
    .addOption(new Option("--feedback-scale <scale>", "r = message count, or log(1 + count)").argParser(oneOf(["count", "log"] as const)).default(d.feedbackScale))
    .addOption(new Option("--aggregate <path>", "how the master's sum of uploads is computed in-process: factored (exact shortcut, DESIGN §2) or dense (every client's full upload)").argParser(oneOf(["factored", "dense"] as const)).default(d.aggregate))
    .addOption(new Option("--deployment <kind>", "federated (devices compute x_u, recommendations and uploads locally), online (server keeps ratings + mapping, computes server side), centralized (ALS on all data, baseline)").argParser(oneOf(["federated", "online", "centralized"] as const)).default(d.federation.deployment))
    .addOption(new Option("--transport <kind>", "in-process, or http (master on 127.0.0.1 at a free port, devices use fetch)").argParser(oneOf(["in-process", "http"] as const)).default(d.federation.transport))
    .addOption(new Option("--payload <format>", "wire format of model and uploads: json, f32 or f64 (binary little-endian)").argParser(oneOf(["json", "f32", "f64"] as const)).default(d.federation.payload))
    .addOption(new Option("--clients-per-round <n|fraction>", "clients sampled per master step: a count (integer ≥ 1) or a fraction in (0, 1]; default all").argParser(clientsPerRound))
    .addOption(new Option("--dropout <p>", "probability a sampled client is unavailable in a step (seeded)").argParser(probability).default(d.federation.dropout))
    .addOption(new Option("--deadline <t>", "round deadline in simulated time units; client latency ~ Exp(1), later replies are cut (stragglers)").argParser(positive))
    .addOption(new Option("--client-state <kind>", "stateless: x_u re-solved from every model; stateful: x_u kept until the device's data changes").argParser(oneOf(["stateless", "stateful"] as const)).default(d.federation.clientState))
    .addOption(new Option("--secure-agg", "secure aggregation: pairwise additive masks (seeded per pair, cancel in the sum); a round with a dropped participant fails and is retried with the survivors").default(false))
    .addOption(new Option("--secure-agg-degree <k>", "mask neighbours per client (Harary graph over the round's participants)").argParser(intAtLeast(2)).default(8))
    .addOption(new Option("--dp-clip <C>", "differential privacy: clip each client's upload to L2 norm C (with --dp-noise)").argParser(positive))
    .addOption(new Option("--dp-noise <z>", "differential privacy: add N(0, (z·C)²) per coordinate on the device").argParser(nonNegative))
    .addOption(new Option("--dp-delta <d>", "δ of the reported ε (RDP accountant, subsampled Gaussian)").argParser(positive).default(1e-5))
    .addOption(new Option("--attack", "run the honest-but-curious master's partner-inference attack on what it receives (leakageAuc)").default(false))
    .addOption(new Option("--no-create-mapping", "online: refuse ratings of users without a mapping (400) instead of creating it"))
    .addOption(new Option("--threads <n>", "threads for the client solves and the exact aggregate of the in-process federated fast path (the summary is identical for any count)").argParser(intAtLeast(1)).default(d.compute.threads))
    .addOption(new Option("--solver <kind>", "client solver of the federated fast path: cholesky (exact) or cg (--cg-steps warm-started conjugate-gradient steps, approximate)").argParser(oneOf(["cholesky", "cg"] as const)).default(d.compute.solver))
    .addOption(new Option("--cg-steps <n>", "conjugate-gradient steps per client solve with --solver cg").argParser(intAtLeast(1)).default(d.compute.cgSteps))
    .addOption(new Option("--seed <seed>", "run seed; every random choice derives from it").default(d.seed))
    .addOption(new Option("--out <dir>", "write rounds.jsonl (one line per round), summary.json and model/ (a float64 checkpoint bundle of the final model) to this directory"))
    .addOption(new Option("--export <bundle>", "export the final model as a bundle (manifest.json, item_factors.npy, mapping.json, optimizer/, dynamodb/)"))
    .addOption(new Option("--dtype <dtype>", "dtype of item_factors.npy in --export: f4 (<f4) or f8 (<f8)").argParser(oneOf(["f4", "f8"] as const)).default("f4"))
    .addOption(new Option("--json", "print exactly one JSON object (the summary) on stdout; no table, no progress").default(false))
    .addOption(new Option("--no-baselines", "skip the oracle and random runs (vsOracle and vsRandom become null)"))
    .addOption(new Option("--world-stats", "print the simulated world's own figures beside the real-data calibration targets, then stop").default(false))
    .addHelpText("after", "\nExamples:\n  fedrec simulate --users 1000\n  fedrec simulate --users 1000 --policy greedy --json\n  fedrec simulate --world-stats\n  fedrec simulate --users 500 --deployment federated --transport http --secure-agg --json\n  fedrec simulate --users 500 --dp-clip 1 --dp-noise 1 --attack\n")
    .action(action);
  return addHardeningOptions(cmd);
}
