/**
 * A fleet generated from its index: `get(i)` builds product i from the seed on demand, and only what differs from
 * the generator is held in memory — changed products (status changes, labels…), products added after start (new
 * indexes past the generated ones, optionally with a starting patch) and removed products (a set of indexes). A fleet
 * of 1,000,000 costs nothing until it is touched, and adds/removes/changes are overlays on it, never a copy.
 *
 * Two ways to address a product: its *index* (stable: encoded in its ICCID or serial, never reused) and its
 * *position* (0-based rank among the products that exist, in index order — what offset/page listings walk).
 * Without removals the two are the same; with removals a position is mapped to its index through the sorted list
 * of removed indexes (O(removed)).
 */
export class Fleet<T extends object> {
  private readonly changes = new Map<number, Partial<T>>();
  private readonly removed = new Set<number>();
  private sortedRemoved: number[] | null = [];
  private added = 0;

  constructor(
    /** Number of generated products (indexes 0..generated-1). */
    readonly generated: number,
    private readonly generate: (index: number) => T,
  ) {}

  /** Number of products that exist now (generated + added - removed). */
  get size(): number {
    return this.generated + this.added - this.removed.size;
  }

  /** One past the highest index ever used (generated and added). */
  get indexLimit(): number {
    return this.generated + this.added;
  }

  /** Whether product `index` exists. */
  has(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.indexLimit && !this.removed.has(index);
  }

  /** Product `index` with its changes applied, or undefined when out of range or removed. */
  get(index: number): T | undefined {
    if (!this.has(index)) return undefined;
    const base = this.generate(index);
    const change = this.changes.get(index);
    return change ? { ...base, ...change } : base;
  }

  /** Records a change to product `index` (merged over earlier changes). */
  update(index: number, patch: Partial<T>): T {
    const current = this.changes.get(index) ?? {};
    this.changes.set(index, { ...current, ...patch });
    return this.get(index)!;
  }

  /** Adds `count` products at the next indexes, each generated and then given `initial(index)` as a change. */
  add(count: number, initial?: (index: number) => Partial<T>): number[] {
    const indexes = Array.from({ length: count }, (_, i) => this.indexLimit + i);
    this.added += count;
    if (initial) for (const index of indexes) this.changes.set(index, initial(index));
    return indexes;
  }

  /** Removes product `index`; false when it does not exist. Its index is never reused. */
  remove(index: number): boolean {
    if (!this.has(index)) return false;
    this.removed.add(index);
    this.changes.delete(index);
    this.sortedRemoved = null;
    return true;
  }

  /** Whether `index` was removed (an index that existed once). */
  wasRemoved(index: number): boolean {
    return this.removed.has(index);
  }

  /** Removed indexes in ascending order. */
  removedIndexes(): readonly number[] {
    this.sortedRemoved ??= [...this.removed].sort((a, b) => a - b);
    return this.sortedRemoved;
  }

  /** The index of the product at `position` (0-based among existing products), or undefined past the end. */
  indexAt(position: number): number | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.size) return undefined;
    let index = position;
    for (const r of this.removedIndexes()) {
      if (r <= index) index++;
      else break;
    }
    return index;
  }

  /** Products at positions [start, start + count), in index order. */
  *range(start: number, count: number): Generator<T> {
    let index = this.indexAt(Math.max(0, start));
    if (index === undefined) return;
    const removed = this.removedIndexes();
    let r = 0;
    while (r < removed.length && removed[r]! < index) r++;
    for (let n = 0; n < count && index < this.indexLimit; index++) {
      if (r < removed.length && removed[r] === index) {
        r++;
        continue;
      }
      yield this.get(index)!;
      n++;
    }
  }

  /** How many products carry a change (memory held beyond the generator). */
  get changedCount(): number {
    return this.changes.size;
  }
}
