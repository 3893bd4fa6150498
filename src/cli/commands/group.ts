/**
 * `fedrec group`: the grouping engine as a standalone command for organisers with their own data. Reads
 * pairwise affinities (CSV i,j,w or a square matrix), an optional history of past groups and blocked
 * pairs; forms one round of groups with the same policies as `fedrec simulate`; writes id,group lines
 * (CSV or JSON lines) atomically and prints the objective, its parts and the time taken.
 */
import { Command, Option } from "commander";
import { MeetingHistory } from "../../core/groups/history.js";
import { groupingObjective } from "../../core/groups/objective.js";
import { PairSet } from "../../core/groups/pairset.js";
import { makePolicy, POLICY_NAMES, type PolicyName } from "../../core/groups/policies.js";
import { sizesForGroupCount, sizesWithinGroupBounds } from "../../core/groups/sizes.js";
import type { GroupingInput, MutualAggregate } from "../../core/groups/types.js";
import { deriveRng } from "../../core/rng.js";
import { writeFileAtomic } from "../../sim/io/atomic.js";
import { IdMap, loadAffinityCsv, loadHistory, loadMatrix, loadPairs, scoresFrom } from "../../sim/io/group-inputs.js";
import { loadMdgplib } from "../../sim/io/mdgplib.js";
import { UsageError } from "../errors.js";
import { intAtLeast, nonNegative, oneOf, positive, unitInterval } from "../parse.js";
import { fmt, makePalette, renderTable } from "../render.js";
import { explorationOf } from "./simulate.js";

interface GroupOptions {
  affinities?: string;
  matrix?: string;
  mdgplib?: string;
  symmetric: boolean;
  history?: string;
  blocked?: string;
  groupSize?: number;
  groups?: number;
  minSize?: number;
  maxSize?: number;
  policy: PolicyName;
  repeatPenalty: number;
  repeatDecay: number;
  mutual: MutualAggregate;
  neverAgain: number;
  passes: number;
  iterations?: number;
  timeLimit?: number;
  epsilon?: number;
  temperature?: number;
  ucbBonus?: number;
  seed: string;
  out?: string;
  format: "csv" | "json";
  json: boolean;
}

/** The result printed by --json. */
export interface GroupResult {
  users: number;
  groups: number;
  policy: string;
  round: number;
  objective: { total: number; affinity: number; penalty: number };
  seconds: number;
  out: string | null;
}

function fail(option: string, err: unknown): never {
  throw new UsageError(`option '${option}': ${err instanceof Error ? err.message : String(err)}`);
}

