/** The area under the ROC curve of binary labels from scores (Mann–Whitney U), for pooled held-out pairs. */

/**
 * AUC = P(score of a positive > score of a negative), ties counted ½: ranks of the pooled scores (average
 * ranks on ties), AUC = (Σ ranks of positives − P(P+1)/2) / (P·N). NaN when either class is empty.
 */
export function binaryAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avg = (i + j + 2) / 2;
    for (let q = i; q <= j; q++) if (labels[order[q]] > 0) { pos++; rankSum += avg; }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
