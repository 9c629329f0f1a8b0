/**
 * The subscription document of the Subscription Search API (`SubscriptionResponse`), with its optional field groups
 * chosen by the request's `additionalFields` (shared/specs/aeris-subscription-search.openapi.yaml): DATES, ENTERPRISE,
 * INDIVIDUAL_APN, LABEL, LOCK_STATE, PACKAGE, SIM_SPEC, MONTHLY_DATA, MONTHLY_SMS (CUSTOM_FIELDS and SECURITY_LOCK are
 * accepted and add nothing: the sandbox has no custom fields and no security locks). Null dates are left out, never
 * sent as null. Minimal mode leaves every group out whatever was asked, and the detected IMEI too.
 */
import type { AerisAccount, Subscription } from './fleet.js';
import { PACKAGES } from './fleet.js';

export const FIELD_GROUPS = [
  'CUSTOM_FIELDS',
  'DATES',
  'ENTERPRISE',
  'INDIVIDUAL_APN',
  'LABEL',
  'LOCK_STATE',
  'SECURITY_LOCK',
  'PACKAGE',
  'SIM_SPEC',
  'MONTHLY_DATA',
  'MONTHLY_SMS',
] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** The groups a request gets when it names none: none, as Aeris answers (the optional groups only when asked). */
export const DEFAULT_GROUPS: ReadonlySet<FieldGroup> = new Set();

/**
 * `additionalFields` (also accepted as `additional_fields`, the spelling of the spec's own `next` example) from a
 * query: repeated parameters and/or comma-separated values. Undefined when absent; a string naming the bad value.
 */
export function parseGroups(query: Record<string, unknown>): Set<FieldGroup> | undefined | string {
  const raw = [query.additionalFields, query.additional_fields].flatMap((v) =>
    v === undefined ? [] : Array.isArray(v) ? v : [v],
  );
  if (raw.length === 0) return undefined;
  const groups = new Set<FieldGroup>();
  for (const item of raw) {
    for (const word of String(item)
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean)) {
      if (!(FIELD_GROUPS as readonly string[]).includes(word))
        return `Unknown additionalFields value ${word}; available values: ${FIELD_GROUPS.join(', ')}`;
      groups.add(word as FieldGroup);
    }
  }
  return groups;
}

/** The groups as query parameters, for `next` links. */
export function groupsQuery(groups: ReadonlySet<FieldGroup> | undefined): string {
  return groups === undefined ? '' : [...groups].map((g) => `&additionalFields=${g}`).join('');
}

export interface ViewOptions {
  groups: ReadonlySet<FieldGroup>;
  minimal: boolean;
  now: number;
}

function monthStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function subscriptionView(
  account: AerisAccount,
  s: Subscription,
  { groups, minimal, now }: ViewOptions,
): Record<string, unknown> {
  const has = (g: FieldGroup) => !minimal && groups.has(g);
  const days = (now - monthStart(now)) / 86_400_000;
  const on = s.state === 'ACTIVE' || s.state === 'ACTIVE_NO_BILLING';
  const pkg = PACKAGES.find((p) => p.name === s.subscriptionPackageName);
  return {
    iccid: s.iccid,
    imsi: s.imsi,
    msisdn: s.msisdn,
    state: s.state,
    organizationId: account.organizationId,
    enterprise: account.enterprise,
    ...(minimal ? {} : { detectedImei: s.detectedImei }),
    ...(has('ENTERPRISE') ? { enterpriseName: account.enterpriseName } : {}),
    ...(has('LABEL') ? { label: s.label } : {}),
    ...(has('DATES')
      ? {
          ...(s.firstActivatedAt !== null ? { firstActivatedAt: s.firstActivatedAt } : {}),
          lastSubscriptionChangeDateAt: s.lastSubscriptionChangeDateAt,
        }
      : {}),
    ...(has('INDIVIDUAL_APN') ? { apns: s.apns } : {}),
    ...(has('PACKAGE')
      ? {
          subscriptionPackageName: s.subscriptionPackageName,
          subscriptionPackageDescription: pkg?.description ?? s.subscriptionPackageName,
        }
      : {}),
    ...(has('LOCK_STATE') ? { subscriptionStateLocked: false } : {}),
    ...(has('SIM_SPEC') ? { simSpecificationId: 'Sandbox 0100' } : {}),
    ...(has('MONTHLY_DATA') ? { monthlyData: on ? Math.round(s.dailyBytes * days) : 0 } : {}),
    ...(has('MONTHLY_SMS') ? { monthlySms: on ? Math.round(s.dailySms * days) : 0 } : {}),
  };
}