async function action(o: GroupOptions): Promise<void> {
  const start = performance.now();
  if ([o.affinities, o.matrix, o.mdgplib].filter((f) => f !== undefined).length !== 1) throw new UsageError("give exactly one of '--affinities <file>', '--matrix <file>' and '--mdgplib <file>'");
  if (o.mdgplib !== undefined && (o.groupSize ?? o.groups ?? o.minSize ?? o.maxSize) !== undefined) throw new UsageError("'--mdgplib' takes the number of groups and the size bounds from the file: drop '--group-size', '--groups', '--min-size', '--max-size'");
  const mdgp = o.mdgplib === undefined ? undefined : loadMdgplib(o.mdgplib);
  if (mdgp !== undefined) o.groups = mdgp.groups;
  if ((o.groupSize === undefined) === (o.groups === undefined)) throw new UsageError("give exactly one of '--group-size <k>' and '--groups <g>'");
  if (o.groups === undefined && (o.minSize !== undefined || o.maxSize !== undefined)) throw new UsageError("'--min-size' and '--max-size' go with '--groups <g>'");
  if (o.symmetric && o.affinities === undefined) throw new UsageError("'--symmetric' applies to '--affinities' (a matrix is read as given)");
  const data = mdgp !== undefined ? mdgp.data : o.affinities !== undefined ? loadAffinityCsv(o.affinities, o.symmetric, new IdMap()) : loadMatrix(o.matrix!);
  const ids = data.ids;
  const n = ids.ids.length;
  if (n < 2) throw new UsageError("the affinities name fewer than 2 users");
  const history = new MeetingHistory(n);
  let round = 1;
  if (o.history !== undefined) {
    for (const r of loadHistory(o.history, ids)) history.record(r.round, r.groups);
    round = 1 + Math.max(0, ...loadHistory(o.history, ids).map((r) => r.round));
  }
  const blocked = o.blocked === undefined ? undefined : PairSet.from(loadPairs(o.blocked, ids, n));
  let sizes: number[] | undefined;
  let bounds: [number, number] | undefined;
  let groupBounds: [number, number][] | undefined;
  // output label of result group t: the file's group index for MDGPLIB (groups are ordered by size for the engine)
  let labels: number[] | undefined;
  if (mdgp !== undefined) {
    // MDGP weights are distances (≥ 0): start from the sizes with the most within-group pairs
    const start = sizesWithinGroupBounds(n, mdgp.groupBounds, mdgp.data.weight.every((w) => w >= 0) ? "largest" : "even");
    labels = start.map((_, t) => t).sort((x, y) => start[y] - start[x] || x - y);
    sizes = labels.map((t) => start[t]);
    groupBounds = labels.map((t) => mdgp.groupBounds[t]);
  } else if (o.groups !== undefined) {
    const a = o.minSize ?? 1;
    const b = o.maxSize ?? n;
    try {
      sizes = sizesForGroupCount(n, o.groups, a, b);
    } catch (err) {
      fail("--groups <g>", err);
    }
    bounds = [a, b];
  } else if (o.groupSize! > n) throw new UsageError(`option '--group-size <k>': ${o.groupSize} is larger than the ${n} users`);
  if (sizes !== undefined && o.policy === "round-robin") throw new UsageError("round-robin takes '--group-size', not '--groups'");
  if ((o.iterations !== undefined || o.timeLimit !== undefined) && !o.policy.startsWith("local-search")) {
    throw new UsageError(`'--iterations' and '--time-limit' budget the local-search policies, not '${o.policy}'`);
  }
  const deadlineAt = o.timeLimit === undefined ? undefined : start + 1000 * o.timeLimit;
  const input: GroupingInput = {
    round,
    present: Int32Array.from({ length: n }, (_, i) => i),
    groupSize: o.groupSize ?? Math.max(2, Math.floor(n / o.groups!)),
    scores: scoresFrom(data, n),
    history,
    repeatPenalty: o.repeatPenalty,
    repeatDecay: o.repeatDecay,
    mutual: o.mutual,
    rng: deriveRng(o.seed, "policy", round),
    blocked,
    neverAgainAfter: o.neverAgain,
    sizes,
    sizeBounds: bounds,
    groupBounds,
    exploration: explorationOf(o),
    searchPasses: o.passes,
    searchIterations: o.iterations,
    deadline: deadlineAt === undefined ? undefined : () => performance.now() >= deadlineAt,
  };
  const groups = makePolicy(o.policy).formGroups(input);
  const objective = groupingObjective(groups, input);
  const lines: string[] = [];
  groups.forEach((g, t) => {
    const label = labels === undefined ? t : labels[t];
    for (const u of g) lines.push(o.format === "csv" ? `${csvField(ids.ids[u])},${label}` : JSON.stringify({ id: ids.ids[u], group: label }));
  });
  if (o.out !== undefined) writeFileAtomic(o.out, (o.format === "csv" ? "id,group\n" : "") + lines.join("\n") + "\n");
  const result: GroupResult = { users: n, groups: groups.length, policy: o.policy, round, objective, seconds: (performance.now() - start) / 1000, out: o.out ?? null };
  if (o.json) process.stdout.write(JSON.stringify(result) + "\n");
  else {
    if (o.out === undefined) process.stdout.write((o.format === "csv" ? "id,group\n" : "") + lines.join("\n") + "\n");
    const c = makePalette();
    process.stderr.write(renderTable(`fedrec group — ${n} users into ${groups.length} groups, policy ${o.policy}, round ${round}`, [
      ["objective", [["total", fmt(objective.total, 4)], ["affinity Σ m_ij", fmt(objective.affinity, 4)], ["repetition penalty Σ c_eff²", fmt(objective.penalty, 4)]]],
      ["timing", [["seconds (load + group)", fmt(result.seconds, 2)]]],
    ], c));
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Builds the `group` command. */
export function makeGroupCommand(): Command {
  return new Command("group")
    .description("Form one round of groups from your own data: pairwise affinities, optional past groups and blocked pairs. Same engine as `fedrec simulate`.")
    .addOption(new Option("--affinities <file>", "CSV i,j,w: how much i likes j (directed unless --symmetric); unlisted pairs score 0"))
    .addOption(new Option("--matrix <file>", "square matrix, row i column j = how much i likes j (ids are row numbers 0..n−1)"))
    .addOption(new Option("--mdgplib <file>", "an MDGPLIB instance (maximally diverse grouping: header \"M G ss|ds a_1 b_1 …\", then \"i j d\" lines): d as symmetric pair weights, G groups, group g's size kept in [a_g, b_g] and written as group g"))
    .addOption(new Option("--symmetric", "each CSV row i,j,w sets both directions").default(false))
    .addOption(new Option("--history <file>", "CSV round,group,member of past groups (penalised repeats; the new round is the last + 1)"))
    .addOption(new Option("--blocked <file>", "CSV a,b of id pairs never put in one group"))
    .addOption(new Option("--group-size <k>", "target group size: groups of k and k+1").argParser(intAtLeast(2)))
    .addOption(new Option("--groups <g>", "number of groups (sizes as equal as possible; moves keep --min-size/--max-size)").argParser(intAtLeast(1)))
    .addOption(new Option("--min-size <a>", "smallest group size with --groups").argParser(intAtLeast(1)))
    .addOption(new Option("--max-size <b>", "largest group size with --groups").argParser(intAtLeast(1)))
    .addOption(new Option("--policy <name>", "grouping policy").argParser(oneOf(POLICY_NAMES)).default("local-search"))
    .addOption(new Option("--repeat-penalty <w>", "λ_rep, weight of the repetition penalty c_eff²").argParser(nonNegative).default(0.5))
    .addOption(new Option("--repeat-decay <g>", "γ in (0,1]: recency decay of past meetings in the penalty").argParser(unitInterval).default(0.9))
    .addOption(new Option("--mutual <agg>", "mutual score from the two directed scores: mean, min, harmonic").argParser(oneOf(["mean", "min", "harmonic"] as const)).default("mean"))
    .addOption(new Option("--never-again <n>", "pairs that met ≥ n times in the history are never grouped (0 = off)").argParser(intAtLeast(0)).default(0))
    .addOption(new Option("--passes <n>", "local-search passes (iteration budget)").argParser(intAtLeast(0)).default(20))
    .addOption(new Option("--iterations <n>", "after the first descent, n steps of iterated tabu search (≤ 3,000 users: best non-tabu move or swap each step, kick from the best when stuck) or of iterated local search (more users); reproducible, unlike --time-limit").argParser(intAtLeast(0)))
    .addOption(new Option("--time-limit <s>", "wall-clock budget in seconds for the descent and then the iterated search (as --iterations) until it is spent; results then depend on the machine's speed").argParser(positive))
    .addOption(new Option("--epsilon <e>", "ε-greedy exploration").argParser(nonNegative))
    .addOption(new Option("--temperature <t>", "softmax exploration (Gumbel noise scale)").argParser(nonNegative))
    .addOption(new Option("--ucb-bonus <b>", "UCB-style novelty bonus").argParser(nonNegative))
    .addOption(new Option("--seed <seed>", "seed of the policy's random choices").default("1"))
    .addOption(new Option("--out <file>", "write the groups here (atomically) instead of stdout"))
    .addOption(new Option("--format <fmt>", "csv (id,group) or json (one {\"id\",\"group\"} object per line)").argParser(oneOf(["csv", "json"] as const)).default("csv"))
    .addOption(new Option("--json", "print one JSON object (objective, parts, time) on stdout; groups only go to --out").default(false))
    .addHelpText("after", "\nExamples:\n  fedrec group --affinities likes.csv --group-size 4 --out groups.csv\n  fedrec group --matrix w.txt --groups 10 --min-size 12 --max-size 14 --passes 50 --json --out g.csv\n  fedrec group --mdgplib RanInt_n120_ds_01.txt --time-limit 10 --json --out g.csv\n  fedrec group --mdgplib RanInt_n120_ds_01.txt --iterations 200000 --seed 2 --out g.csv   # reproducible\n")
    .action(action);
}
