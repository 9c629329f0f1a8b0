/**
 * Deterministic pseudo-randomness for the sandbox fleets.
 *
 * Every generated value is a pure function of (seed, keys…): the same seed always yields the same fleet, and any
 * product can be generated from its index alone, so a fleet of a million SIMs costs no memory until one changes.
 */

/** 32-bit FNV-1a hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator (mulberry32) keyed by the seed and any further keys. */
export function rng(seed: string | number, ...keys: Array<string | number>): Random {
  let state = hash32([seed, ...keys].join('|'));
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return new Random(next);
}

export class Random {
  constructor(private readonly nextFloat: () => number) {}
  /** A float in [0, 1). */
  float(): number {
    return this.nextFloat();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }
  /** One element, optionally weighted ([value, weight] pairs). */
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.nextFloat() * values.length)]!;
  }
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let r = this.nextFloat() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
  /** A string of `length` decimal digits. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.nextFloat() * 10);
    return out;
  }
}
