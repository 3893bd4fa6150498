/**
 * Grouping benchmark: n users with top-m published lists (random low-rank scores, like a learned model),
 * groups of k, one round after `warm` recorded rounds of history. Times greedy and greedy + local search.
 * Usage: npx tsx bench/grouping.ts [n=100000] [k=4] [m=50] [passes=4]
 */
import { deriveRng, normal } from "../src/core/rng.js";
import { TopMScores } from "../src/core/groups/scores.js";
import { MeetingHistory } from "../src/core/groups/history.js";
import { makePolicy, type PolicyName } from "../src/core/groups/policies.js";
import { groupingObjective } from "../src/core/groups/objective.js";
import type { GroupingInput } from "../src/core/groups/types.js";
import { topK } from "../src/core/linalg/topk.js";

const [n, k, m, passes] = [Number(process.argv[2] ?? 100000), Number(process.argv[3] ?? 4), Number(process.argv[4] ?? 50), Number(process.argv[5] ?? 4)];
const f = 8;
const rng = deriveRng("bench", "scores");
const X = new Float64Array(n * f);
for (let t = 0; t < X.length; t++) X[t] = normal(rng);
const scores = new TopMScores(n, m);
// candidate lists: top-m over a pool of 1000 random users (building exact top-m over n would dominate the bench)
const pool = 1000;
const poolIds = new Int32Array(pool);
const poolSc = new Float64Array(pool);
const idx = new Int32Array(m);
const ids = new Int32Array(m);
const sc = new Float64Array(m);
const t0 = performance.now();
for (let u = 0; u < n; u++) {
  for (let p = 0; p < pool; p++) {
    let v = Math.floor(rng() * n);
    if (v === u) v = (v + 1) % n;
    poolIds[p] = v;
    let s = 0;
    for (let d = 0; d < f; d++) s += X[u * f + d] * X[v * f + d];
    poolSc[p] = s;
  }
  const c = topK(poolSc, m, idx, null, null);
  for (let t = 0; t < c; t++) {
    ids[t] = poolIds[idx[t]];
    sc[t] = poolSc[idx[t]];
  }
  scores.setUser(u, ids, sc, c, sc[c - 1]);
}
process.stderr.write(`built scores in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

const history = new MeetingHistory(n);
const present = Int32Array.from({ length: n }, (_, i) => i);
const input = (round: number, name: string): GroupingInput => ({
  round, present, groupSize: k, scores, history, repeatPenalty: 0.5, repeatDecay: 0.9, mutual: "mean",
  rng: deriveRng("bench", "policy", name, round), searchPasses: passes,
});
const rows: string[] = [];
for (let round = 1; round <= 3; round++) {
  for (const name of ["random", "greedy-penalty", "local-search"] as PolicyName[]) {
    const inp = input(round, name);
    const s = performance.now();
    const c0 = process.cpuUsage();
    const groups = makePolicy(name).formGroups(inp);
    const secs = (performance.now() - s) / 1000;
    const c1 = process.cpuUsage(c0);
    const cpu = (c1.user + c1.system) / 1e6;
    const obj = groupingObjective(groups, inp);
    rows.push(`round ${round}  ${name.padEnd(16)} ${secs.toFixed(2)} s (cpu ${cpu.toFixed(2)} s)  objective ${obj.total.toFixed(1)}  (affinity ${obj.affinity.toFixed(1)}, penalty ${obj.penalty.toFixed(1)})`);
    if (name === "local-search") history.record(round, groups);
  }
}
process.stdout.write(`n = ${n}, k = ${k}, m = ${m}, passes = ${passes}\n${rows.join("\n")}\n`);
