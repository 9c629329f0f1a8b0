/**
 * One enterprise account of a Control Center tenant: its account id, the API user's credentials (username and
 * API key, stable per seed), its generated fleet, and the bookkeeping Search Devices needs to list by modification
 * date without sorting the fleet: the current dateUpdated of every device that differs from its generated state
 * (edited, holding a scheduled edit, or added after start), the devices holding a scheduled edit, and removals
 * (kept by the Fleet). Memory grows with the changes only.
 */
import { Fleet } from '../../core/fleet.js';
import { indexOfIccid, type IccidPlan } from '../../core/identifiers.js';
import { rng } from '../../core/random.js';
import type { AccountSpec } from '../../core/simulator.js';
import { generateDevice, generatedDateUpdated, generatedStatus, type Device } from './fleet.js';
import type { OperatorProfile } from './profiles.js';
import type { DeviceStatus } from './statuses.js';

/** A device out of its generated order: listed by (at, index). */
export interface Modified {
  index: number;
  at: number;
}

export class CiscoAccount {
  readonly accountId: string;
  readonly username: string;
  readonly apiKey: string;
  readonly fleet: Fleet<Device>;
  /** Bumped on every change so cached search positions of older versions are not reused. */
  version = 0;
  private readonly plan: IccidPlan;
  private readonly seed: string;
  /** index → current dateUpdated of every device that left its generated state. */
  private readonly modified = new Map<number, number>();
  private sortedModified: Modified[] | null = [];
  private excluded: number[] | null = [];
  private readonly scheduled = new Set<number>();

  constructor(
    readonly spec: AccountSpec,
    readonly profile: OperatorProfile,
    seed: string,
  ) {
    this.seed = seed;
    this.accountId = String(profile.accountIdBase + spec.number);
    this.username = `${profile.userPrefix}${spec.number}`;
    this.apiKey = apiKeyFor(seed, profile.code, spec.number);
    this.plan = { prefix: profile.iccidPrefix, account: spec.number };
    this.fleet = new Fleet(spec.size, (index) => generateDevice(seed, profile, spec, index));
  }

  /** Index of an ICCID in this account, or undefined when it is not one of this account's devices. */
  indexOf(iccid: string): number | undefined {
    const index = indexOfIccid(this.plan, iccid);
    return index !== undefined && this.fleet.has(index) ? index : undefined;
  }

  /** Whether device `index` may differ from its generated state (edited, scheduled, added or removed). */
  isEdited(index: number): boolean {
    return this.modified.has(index) || this.fleet.wasRemoved(index);
  }

  /** The generated status of an unedited device, cheaply (see generatedStatus). */
  generatedStatus(index: number): DeviceStatus {
    return generatedStatus(this.seed, this.profile, this.spec.number, index);
  }

  /** The generated dateUpdated of device `index` (non-decreasing in index over the generated fleet). */
  generatedDate(index: number): number {
    return generatedDateUpdated(this.seed, this.profile, this.spec.number, this.spec.size, index);
  }

  /** Records that device `index` changed and is now dated `at` (listing caches follow). */
  markEdited(index: number, at: number): void {
    this.version++;
    if (!this.modified.has(index)) this.excluded = null;
    this.modified.set(index, at);
    this.sortedModified = null;
  }

  /** Adds `count` devices, new in stock (ACTIVATION_READY) and dated `at`; their indexes. */
  add(count: number, at: number): number[] {
    const indexes = this.fleet.add(count, () => ({
      status: 'ACTIVATION_READY' as const,
      dateAdded: at,
      dateUpdated: at,
      dateShipped: null,
      dateActivated: null,
      imei: '',
      deviceID: null,
    }));
    for (const i of indexes) this.markEdited(i, at);
    return indexes;
  }

  /** Removes device `index` (it no longer exists for any call). */
  remove(index: number): void {
    this.fleet.remove(index);
    this.modified.delete(index);
    this.scheduled.delete(index);
    this.sortedModified = null;
    this.excluded = null;
    this.version++;
  }

  schedule(index: number): void {
    this.scheduled.add(index);
  }

  unschedule(index: number): void {
    this.scheduled.delete(index);
  }

  /** Devices holding a future-dated edit (applied when read at or after its date). */
  scheduledIndexes(): number[] {
    return [...this.scheduled];
  }

  /** Devices out of their generated order, by (dateUpdated, index) ascending. */
  modifiedList(): readonly Modified[] {
    this.sortedModified ??= [...this.modified]
      .map(([index, at]) => ({ index, at }))
      .sort((a, b) => a.at - b.at || a.index - b.index);
    return this.sortedModified;
  }

  /** Generated indexes that are not in generated order any more (modified or removed), ascending. */
  excludedIndexes(): readonly number[] {
    this.excluded ??= [...new Set([...this.modified.keys(), ...this.fleet.removedIndexes()])]
      .filter((i) => i < this.spec.size)
      .sort((a, b) => a - b);
    return this.excluded;
  }
}

/** A Control Center API key looks like a UUID; the sandbox derives it from the seed so it is stable per seed. */
export function apiKeyFor(seed: string, code: string, account: number): string {
  const random = rng(seed, code, 'apiKey', account);
  const hex = (n: number) => Array.from({ length: n }, () => random.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}
