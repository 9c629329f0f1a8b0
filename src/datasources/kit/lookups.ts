/**
 * Look-ups by key, as DataLoader wants them: a result array with the length and order of the keys, `null` where the
 * platform knows no such product. A `Lookup` pairs the call with the most keys it takes, so an adapter's `maxBatch`
 * is derived from the calls it really makes and cannot contradict them:
 *
 * - `multiId(size, call, keyOf)`: the platform's multi-id call, its answers aligned to the keys;
 * - `perKey(call)`: one call per key (size 1), for platforms without a multi-id call;
 * - `lookup.map(fn)`: the same calls, each answer translated (a Cisco device → a SIM card record);
 * - `lookups({ products, simCards, … })`: an adapter's look-up methods and its `maxBatch`.
 */
import type {
  DataConnectivityRecord,
  ProductRecord,
  SimCardRecord,
  TerminalRecord,
  UsageRecord,
} from '../../domain/model.js';
import type { KnownProducts, PlatformAdapter, SubResource } from '../adapter.js';

type Fetch<T> = (keys: readonly string[], known: KnownProducts) => Promise<Array<T | null>>;

export class Lookup<T> {
  constructor(
    /** Most keys one call takes. */
    readonly size: number,
    readonly fetch: Fetch<T>,
  ) {}

  /** The same calls, each answer translated; `null` stays `null`. */
  map<U>(translate: (value: T, key: string, known: KnownProducts) => U | null): Lookup<U> {
    return new Lookup<U>(this.size, async (keys, known) =>
      (await this.fetch(keys, known)).map((value, i) => (value === null ? null : translate(value, keys[i]!, known))),
    );
  }
}

/** `items` in the order of `keys`, `null` for a key no item has. */
export function alignToKeys<T>(
  keys: readonly string[],
  items: readonly T[],
  keyOf: (item: T) => string,
): Array<T | null> {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** A multi-id call taking up to `size` keys. */
export function multiId<T>(
  size: number,
  call: (keys: readonly string[]) => Promise<readonly T[]>,
  keyOf: (item: T) => string,
): Lookup<T> {
  return new Lookup(size, async (keys) => alignToKeys(keys, await call(keys), keyOf));
}

/** One call per key (the platform client spaces and caps them). */
export function perKey<T>(call: (key: string, known: KnownProducts) => Promise<T | null>): Lookup<T> {
  return new Lookup(1, (keys, known) => Promise.all(keys.map((key) => call(key, known))));
}

export interface LookupSet {
  products: Lookup<ProductRecord>;
  simCards?: Lookup<SimCardRecord>;
  terminals?: Lookup<TerminalRecord>;
  dataConnectivity?: Lookup<DataConnectivityRecord>;
  usage?: Lookup<UsageRecord>;
}

type LookupMethods = Pick<
  PlatformAdapter,
  'maxBatch' | 'products' | 'simCards' | 'terminals' | 'dataConnectivity' | 'usage'
>;

/** The adapter's look-up methods (only those given) and its `maxBatch` (1 where it has no look-up). */
export function lookups(set: LookupSet): LookupMethods {
  const subs: SubResource[] = ['products', 'simCards', 'terminals', 'dataConnectivity', 'usage'];
  const maxBatch = Object.fromEntries(subs.map((sub) => [sub, set[sub]?.size ?? 1])) as Record<SubResource, number>;
  const methods: Partial<LookupMethods> = {};
  for (const sub of subs) {
    const lookup = set[sub];
    if (lookup) Object.assign(methods, { [sub]: lookup.fetch });
  }
  return { ...(methods as LookupMethods), maxBatch };
}
