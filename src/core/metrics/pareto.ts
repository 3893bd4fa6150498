/**
 * The Pareto front of points scored on two objectives: a cost to minimise (e.g. the repeat-pair rate) and
 * a value to maximise (e.g. cumulative satisfaction). Used by `fedrec sweep` to draw the trade-off.
 */

/**
 * Indices of the non-dominated points. Point p dominates q when cost_p ≤ cost_q and value_p ≥ value_q with
 * at least one strict; a point is on the front when no point dominates it (equal points are all kept).
 * O(N log N): sort by cost ascending (value descending on ties) and keep each point whose value is at least
 * the best value seen at a strictly smaller cost, or ties the best of its own cost group. Points with a
 * NaN coordinate are never on the front. Returns indices in ascending cost order.
 */
export function paretoFront(cost: ArrayLike<number>, value: ArrayLike<number>): number[] {
  if (cost.length !== value.length) throw new RangeError(`cost has ${cost.length} points, value ${value.length}`);
  const idx: number[] = [];
  for (let i = 0; i < cost.length; i++) if (cost[i] === cost[i] && value[i] === value[i]) idx.push(i);
  idx.sort((a, b) => cost[a] - cost[b] || value[b] - value[a] || a - b);
  const front: number[] = [];
  let bestBefore = -Infinity; // best value among strictly cheaper points
  let g = 0;
  while (g < idx.length) {
    let h = g;
    while (h < idx.length && cost[idx[h]] === cost[idx[g]]) h++;
    const top = value[idx[g]]; // the group's best value (sorted descending within the group)
    // a group that only ties a strictly cheaper point's value is dominated by it
    if (top > bestBefore) for (let t = g; t < h && value[idx[t]] === top; t++) front.push(idx[t]);
    bestBefore = Math.max(bestBefore, top);
    g = h;
  }
  return front;
}
