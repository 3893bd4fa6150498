/**
 * Sparse record of who met whom, for the world's repetition decay of utility (DESIGN §3). Only pairs that
 * met are stored: Maps (sharded by the smaller id, as one V8 Map holds at most 2²⁴ entries) from the
unordered pair key min·n + max to a slot in growable flat arrays. Each
 * slot keeps, for the pair's last meeting round t_last,
 *   effAt  = Σ_{m: t_m ≤ t_last} exp(−(t_last − t_m)/R)   (including the last meeting), and
 *   effBefore = Σ_{m: t_m < t_last} exp(−(t_last − t_m)/R)  (excluding it),
 * so the effective count before any round t ≥ t_last is exact in O(1):
 *   eff(t) = effAt · exp(−(t − t_last)/R) for t > t_last, and effBefore for t = t_last.
 */
const SHARDS = 64;

/** Sparse, exact, time-decayed meeting counts per unordered pair. */
export class PairHistory {
  private readonly shards: Map<number, number>[] = Array.from({ length: SHARDS }, () => new Map<number, number>());
  private last = new Int32Array(16);
  private effAt = new Float64Array(16);
  private effBefore = new Float64Array(16);
  private size = 0;

  constructor(
    private readonly n: number,
    private readonly recoveryRounds: number,
  ) {}

  /** Number of distinct pairs that ever met. */
  get pairs(): number {
    return this.size;
  }

  private key(u: number, v: number): number {
    return u < v ? u * this.n + v : v * this.n + u;
  }

  private shard(u: number, v: number): Map<number, number> {
    return this.shards[(u < v ? u : v) & (SHARDS - 1)];
  }

  /** Records one meeting of {u, v} at `round` (rounds must not go backwards for a pair). */
  record(u: number, v: number, round: number): void {
    const k = this.key(u, v);
    const map = this.shard(u, v);
    let s = map.get(k);
    if (s === undefined) {
      if (this.size === this.last.length) this.grow();
      s = this.size++;
      map.set(k, s);
      this.last[s] = round;
      this.effBefore[s] = 0;
      this.effAt[s] = 1;
      return;
    }
    const t0 = this.last[s];
    if (round < t0) throw new Error(`meeting of ${u} and ${v} recorded at round ${round}, after round ${t0}`);
    if (round === t0) {
      this.effAt[s] += 1;
      return;
    }
    const carried = this.effAt[s] * Math.exp(-(round - t0) / this.recoveryRounds);
    this.last[s] = round;
    this.effBefore[s] = carried;
    this.effAt[s] = carried + 1;
  }

  /**
   * Effective number of meetings of {u, v} strictly before `round`: Σ_{t_m < round} exp(−(round − t_m)/R).
   * For a round earlier than the pair's last meeting it returns the count as of that last meeting's
   * round (the history is not rewound).
   */
  effective(u: number, v: number, round: number): number {
    if (this.size === 0) return 0;
    const s = this.shard(u, v).get(this.key(u, v));
    if (s === undefined) return 0;
    const t0 = this.last[s];
    if (round > t0) return this.effAt[s] * Math.exp(-(round - t0) / this.recoveryRounds);
    return this.effBefore[s];
  }

  private grow(): void {
    const cap = this.last.length * 2;
    const last = new Int32Array(cap);
    last.set(this.last);
    const effAt = new Float64Array(cap);
    effAt.set(this.effAt);
    const effBefore = new Float64Array(cap);
    effBefore.set(this.effBefore);
    this.last = last;
    this.effAt = effAt;
    this.effBefore = effBefore;
  }
}
