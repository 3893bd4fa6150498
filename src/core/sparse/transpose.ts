/**
 * The column index of a CSR matrix (a CSC view without copying the values): for column v, the rows that
 * hold an entry, ascending, and each entry's position k in the CSR arrays. It lets an item-major pass read
 * R's values while every item row is owned by exactly one task (no scattered writes, no shared sums).
 */
import type { Csr } from "./csr.js";

/** Rows and CSR positions of every column's entries: column v is slots colptr[v]..colptr[v+1). */
export interface ColumnIndex {
  readonly colptr: Int32Array;
  /** Row of each slot, ascending within a column. */
  readonly rowOf: Int32Array;
  /** Position k of each slot in R.indices / R.data. */
  readonly entryOf: Int32Array;
}

/** Allocates an Int32Array of n entries (in shared memory when the caller needs it). */
export type AllocInt = (n: number) => Int32Array;

/** Builds the column index of R by a counting sort over columns: O(nnz + cols), stable in row order. */
export function columnIndex(R: Csr, alloc: AllocInt = (n) => new Int32Array(n)): ColumnIndex {
  const { indptr, indices } = R;
  const nnz = indptr[R.rows];
  const colptr = alloc(R.cols + 1);
  for (let k = 0; k < nnz; k++) colptr[indices[k] + 1]++;
  for (let v = 0; v < R.cols; v++) colptr[v + 1] += colptr[v];
  const fill = colptr.slice(0, R.cols);
  const rowOf = alloc(nnz);
  const entryOf = alloc(nnz);
  for (let u = 0; u < R.rows; u++) {
    for (let k = indptr[u], end = indptr[u + 1]; k < end; k++) {
      const slot = fill[indices[k]]++;
      rowOf[slot] = u;
      entryOf[slot] = k;
    }
  }
  return { colptr, rowOf, entryOf };
}
