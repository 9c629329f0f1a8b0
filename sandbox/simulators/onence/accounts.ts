/**
 * A 1NCE organization of the sandbox: its API user (username/password for the token call), its organization id
 * (the key of the 10 requests/s limit) and its fleet. Every look-up goes through the organization, so one
 * organization's token never reaches another's SIMs: a foreign ICCID is simply not found.
 */
import type { Fleet } from '../../core/fleet.js';
import { rng } from '../../core/random.js';
import type { AccountSpec } from '../../core/simulator.js';
import { createFleet, indexOfImei, indexOfIccid, indexOfIp, type OneNceSim } from './fleet.js';
import { TRANSITIONS, type SimStatus } from './statuses.js';
import { isExpired, statusPatch } from './usage.js';

export class OneNceOrganization {
  readonly organizationId: string;
  readonly username: string;
  readonly password: string;
  readonly fleet: Fleet<OneNceSim>;

  constructor(
    readonly spec: AccountSpec,
    seed: string,
  ) {
    // 1NCE organisation ids look like "26xxx" (PdpContext.organisation_id example).
    this.organizationId = String(26_000 + spec.number);
    this.username = `api-user-${spec.number}@1nce.example`;
    this.password = rng(seed, '1NCE-pw', spec.number).digits(18);
    this.fleet = createFleet(seed, spec.number, spec.size);
  }

  /** The SIM an ICCID (19 digits, or 20 with its Luhn digit) names in this organization. */
  find(iccid: string): OneNceSim | undefined {
    const index = indexOfIccid(this.spec.number, iccid, this.fleet.indexLimit);
    return index === undefined ? undefined : this.fleet.get(index);
  }

  /** The SIM with this IP address / IMEI, found by parsing the index back (the `q` filter of the list). */
  byIp(ip: string): OneNceSim | undefined {
    const sim = this.fleet.get(indexOfIp(ip) ?? -1);
    return sim?.ipAddress === ip ? sim : undefined;
  }

  byImei(imei: string): OneNceSim | undefined {
    const sim = this.fleet.get(indexOfImei(imei) ?? -1);
    return sim?.imei === imei ? sim : undefined;
  }

  /** Applies a configuration change (status, label, IMEI lock); the caller has checked expiry. */
  apply(sim: OneNceSim, change: SimChange, now: number): OneNceSim {
    return this.fleet.update(sim.index, {
      ...(change.status ? statusPatch(sim, change.status, now) : {}),
      ...(change.label !== undefined ? { label: change.label } : {}),
      ...(change.imeiLock !== undefined ? { imeiLock: change.imeiLock } : {}),
    });
  }
}

export interface SimChange {
  status?: SimStatus;
  label?: string;
  imeiLock?: boolean;
}

/** Why 1NCE refuses this change of a SIM (expired, or a status move the transition table lacks); undefined if allowed. */
export function refusal(sim: OneNceSim, target: SimStatus | undefined, now: number): string | undefined {
  if (isExpired(sim, now))
    return `The following SIMs are expired and cannot be modified via API. Only extensions are permitted: ${sim.iccid}`;
  if (target && !TRANSITIONS[sim.status].includes(target))
    return `SIM ${sim.iccid} cannot change from ${sim.status} to ${target}`;
  return undefined;
}
