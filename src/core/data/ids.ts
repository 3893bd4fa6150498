/** External ids (strings as they appear in a file) → dense 0-based indices, in first-seen order. */

/** A growing dictionary of external ids; `names[i]` is the id of index i. */
export class IdIndex {
  private readonly map = new Map<string, number>();
  readonly names: string[] = [];

  /** The dense index of `id`, assigning the next one on first sight. */
  indexOf(id: string): number {
    let i = this.map.get(id);
    if (i === undefined) {
      i = this.names.length;
      this.map.set(id, i);
      this.names.push(id);
    }
    return i;
  }

  /** The index of `id` if it was seen, else −1. */
  lookup(id: string): number {
    return this.map.get(id) ?? -1;
  }

  get size(): number {
    return this.names.length;
  }
}
