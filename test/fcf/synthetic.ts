/** Seeded synthetic implicit-feedback data for the FCF tests: low-rank affinity + noise, counts as feedback. */
import { makeRng, negativeBinomial, normal, shuffleInPlace, type Rng } from "../../src/core/rng.js";
import { csrFromTriplets, type Csr } from "../../src/core/sparse/csr.js";

export interface Synthetic {
  train: Csr;
  test: Csr;
}

/**
 * users×items data: affinity s_uv = u_uᵀv_v (rank `rank`, N(0,1) entries) + N(0, noise²); pair observed
 * when s_uv exceeds the (1 − density) quantile; feedback = 1 + NB count growing with s_uv. Each user's
 * observed items are split 80/20 (seeded) into train and test.
 */
export function synthetic(users: number, items: number, rank: number, density: number, noise: number, seed: string): Synthetic {
  const rng: Rng = makeRng(seed);
  const U = Array.from({ length: users * rank }, () => normal(rng));
  const V = Array.from({ length: items * rank }, () => normal(rng));
  const s = new Float64Array(users * items);
  for (let u = 0; u < users; u++) {
    for (let v = 0; v < items; v++) {
      let a = 0;
      for (let k = 0; k < rank; k++) a += U[u * rank + k] * V[v * rank + k];
      s[u * items + v] = a + noise * normal(rng);
    }
  }
  const sorted = Array.from(s).sort((a, b) => a - b);
  const cut = sorted[Math.floor((1 - density) * sorted.length)];
  const tr: [number[], number[], number[]] = [[], [], []];
  const te: [number[], number[], number[]] = [[], [], []];
  for (let u = 0; u < users; u++) {
    const obs: number[] = [];
    for (let v = 0; v < items; v++) if (s[u * items + v] >= cut) obs.push(v);
    shuffleInPlace(rng, obs);
    const nTest = Math.floor(obs.length * 0.2);
    obs.forEach((v, j) => {
      const r = 1 + negativeBinomial(rng, Math.exp(0.5 * (s[u * items + v] - cut)), 2);
      const dst = j < nTest ? te : tr;
      dst[0].push(u);
      dst[1].push(v);
      dst[2].push(r);
    });
  }
  return {
    train: csrFromTriplets(users, items, tr[0], tr[1], tr[2]),
    test: csrFromTriplets(users, items, te[0], te[1], te[2]),
  };
}

/** Random sparse users×items data with integer feedback 1..maxR at the given density (for exactness tests). */
export function randomSparse(users: number, items: number, density: number, maxR: number, rng: Rng): Csr {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let v = 0; v < items; v++) {
      if (rng() < density) {
        rows.push(u);
        cols.push(v);
        vals.push(1 + Math.floor(rng() * maxR));
      }
    }
  }
  return csrFromTriplets(users, items, rows, cols, vals);
}
