/**
 * Partial selection of the k best entries of a score vector, without sorting the whole vector:
 * a bounded min-heap of size k, O(n log k). Ties break toward the smaller index, so results are
 * deterministic.
 */

/** The heap's scores beside its indices (grown as needed): sifts compare without indirect loads. */
let heapScores = new Float64Array(64);

/** True when candidate (sa, ia) ranks above (sb, ib): higher score, then smaller index. */
function ranksAbove(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

/**
 * Writes into `outIdx` (and `outScore` when given) the indices of the k highest scores, best first.
 * Entries where `skip(i)` is true are ignored (e.g. the user itself, or already-seen items); pass
 * `null` to consider every index. Returns how many were written (< k when fewer candidates exist).
 * Once the heap is full, an entry is first compared with the heap's worst (cached), which rejects most
 * entries before `skip` is even called.
 */
export function topK(
  scores: Float64Array,
  k: number,
  outIdx: Int32Array,
  outScore: Float64Array | null,
  skip: ((i: number) => boolean) | null,
): number {
  const n = scores.length;
  if (k <= 0) return 0;
  if (heapScores.length < k) heapScores = new Float64Array(2 * k);
  const hs = heapScores;
  const heap = outIdx;
  let size = 0;
  // heap of (score, index), the worst-ranked kept entry at the root
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (size === k && !(s > hs[0] || (s === hs[0] && i < heap[0]))) continue;
    if (s !== s) continue; // NaN never ranks
    if (skip !== null && skip(i)) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!ranksAbove(hs[p], heap[p], s, i)) break;
        hs[c] = hs[p];
        heap[c] = heap[p];
        c = p;
      }
      hs[c] = s;
      heap[c] = i;
    } else {
      siftDown(heap, hs, size, s, i);
    }
  }
  // heap-sort in place: repeatedly move the worst to the end
  for (let end = size - 1; end > 0; end--) {
    const ti = heap[end];
    const ts = hs[end];
    heap[end] = heap[0];
    hs[end] = hs[0];
    siftDown(heap, hs, end, ts, ti);
  }
  if (outScore !== null) for (let j = 0; j < size; j++) outScore[j] = hs[j];
  return size;
}

/** Places (s, i) at the root of the heap of `size` entries and sifts it down to its place. */
function siftDown(heap: Int32Array, hs: Float64Array, size: number, s: number, i: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    const r = l + 1;
    // the worse-ranked child
    let w = l;
    if (r < size && ranksAbove(hs[l], heap[l], hs[r], heap[r])) w = r;
    if (!ranksAbove(s, i, hs[w], heap[w])) break;
    hs[c] = hs[w];
    heap[c] = heap[w];
    c = w;
  }
  hs[c] = s;
  heap[c] = i;
}
