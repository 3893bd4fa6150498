import { describe, it, expect } from "vitest";
import { CandidateGraph } from "../../src/core/groups/graph.js";
import { PairWeights } from "../../src/core/groups/weights.js";
import { TopMScores, DenseScores } from "../../src/core/groups/scores.js";
import { MeetingHistory } from "../../src/core/groups/history.js";
import { PairSet } from "../../src/core/groups/pairset.js";
import { makeRng, randInt } from "../../src/core/rng.js";
import type { AffinityScores, Exploration, GroupingInput, MutualAggregate } from "../../src/core/groups/types.js";

/** Random top-m lists (ids drawn at random, scores descending) for n users. */
function randomTopM(n: number, m: number, seed: number): TopMScores {
  const rng = makeRng(seed);
  const s = new TopMScores(n, m);
  for (let u = 0; u < n; u++) {
    const ids = new Int32Array(m);
    const sc = new Float64Array(m);
    const used = new Set<number>([u]);
    for (let t = 0; t < m; t++) {
      let v = randInt(rng, n);
      while (used.has(v)) v = randInt(rng, n);
      used.add(v);
      ids[t] = v;
      sc[t] = 1 - t / m + 0.01 * rng();
    }
    s.setUser(u, ids, sc, m, sc[m - 1] - 0.05);
  }
  return s;
}

function historyOf(n: number, rounds: number, seed: number): MeetingHistory {
  const rng = makeRng(seed);
  const h = new MeetingHistory(n);
  for (let r = 1; r <= rounds; r++) {
    const perm = Array.from({ length: n }, (_, i) => i).sort(() => rng() - 0.5);
    const groups = [];
    for (let g = 0; g + 4 <= n; g += 4) groups.push(Int32Array.from(perm.slice(g, g + 4)));
    h.record(r, groups);
  }
  return h;
}

describe("candidate graph", () => {
  const n = 120;
  const cases: Array<{ name: string; exploration: Exploration; mutual: MutualAggregate; lambda: number; neverAgain: number }> = [
    { name: "plain mean, penalty", exploration: { kind: "none" }, mutual: "mean", lambda: 2, neverAgain: 0 },
    { name: "harmonic, never-again 2", exploration: { kind: "none" }, mutual: "harmonic", lambda: 0.5, neverAgain: 2 },
    { name: "min, ε-greedy", exploration: { kind: "epsilon", epsilon: 0.3 }, mutual: "min", lambda: 1, neverAgain: 0 },
    { name: "softmax", exploration: { kind: "softmax", temperature: 0.2 }, mutual: "mean", lambda: 1, neverAgain: 0 },
    { name: "UCB", exploration: { kind: "ucb", bonus: 0.5 }, mutual: "mean", lambda: 0, neverAgain: 3 },
  ];
  for (const c of cases) {
    for (const [label, scores] of [["top-m lists", randomTopM(n, 10, 3)], ["dense", new DenseScores(n, Float64Array.from({ length: n * n }, (_, t) => ((t * 7919) % 1000) / 1000))]] as Array<[string, AffinityScores]>) {
      it(`gives exactly PairWeights.weight for every pair (${c.name}, ${label}, absent users and blocked pairs)`, () => {
        const present = Int32Array.from({ length: n }, (_, i) => i).filter((u) => u % 7 !== 3);
        const input: GroupingInput = {
          round: 9, present, groupSize: 4, scores, history: historyOf(n, 8, 5), repeatPenalty: c.lambda, repeatDecay: 0.8, mutual: c.mutual,
          rng: makeRng("g"), blocked: PairSet.from([[1, 2], [5, 9], [10, 11]]), neverAgainAfter: c.neverAgain, exploration: c.exploration,
        };
        const reference = new PairWeights({ ...input, rng: makeRng("g") }, c.lambda);
        const graph = new CandidateGraph(input, new PairWeights({ ...input, rng: makeRng("g") }, c.lambda));
        for (const i of present) {
          for (const j of present) {
            if (i === j) continue;
            expect(graph.weight(i, j)).toBe(reference.weight(i, j));
          }
          expect(graph.maxWeight[i]).toBeGreaterThanOrEqual(Math.max(...Array.from(present).filter((j) => j !== i).map((j) => reference.weight(i, j))));
        }
      });
    }
  }

  it("holds every listed pair and every past pair as an edge, rows sorted and symmetric", () => {
    const scores = randomTopM(n, 8, 11);
    const history = historyOf(n, 5, 2);
    const present = Int32Array.from({ length: n }, (_, i) => i);
    const input: GroupingInput = { round: 6, present, groupSize: 4, scores, history, repeatPenalty: 1, repeatDecay: 0.9, mutual: "mean", rng: makeRng(1) };
    const g = new CandidateGraph(input, new PairWeights(input, 1));
    for (let u = 0; u < n; u++) {
      for (let p = g.rowStart[u] + 1; p < g.rowStart[u + 1]; p++) expect(g.col[p]).toBeGreaterThan(g.col[p - 1]);
      for (let p = g.rowStart[u]; p < g.rowStart[u + 1]; p++) expect(g.find(g.col[p], u)).toBeGreaterThanOrEqual(0);
      for (const v of scores.candidates(u)) expect(g.find(u, v)).toBeGreaterThanOrEqual(0);
      for (let v = 0; v < n; v++) if (v !== u && history.count(u, v) > 0) expect(g.find(u, v)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("candidate graph lookups on skewed rows", () => {
  it("find and edgeWeight agree with a linear scan of the row for every id, when rows cluster at one end", () => {
    const n = 400;
    const rng = makeRng(21);
    const s = new TopMScores(n, 12);
    for (let u = 0; u < n; u++) {
      // ids bunched near 0 or near n−1 (the interpolated start is then far from the answer)
      const lowEnd = u % 2 === 0;
      const ids = new Int32Array(12);
      const sc = new Float64Array(12);
      const used = new Set<number>([u]);
      for (let t = 0; t < 12; t++) {
        let v = lowEnd ? randInt(rng, 30) : n - 1 - randInt(rng, 30);
        while (used.has(v)) v = (v + 1) % n;
        used.add(v);
        ids[t] = v;
        sc[t] = 1 - t / 12;
      }
      s.setUser(u, ids, sc, 12, 0.01);
    }
    const present = Int32Array.from({ length: n }, (_, i) => i);
    const input: GroupingInput = { round: 1, present, groupSize: 4, scores: s, history: new MeetingHistory(n), repeatPenalty: 0, repeatDecay: 0.9, mutual: "mean", rng: makeRng(1) };
    const g = new CandidateGraph(input, new PairWeights(input, 0));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let at = -1;
        for (let p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) if (g.col[p] === j) at = p;
        expect(g.find(i, j)).toBe(at);
        if (at >= 0) expect(g.edgeWeight(i, j)).toBe(g.w[at]);
        else expect(g.edgeWeight(i, j)).toBeNaN();
      }
    }
  });
});
