/**
 * Who met whom, and when: the memory behind the repetition penalty (DESIGN §4) and the diversity metrics.
 * Pairs are stored sparsely (only pairs that met), never as an n×n matrix: an open-addressing hash table
 * (linear probing on typed arrays, keyed by the two ids) maps a pair to its slot. Each slot holds the
 * meeting count, a linked list of its meeting rounds, and a cached recency-decayed count for one decay γ
 * so that the usual query (a round after every recorded meeting, the same γ each time) costs O(1).
 */
import type { Groups, MeetingLookup } from "./types.js";

type Ints = Int32Array<ArrayBuffer>;
type Floats = Float64Array<ArrayBuffer>;

function grownInt(a: Ints, need: number): Ints {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

function grownFloat(a: Floats, need: number): Floats {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Meeting history of n users: every unordered pair that shared a group, with the rounds they met. */
export class MeetingHistory implements MeetingLookup {
  readonly n: number;
  /** Hash table: pair (lo, hi) → slot; tableLo = −1 marks an empty cell. Capacity a power of 2, load ≤ ½. */
  private tableLo = new Int32Array(1024).fill(-1);
  private tableHi = new Int32Array(1024);
  private tableSlot = new Int32Array(1024);
  private slotCount = 0;
  private pairCount = new Int32Array(64);
  private pairHead = new Int32Array(64);
  private pairLast = new Int32Array(64);
  private pairDecayed = new Float64Array(64);
  private occRound = new Int32Array(256);
  private occNext = new Int32Array(256);
  private occTotal = 0;
  private readonly partners: Int32Array;
  /** The γ whose decayed sums are cached per pair; fixed by the first decayedCount query. */
  private trackedDecay = NaN;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    this.n = n;
    this.partners = new Int32Array(n);
  }

  /** Table cell of the pair (lo, hi): where it is, or the empty cell where it would go. */
  private cellOf(lo: number, hi: number): number {
    const mask = this.tableLo.length - 1;
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    let c = h & mask;
    const tLo = this.tableLo;
    const tHi = this.tableHi;
    while (tLo[c] !== -1 && (tLo[c] !== lo || tHi[c] !== hi)) c = (c + 1) & mask;
    return c;
  }

  private slotOf(i: number, j: number): number {
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    const c = this.cellOf(lo, hi);
    return this.tableLo[c] === -1 ? -1 : this.tableSlot[c];
  }

  /** Doubles the table and reinserts every pair. */
  private growTable(): void {
    const oldLo = this.tableLo;
    const oldHi = this.tableHi;
    const oldSlot = this.tableSlot;
    const cap = oldLo.length * 2;
    this.tableLo = new Int32Array(cap).fill(-1);
    this.tableHi = new Int32Array(cap);
    this.tableSlot = new Int32Array(cap);
    for (let c = 0; c < oldLo.length; c++) {
      if (oldLo[c] === -1) continue;
      const d = this.cellOf(oldLo[c], oldHi[c]);
      this.tableLo[d] = oldLo[c];
      this.tableHi[d] = oldHi[c];
      this.tableSlot[d] = oldSlot[c];
    }
  }

  /** Records every unordered pair inside each group as one meeting at `round`. */
  record(round: number, groups: Groups): void {
    const n = this.n;
    for (const g of groups) {
      for (let a = 0; a < g.length; a++) {
        for (let b = a + 1; b < g.length; b++) {
          const i = g[a];
          const j = g[b];
          if (i === j || i < 0 || j < 0 || i >= n || j >= n) {
            throw new RangeError(`invalid pair (${i}, ${j}) in a group of ${n} users`);
          }
          this.addMeeting(i, j, round);
        }
      }
    }
  }

  private addMeeting(i: number, j: number, round: number): void {
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    let cell = this.cellOf(lo, hi);
    let slot: number;
    if (this.tableLo[cell] !== -1) slot = this.tableSlot[cell];
    else {
      if (2 * (this.slotCount + 1) > this.tableLo.length) {
        this.growTable();
        cell = this.cellOf(lo, hi);
      }
      slot = this.slotCount++;
      this.tableLo[cell] = lo;
      this.tableHi[cell] = hi;
      this.tableSlot[cell] = slot;
      this.pairCount = grownInt(this.pairCount, slot + 1);
      this.pairHead = grownInt(this.pairHead, slot + 1);
      this.pairLast = grownInt(this.pairLast, slot + 1);
      this.pairDecayed = grownFloat(this.pairDecayed, slot + 1);
      this.pairCount[slot] = 0;
      this.pairHead[slot] = -1;
      this.pairLast[slot] = round;
      this.pairDecayed[slot] = 0;
      this.partners[lo]++;
      this.partners[hi]++;
    }
    const occ = this.occTotal++;
    this.occRound = grownInt(this.occRound, occ + 1);
    this.occNext = grownInt(this.occNext, occ + 1);
    this.occRound[occ] = round;
    this.occNext[occ] = this.pairHead[slot];
    this.pairHead[slot] = occ;
    this.pairCount[slot]++;
    if (this.trackedDecay === this.trackedDecay) {
      const last = this.pairLast[slot];
      if (this.pairCount[slot] === 1 || round >= last) {
        const gap = this.pairCount[slot] === 1 ? 0 : round - last;
        this.pairDecayed[slot] = this.pairDecayed[slot] * Math.pow(this.trackedDecay, gap) + 1;
        this.pairLast[slot] = round;
      } else {
        this.pairDecayed[slot] = this.walk(slot, last + 1, this.trackedDecay);
      }
    } else if (this.pairCount[slot] === 1 || round > this.pairLast[slot]) {
      this.pairLast[slot] = round;
    }
  }

  /** Σ over the slot's meetings m with round_m < round of γ^(round − round_m − 1), by walking its list. */
  private walk(slot: number, round: number, decay: number): number {
    let s = 0;
    for (let o = this.pairHead[slot]; o >= 0; o = this.occNext[o]) {
      const r = this.occRound[o];
      if (r < round) s += Math.pow(decay, round - r - 1);
    }
    return s;
  }

  /** Number of recorded meetings of the unordered pair {i, j}. */
  count(i: number, j: number): number {
    const slot = this.slotOf(i, j);
    return slot < 0 ? 0 : this.pairCount[slot];
  }

  /** True when i and j have shared a group at least once. */
  hasMet(i: number, j: number): boolean {
    return this.slotOf(i, j) >= 0;
  }

  /**
   * Recency-decayed meeting count c_eff = Σ_{m: round_m < round} γ^(round − round_m − 1): a meeting in the
   * previous round counts 1, older ones fade by γ per round. O(1) for rounds after every recorded meeting
   * with the tracked γ (the first γ ever queried); otherwise it walks the pair's meetings.
   */
  decayedCount(i: number, j: number, round: number, decay: number): number {
    const slot = this.slotOf(i, j);
    if (slot < 0) return 0;
    if (this.trackedDecay !== this.trackedDecay) this.track(decay);
    const last = this.pairLast[slot];
    if (decay === this.trackedDecay && round > last) {
      return this.pairDecayed[slot] * Math.pow(decay, round - last - 1);
    }
    return this.walk(slot, round, decay);
  }

  /** Starts caching decayed sums for γ: recomputes each pair's sum as of just after its last meeting. */
  private track(decay: number): void {
    this.trackedDecay = decay;
    for (let slot = 0; slot < this.slotCount; slot++) {
      this.pairDecayed[slot] = this.walk(slot, this.pairLast[slot] + 1, decay);
    }
  }

  /** Calls fn(lo, hi) once for every unordered pair that has met, in table order. */
  forEachPair(fn: (i: number, j: number) => void): void {
    const tLo = this.tableLo;
    const tHi = this.tableHi;
    for (let c = 0; c < tLo.length; c++) if (tLo[c] !== -1) fn(tLo[c], tHi[c]);
  }

  /** Number of distinct unordered pairs that have met. */
  uniquePairs(): number {
    return this.slotCount;
  }

  /** Total pair meetings recorded (a pair meeting twice counts 2). */
  pairOccurrences(): number {
    return this.occTotal;
  }

  /** Number of distinct partners user i has met. */
  partnersOf(i: number): number {
    return this.partners[i];
  }
}
