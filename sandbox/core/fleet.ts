/**
 * A fleet generated from its index: `get(i)` builds product i from the seed on demand, and only products that
 * changed (status changes, labels…) are held in memory. A fleet of 1,000,000 costs nothing until it is touched.
 */
export class Fleet<T extends object> {
  private readonly changes = new Map<number, Partial<T>>();

  constructor(
    /** Number of products in the fleet. */
    readonly size: number,
    private readonly generate: (index: number) => T,
  ) {}

  /** Product `index` with its changes applied, or undefined when out of range. */
  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return undefined;
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

  /** Products [start, start + count) in index order. */
  *range(start: number, count: number): Generator<T> {
    const end = Math.min(this.size, start + count);
    for (let i = Math.max(0, start); i < end; i++) yield this.get(i)!;
  }

  /** How many products carry a change (memory held beyond the generator). */
  get changedCount(): number {
    return this.changes.size;
  }
}
