/**
 * Compressed sparse row matrices: the interaction data of FCF (rows = users, columns = items or partners).
 * Row u's entries are indices[indptr[u]..indptr[u+1]) with values data[…], columns sorted ascending.
 */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/**
 * Builds a CSR matrix from (row, col, value) triplets. Duplicate (row, col) entries are summed,
 * columns are sorted within each row. Throws on an index outside the shape.
 */
export function csrFromTriplets(
  rows: number,
  cols: number,
  rowIdx: ArrayLike<number>,
  colIdx: ArrayLike<number>,
  values: ArrayLike<number>,
): Csr {
  const nnzIn = rowIdx.length;
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < nnzIn; k++) {
    const r = rowIdx[k];
    const c = colIdx[k];
    if (r < 0 || r >= rows || c < 0 || c >= cols || !Number.isInteger(r) || !Number.isInteger(c)) {
      throw new RangeError(`triplet ${k}: (${r}, ${c}) outside a ${rows}×${cols} matrix`);
    }
    counts[r + 1]++;
  }
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const order = new Int32Array(nnzIn);
  const fill = counts.slice(0, rows);
  for (let k = 0; k < nnzIn; k++) order[fill[rowIdx[k]]++] = k;
  const indptr = new Int32Array(rows + 1);
  const tmpIdx = new Int32Array(nnzIn);
  const tmpVal = new Float64Array(nnzIn);
  let nnz = 0;
  for (let r = 0; r < rows; r++) {
    const start = counts[r];
    const end = counts[r + 1];
    const seg = Array.from(order.subarray(start, end)).sort((a, b) => colIdx[a] - colIdx[b]);
    let last = -1;
    for (const k of seg) {
      const c = colIdx[k];
      if (c === last) tmpVal[nnz - 1] += values[k];
      else {
        tmpIdx[nnz] = c;
        tmpVal[nnz] = values[k];
        nnz++;
        last = c;
      }
    }
    indptr[r + 1] = nnz;
  }
  return { rows, cols, indptr, indices: tmpIdx.slice(0, nnz), data: tmpVal.slice(0, nnz) };
}

/** The transpose of a CSR matrix (CSR of the columns), in O(nnz). */
export function csrTranspose(m: Csr): Csr {
  const indptr = new Int32Array(m.cols + 1);
  const nnz = m.indptr[m.rows];
  for (let k = 0; k < nnz; k++) indptr[m.indices[k] + 1]++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1] += indptr[c];
  const fill = indptr.slice(0, m.cols);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const p = fill[m.indices[k]]++;
      indices[p] = r;
      data[p] = m.data[k];
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, data };
}
