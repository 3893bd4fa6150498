/**
 * Dense linear-algebra kernels on flat, row-major Float64Array buffers. No allocation: every output
 * buffer is passed in. These are the hot loops of FCF; ml-matrix is the reference they are tested against.
 */

/**
 * Storage of the factor matrices X, Y and Adam's moments in the round engine: Float64 by default, or
 * Float32 (half the memory; every value is read into a double and all arithmetic stays in double).
 */
export type FactorArray = Float64Array | Float32Array;

/** Dot product of a[aOff..aOff+len) and b[bOff..bOff+len). */
export function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[aOff + i] * b[bOff + i];
  return s;
}

/** y[yOff..] += alpha · x[xOff..] over len entries (BLAS axpy). */
export function axpy(alpha: number, x: Float64Array, xOff: number, y: Float64Array, yOff: number, len: number): void {
  for (let i = 0; i < len; i++) y[yOff + i] += alpha * x[xOff + i];
}

/**
 * Gram matrix out = YᵀY (f×f, symmetric, full storage) for Y with `rows` rows of width f.
 * Accumulates row by row (rank-1 updates on the upper triangle), then mirrors.
 */
export function gram(Y: Float64Array, rows: number, f: number, out: Float64Array): Float64Array {
  out.fill(0, 0, f * f);
  for (let r = 0; r < rows; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a];
      if (ya === 0) continue;
      const rowA = a * f;
      for (let b = a; b < f; b++) out[rowA + b] += ya * Y[o + b];
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) out[a * f + b] = out[b * f + a];
  return out;
}

/**
 * In-place Cholesky factorisation A = LLᵀ of a small symmetric positive-definite f×f matrix.
 * The lower triangle of A is overwritten with L (the upper triangle is left untouched).
 * Returns false when A is not positive definite (a non-positive pivot).
 * Left-looking, two columns (j, j+1) per pass and two rows per inner pass: each 2×2 block
 * L[i..i+1, j..j+1] = (A − Σ_{k<j} L[i,k]·L[j,k]) is formed with four independent sums from four loads,
 * then column j+1 subtracts its k = j term L[i,j]·L[j+1,j].
 */
export function choleskyInPlace(A: Float64Array, f: number): boolean {
  let j = 0;
  for (; j + 1 < f; j += 2) {
    const rj = j * f;
    const rj1 = rj + f;
    const d0 = A[rj + j] - dotSplit(A, rj, A, rj, j);
    if (!(d0 > 0)) return false;
    const l00 = Math.sqrt(d0);
    A[rj + j] = l00;
    const inv0 = 1 / l00;
    const l10 = (A[rj1 + j] - dotSplit(A, rj1, A, rj, j)) * inv0;
    A[rj1 + j] = l10;
    const d1 = A[rj1 + j + 1] - dotSplit(A, rj1, A, rj1, j + 1);
    if (!(d1 > 0)) return false;
    const l11 = Math.sqrt(d1);
    A[rj1 + j + 1] = l11;
    const inv1 = 1 / l11;
    let i = j + 2;
    for (; i + 1 < f; i += 2) {
      const ri = i * f;
      const ri2 = ri + f;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let k = 0; k < j; k++) {
        const a0 = A[ri + k];
        const a1 = A[ri2 + k];
        const b0 = A[rj + k];
        const b1 = A[rj1 + k];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
      }
      const li0 = (A[ri + j] - s00) * inv0;
      const li20 = (A[ri2 + j] - s10) * inv0;
      A[ri + j] = li0;
      A[ri2 + j] = li20;
      A[ri + j + 1] = (A[ri + j + 1] - s01 - li0 * l10) * inv1;
      A[ri2 + j + 1] = (A[ri2 + j + 1] - s11 - li20 * l10) * inv1;
    }
    if (i < f) {
      const ri = i * f;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < j; k++) {
        const a0 = A[ri + k];
        s0 += a0 * A[rj + k];
        s1 += a0 * A[rj1 + k];
      }
      const li0 = (A[ri + j] - s0) * inv0;
      A[ri + j] = li0;
      A[ri + j + 1] = (A[ri + j + 1] - s1 - li0 * l10) * inv1;
    }
  }
  if (j < f) {
    const rj = j * f;
    const d = A[rj + j] - dotSplit(A, rj, A, rj, j);
    if (!(d > 0)) return false;
    A[rj + j] = Math.sqrt(d);
  }
  return true;
}

/** Σ_{k<len} a[aOff+k]·b[bOff+k] with four partial sums (a single running sum waits on every add). */
export function dotSplit(a: Float64Array, aOff: number, b: Float64Array, bOff: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[aOff + k] * b[bOff + k];
    s1 += a[aOff + k + 1] * b[bOff + k + 1];
    s2 += a[aOff + k + 2] * b[bOff + k + 2];
    s3 += a[aOff + k + 3] * b[bOff + k + 3];
  }
  for (; k < len; k++) s0 += a[aOff + k] * b[bOff + k];
  return s0 + s1 + (s2 + s3);
}

/**
 * Solves LLᵀx = b given the Cholesky factor L (lower triangle of `L`), writing x into `out`
 * (which may alias b). Forward then backward substitution, each sum split in two partial sums
 * (a single running sum waits on every add), dividing by the pivots as multiplications by 1/L[i,i].
 */
export function choleskySolve(L: Float64Array, f: number, b: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < f; i++) {
    const ri = i * f;
    const inv = 1 / L[ri + i]; // off the substitution's dependency chain: the chain only multiplies
    let s0 = 0;
    let s1 = 0;
    let k = 0;
    for (; k + 1 < i; k += 2) {
      s0 += L[ri + k] * out[k];
      s1 += L[ri + k + 1] * out[k + 1];
    }
    if (k < i) s0 += L[ri + k] * out[k];
    out[i] = (b[i] - (s0 + s1)) * inv;
  }
  for (let i = f - 1; i >= 0; i--) {
    const inv = 1 / L[i * f + i];
    let s0 = 0;
    let s1 = 0;
    let k = i + 1;
    for (; k + 1 < f; k += 2) {
      s0 += L[k * f + i] * out[k];
      s1 += L[k * f + f + i] * out[k + 1];
    }
    if (k < f) s0 += L[k * f + i] * out[k];
    out[i] = (out[i] - (s0 + s1)) * inv;
  }
  return out;
}

/**
 * Loads one entry per 64-byte cache line of each listed row M[idx[j]·f .. idx[j]·f + f), j ∈ [lo, hi), and
 * returns their sum (the caller keeps it in a scratch field so the loads are not dropped). Why: a gather
 * that copies whole rows issues so many instructions per row that the processor keeps only a couple of
 * rows' cache misses in flight at once; this cheap pass puts all of them in flight together, so the copy
 * that follows hits the cache (3× faster gathers of random rows at 1M users).
 */
export function touchRows(M: FactorArray, f: number, idx: Int32Array, lo: number, hi: number): number {
  let s = 0;
  for (let j = lo; j < hi; j++) {
    const o = idx[j] * f;
    for (let a = 0; a < f; a += 8) s += M[o + a];
    s += M[o + f - 1];
  }
  return s;
}
