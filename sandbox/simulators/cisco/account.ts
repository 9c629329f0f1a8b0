/**
 * One enterprise account of a Control Center tenant: its account id, the API user's credentials (username and
 * API key, stable per seed), its generated fleet, and the bookkeeping of which devices were edited.
 */
import { Fleet } from '../../core/fleet.js';
import { indexOfIccid, type IccidPlan } from '../../core/identifiers.js';
import { rng } from '../../core/random.js';
import type { AccountSpec } from '../../core/simulator.js';
import { generateDevice, generatedStatus, type Device } from './fleet.js';
import type { OperatorProfile } from './profiles.js';
import type { DeviceStatus } from './statuses.js';

export class CiscoAccount {
  readonly accountId: string;
  readonly username: string;
  readonly apiKey: string;
  readonly fleet: Fleet<Device>;
  /** Bumped on every edit so cached search positions of older versions are not reused. */
  version = 0;
  private readonly plan: IccidPlan;
  private readonly seed: string;
  /** Indexes of devices edited at least once, for `modifiedSince` searches past the generated history. */
  private readonly edited = new Set<number>();
  private sortedEdited: number[] | null = [];

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
    return index !== undefined && index < this.fleet.size ? index : undefined;
  }

  /** Whether device `index` may differ from its generated state (edited or holding a scheduled edit). */
  isEdited(index: number): boolean {
    return this.edited.has(index);
  }

  /** The generated status of an unedited device, cheaply (see generatedStatus). */
  generatedStatus(index: number): DeviceStatus {
    return generatedStatus(this.seed, this.profile, this.spec.number, index);
  }

  /** Records that device `index` changed (listing caches and the edited-devices index follow). */
  markEdited(index: number): void {
    this.version++;
    if (!this.edited.has(index)) {
      this.edited.add(index);
      this.sortedEdited = null;
    }
  }

  /** Edited device indexes in ascending order. */
  editedIndexes(): readonly number[] {
    this.sortedEdited ??= [...this.edited].sort((a, b) => a - b);
    return this.sortedEdited;
  }
}

/** A Control Center API key looks like a UUID; the sandbox derives it from the seed so it is stable per seed. */
export function apiKeyFor(seed: string, code: string, account: number): string {
  const random = rng(seed, code, 'apiKey', account);
  const hex = (n: number) => Array.from({ length: n }, () => random.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}
