import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { axpy, choleskyInPlace, choleskySolve, dot, gram } from "../../src/core/linalg/kernels.js";
import { topK } from "../../src/core/linalg/topk.js";
import { makeRng, randInt } from "../../src/core/rng.js";
import { csrFromTriplets, csrTranspose, type Csr } from "../../src/core/sparse/csr.js";
import { maxRelErr, randn } from "./helpers.js";

const TOL = 1e-12;

describe("dense kernels against ml-matrix", () => {
  it("dot and axpy match ml-matrix products on offsets inside larger buffers", () => {
    const rng = makeRng("dot-axpy");
    for (const len of [1, 5, 17]) {
      const a = randn(rng, len + 7);
      const b = randn(rng, len + 3);
      const ref = new Matrix([Array.from(a.subarray(4, 4 + len))]).mmul(new Matrix([Array.from(b.subarray(2, 2 + len))]).transpose());
      expect(Math.abs(dot(a, 4, b, 2, len) - ref.get(0, 0))).toBeLessThan(TOL * (1 + Math.abs(ref.get(0, 0))));

      const y = randn(rng, len + 3);
      const expected = Matrix.rowVector(Array.from(y.subarray(1, 1 + len))).add(
        Matrix.rowVector(Array.from(a.subarray(4, 4 + len))).mul(-0.7),
      );
      const before0 = y[0];
      axpy(-0.7, a, 4, y, 1, len);
      expect(maxRelErr(y.subarray(1, 1 + len), expected.to1DArray(), 1)).toBeLessThan(TOL);
      expect(y[0]).toBe(before0);
    }
  });

  it("gram equals YᵀY from ml-matrix, including rows with zeros", () => {
    const rng = makeRng("gram");
    const rows = 23;
    const f = 6;
    const Y = randn(rng, rows * f);
    Y[5] = 0;
    Y[f * 3 + 2] = 0;
    const out = new Float64Array(f * f).fill(99);
    gram(Y, rows, f, out);
    const M = Matrix.from1DArray(rows, f, Array.from(Y));
    expect(maxRelErr(out, M.transpose().mmul(M).to1DArray(), 1)).toBeLessThan(TOL);
  });

  it("choleskyInPlace + choleskySolve solve an SPD system like ml-matrix's Cholesky", () => {
    const rng = makeRng("chol");
    for (const f of [1, 3, 8]) {
      const B = Matrix.from1DArray(f + 4, f, Array.from(randn(rng, (f + 4) * f)));
      const A = B.transpose().mmul(B).add(Matrix.eye(f).mul(0.1));
      const b = randn(rng, f);
      const ref = new CholeskyDecomposition(A);
      const L = new Float64Array(A.to1DArray());
      expect(choleskyInPlace(L, f)).toBe(true);
      const lower = new Float64Array(f * f);
      for (let i = 0; i < f; i++) for (let j = 0; j <= i; j++) lower[i * f + j] = L[i * f + j];
      expect(maxRelErr(lower, ref.lowerTriangularMatrix.to1DArray(), 1)).toBeLessThan(1e-10);
      const x = choleskySolve(L, f, b, new Float64Array(f));
      const xRef = ref.solve(Matrix.columnVector(Array.from(b))).to1DArray();
      expect(maxRelErr(x, xRef, 1)).toBeLessThan(1e-10);
      // aliasing b and out is allowed
      const bb = b.slice();
      choleskySolve(L, f, bb, bb);
      expect(maxRelErr(bb, xRef, 1)).toBeLessThan(1e-10);
    }
  });

  it("choleskyInPlace reports an indefinite matrix", () => {
    const A = new Float64Array([1, 2, 2, 1]);
    expect(choleskyInPlace(A, 2)).toBe(false);
  });
});

describe("topK against a full sort", () => {
  it("returns the k best (ties toward the smaller index), honouring skip", () => {
    const rng = makeRng("topk");
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + randInt(rng, 60);
      const k = randInt(rng, n + 3);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) scores[i] = randInt(rng, 12) / 4; // many ties
      const skipped = new Set<number>();
      for (let i = 0; i < n; i++) if (rng() < 0.2) skipped.add(i);
      const expected = Array.from({ length: n }, (_, i) => i)
        .filter((i) => !skipped.has(i))
        .sort((a, b) => scores[b] - scores[a] || a - b)
        .slice(0, k);
      const idx = new Int32Array(Math.max(k, 1));
      const sc = new Float64Array(Math.max(k, 1));
      const got = topK(scores, k, idx, sc, (i) => skipped.has(i));
      expect(got).toBe(expected.length);
      expect(Array.from(idx.subarray(0, got))).toEqual(expected);
      expect(Array.from(sc.subarray(0, got))).toEqual(expected.map((i) => scores[i]));
    }
  });
});

function toDense(m: Csr): number[][] {
  const d = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let r = 0; r < m.rows; r++) for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) d[r][m.indices[k]] += m.data[k];
  return d;
}

describe("CSR against a dense reference", () => {
  it("csrFromTriplets sums duplicates, sorts columns; csrTranspose is the dense transpose", () => {
    const rng = makeRng("csr");
    const rows = 9;
    const cols = 13;
    const ri: number[] = [];
    const ci: number[] = [];
    const vi: number[] = [];
    const dense = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
    for (let k = 0; k < 60; k++) {
      const r = randInt(rng, rows);
      const c = randInt(rng, cols);
      const v = 1 + randInt(rng, 5);
      ri.push(r);
      ci.push(c);
      vi.push(v);
      dense[r][c] += v;
    }
    const m = csrFromTriplets(rows, cols, ri, ci, vi);
    expect(toDense(m)).toEqual(dense);
    for (let r = 0; r < rows; r++) {
      for (let k = m.indptr[r] + 1; k < m.indptr[r + 1]; k++) expect(m.indices[k]).toBeGreaterThan(m.indices[k - 1]);
    }
    const t = csrTranspose(m);
    expect(t.rows).toBe(cols);
    expect(t.cols).toBe(rows);
    expect(toDense(t)).toEqual(new Matrix(dense).transpose().to2DArray());
    expect(() => csrFromTriplets(2, 2, [0], [2], [1])).toThrow(RangeError);
  });
});
