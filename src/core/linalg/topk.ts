/**
 * Partial selection of the k best entries of a score vector, without sorting the whole vector:
 * a bounded min-heap of size k, O(n log k). Ties break toward the smaller index, so results are
 * deterministic.
 */

/** True when candidate (sa, ia) ranks above (sb, ib): higher score, then smaller index. */
function ranksAbove(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

/**
 * Writes into `outIdx` (and `outScore` when given) the indices of the k highest scores, best first.
 * Entries where `skip(i)` is true are ignored (e.g. the user itself, or already-seen items); pass
 * `null` to consider every index. Returns how many were written (< k when fewer candidates exist).
 */
export function topK(
  scores: Float64Array,
  k: number,
  outIdx: Int32Array,
  outScore: Float64Array | null,
  skip: ((i: number) => boolean) | null,
): number {
  const n = scores.length;
  let size = 0;
  // heap of indices, the worst-ranked kept entry at the root
  const heap = outIdx;
  // the root's score and index once the heap is full: most entries fail this test before anything else
  let rootS = -Infinity;
  let rootI = -1;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (size === k && !(s > rootS || (s === rootS && i < rootI))) continue;
    if (s !== s) continue; // NaN never ranks
    if (skip !== null && skip(i)) continue;
    if (size < k) {
      let c = size++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (ranksAbove(scores[heap[p]], heap[p], scores[heap[c]], heap[c])) {
          const t = heap[p];
          heap[p] = heap[c];
          heap[c] = t;
          c = p;
        } else break;
      }
    } else {
      if (k === 0) continue;
      heap[0] = i;
      siftDown(heap, size, scores, 0);
    }
    if (size === k && k > 0) {
      rootI = heap[0];
      rootS = scores[rootI];
    }
  }
  // heap-sort in place: repeatedly move the worst to the end
  for (let end = size - 1; end > 0; end--) {
    const t = heap[0];
    heap[0] = heap[end];
    heap[end] = t;
    siftDown(heap, end, scores, 0);
  }
  if (outScore !== null) for (let j = 0; j < size; j++) outScore[j] = scores[heap[j]];
  return size;
}

function siftDown(heap: Int32Array, size: number, scores: Float64Array, start: number): void {
  let c = start;
  for (;;) {
    const l = 2 * c + 1;
    const r = l + 1;
    let worst = c;
    if (l < size && ranksAbove(scores[heap[worst]], heap[worst], scores[heap[l]], heap[l])) worst = l;
    if (r < size && ranksAbove(scores[heap[worst]], heap[worst], scores[heap[r]], heap[r])) worst = r;
    if (worst === c) return;
    const t = heap[c];
    heap[c] = heap[worst];
    heap[worst] = t;
    c = worst;
  }
}
