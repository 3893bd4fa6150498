/**
 * Two `AffinityScores` implementations: the scalable one built from each user's published top-m list
 * (what a federated client can share), and a dense n×n one for tests and small problems.
 */
import type { AffinityScores } from "./types.js";

/**
 * Directed scores from per-user recommendation lists: â_uj is u's published score for j when j is in u's
 * top-m list, and u's floor otherwise (e.g. the m-th score, or a prior). Memory O(n·m), never n×n;
 * score() is a binary search over u's list kept sorted by id, O(log m). Users never set have an empty
 * list and floor 0.
 */
export class TopMScores implements AffinityScores {
  readonly n: number;
  readonly m: number;
  private readonly ids: Int32Array;
  private readonly counts: Int32Array;
  private readonly floors: Float64Array;
  private readonly sortedIds: Int32Array;
  private readonly sortedScores: Float64Array;

  constructor(n: number, m: number) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (!Number.isInteger(m) || m < 0) throw new RangeError(`m must be a non-negative integer, got ${m}`);
    this.n = n;
    this.m = m;
    this.ids = new Int32Array(n * m);
    this.counts = new Int32Array(n);
    this.floors = new Float64Array(n);
    this.sortedIds = new Int32Array(n * m);
    this.sortedScores = new Float64Array(n * m);
  }

  /**
   * Sets user u's list: ids[0..count) best first with their scores, and the floor score given to every
   * other user. Throws on count > m or an id outside 0..n-1.
   */
  setUser(u: number, ids: Int32Array, scores: Float64Array, count: number, floor: number): void {
    if (!Number.isInteger(u) || u < 0 || u >= this.n) throw new RangeError(`user ${u} outside 0..${this.n - 1}`);
    if (!Number.isInteger(count) || count < 0 || count > this.m || count > ids.length || count > scores.length) {
      throw new RangeError(`count ${count} exceeds m = ${this.m} or the given arrays`);
    }
    const base = u * this.m;
    const sIds = this.sortedIds;
    const sSc = this.sortedScores;
    for (let t = 0; t < count; t++) {
      const id = ids[t];
      if (!Number.isInteger(id) || id < 0 || id >= this.n) throw new RangeError(`candidate ${id} outside 0..${this.n - 1}`);
      this.ids[base + t] = id;
      // insertion into the id-sorted copy
      const sc = scores[t];
      let p = base + t;
      while (p > base && sIds[p - 1] > id) {
        sIds[p] = sIds[p - 1];
        sSc[p] = sSc[p - 1];
        p--;
      }
      sIds[p] = id;
      sSc[p] = sc;
    }
    this.counts[u] = count;
    this.floors[u] = floor;
  }

  /** â_ij: i's listed score for j, else i's floor. */
  score(i: number, j: number): number {
    const ids = this.sortedIds;
    let lo = i * this.m;
    let hi = lo + this.counts[i] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid];
      if (v < j) lo = mid + 1;
      else if (v > j) hi = mid - 1;
      else return this.sortedScores[mid];
    }
    return this.floors[i];
  }

  /** The floor: the score i gives every partner outside its list. */
  unlistedScore(i: number): number {
    return this.floors[i];
  }

  /** i's list sorted by id, with its scores (views, do not modify). */
  candidatesById(i: number): { ids: Int32Array; scores: Float64Array } {
    const base = i * this.m;
    const end = base + this.counts[i];
    return { ids: this.sortedIds.subarray(base, end), scores: this.sortedScores.subarray(base, end) };
  }

  /** i's list, best first (a view, do not modify). */
  candidates(i: number): Int32Array {
    const base = i * this.m;
    return this.ids.subarray(base, base + this.counts[i]);
  }
}

/**
 * Directed scores from a full row-major n×n matrix (entry i·n + j is â_ij). For tests, small problems and
 * the oracle on small worlds only: memory is O(n²) and candidates(i) is every other user sorted by score
 * (descending, ties by id), computed on first use and cached.
 */
export class DenseScores implements AffinityScores {
  readonly n: number;
  private readonly matrix: Float64Array;
  private readonly cache: Array<Int32Array | undefined>;

  constructor(n: number, matrix: Float64Array) {
    if (!Number.isInteger(n) || n < 0 || matrix.length !== n * n) {
      throw new RangeError(`matrix has ${matrix.length} entries, expected n² = ${n * n}`);
    }
    this.n = n;
    this.matrix = matrix;
    this.cache = new Array<Int32Array | undefined>(n);
  }

  score(i: number, j: number): number {
    return this.matrix[i * this.n + j];
  }

  candidates(i: number): Int32Array {
    const hit = this.cache[i];
    if (hit !== undefined) return hit;
    const n = this.n;
    const row = this.matrix.subarray(i * n, (i + 1) * n);
    const others: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i) others.push(j);
    others.sort((a, b) => row[b] - row[a] || a - b);
    const list = Int32Array.from(others);
    this.cache[i] = list;
    return list;
  }
}
