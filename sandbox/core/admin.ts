/**
 * Out-of-band changes through the sandbox admin API: what each simulator offers so that a test can act as the
 * carrier's own portal — change a product's status (with the platform's own status word), add products, remove one.
 * Simulators implement `OutOfBand`; the harness maps its answers and `AdminError`s to HTTP.
 */

/** An admin request the simulator refuses: `status` is the HTTP status the admin API answers with. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface OutOfBand {
  /** The status words `change` accepts, as the platform spells them (listed in the 400 for any other word). */
  readonly statusWords: readonly string[];
  /**
   * Changes product `key` (ICCID or serial number) to `status`, as the carrier's portal would: no transition rules,
   * the modification date moves to now where the platform keeps one, the platform's change listing records it.
   * `account` (the manifest's account id) narrows the search; without it every account is searched.
   * Answers the product's new native record, as the platform's API renders it. Throws AdminError 400/404.
   */
  change(key: string, status: string, account?: string): unknown;
  /** Adds `count` products to `account` (default: the first account); answers their keys. */
  add(count: number, account?: string): { account: string; keys: string[] };
  /** Removes product `key`; throws AdminError 404 when no (or not that) account holds it. */
  remove(key: string, account?: string): void;
}

/** The accounts `account` names (all when undefined); 404 when it names none. */
export function accountsNamed<A>(
  accounts: readonly A[],
  idOf: (a: A) => string,
  account: string | undefined,
): readonly A[] {
  if (account === undefined) return accounts;
  const found = accounts.filter((a) => idOf(a) === account);
  if (found.length === 0)
    throw new AdminError(404, `unknown account ${account} (known: ${accounts.map(idOf).join(', ')})`);
  return found;
}

/** The first account holding `key`, with the product's index there; 404 when none does. */
export function findProduct<A>(
  accounts: readonly A[],
  idOf: (a: A) => string,
  account: string | undefined,
  indexOf: (a: A, key: string) => number | undefined,
  key: string,
): { account: A; index: number } {
  for (const a of accountsNamed(accounts, idOf, account)) {
    const index = indexOf(a, key);
    if (index !== undefined) return { account: a, index };
  }
  throw new AdminError(404, `no product ${key}${account === undefined ? '' : ` in account ${account}`}`);
}

/** Checks a status word against the platform's vocabulary; 400 naming the accepted words otherwise. */
export function checkWord<W extends string>(words: readonly W[], status: string): W {
  if ((words as readonly string[]).includes(status)) return status as W;
  throw new AdminError(400, `unknown status word "${status}"; this platform uses: ${words.join(', ')}`);
}

/** The account products are added to: the named one, or the first. */
export function addTarget<A>(accounts: readonly A[], idOf: (a: A) => string, account: string | undefined): A {
  return accountsNamed(accounts, idOf, account)[0]!;
}

/**
 * `record` without the `optional` fields when the simulator runs in minimal mode (the platform's documented-optional
 * fields, listed on each simulator's docs page); the record itself otherwise.
 */
export function minimalView<T extends object>(record: T, optional: readonly string[], minimal: boolean): T {
  if (!minimal) return record;
  const out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const key of optional) delete out[key];
  return out as T;
}

/** `index` when the fleet holds that product, undefined otherwise (unknown, out of range or removed). */
export function present(fleet: { has(index: number): boolean }, index: number | undefined): number | undefined {
  return index !== undefined && fleet.has(index) ? index : undefined;
}
