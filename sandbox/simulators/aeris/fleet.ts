/**
 * The subscriptions of one Aeris organization, generated from (seed, account, index) and never materialised:
 * ICCID, IMSI and MSISDN all encode the index, so a look-up by any of the three parses the index back (no table).
 * Changes (state, first activation, last change date) are held by the core Fleet.
 */
import { Fleet } from '../../core/fleet.js';
import { iccidFor, imeiFor, imsiFor, indexOfIccid, msisdnFor, type IccidPlan } from '../../core/identifiers.js';
import { rng } from '../../core/random.js';

export const STATES = [
  'ACTIVE',
  'ACTIVE_NO_BILLING',
  'DEACTIVATED',
  'DEACTIVATED_NO_BILLING',
  'OPERATOR_BLOCKED',
  'PAUSE',
  'TERMINATED',
  'TERMINATED_PENDING',
] as const;
export type State = (typeof STATES)[number];

export const PACKAGES = [
  { name: '200200202_SP_01', description: 'SP IoT Basic 1 MB' },
  { name: '200200202_SP_10', description: 'SP IoT Standard 10 MB' },
  { name: '200200202_SP_50', description: 'SP IoT Fleet 50 MB' },
] as const;

/** MCC/MNC of the IMSIs (Magenta Telekom, Austria) and the MSISDN country code. */
const MCC_MNC = '23203';
const COUNTRY = '43';

export interface Apn {
  ordinal: number;
  apn: string;
  apnId: number;
  qosId: number;
  type: string;
}

export interface Subscription {
  index: number;
  iccid: string;
  imsi: string;
  msisdn: string;
  state: State;
  label: string;
  subscriptionPackageName: string;
  firstActivatedAt: string | null;
  /** Last change of the subscription (ISO); generated ones changed last before 2025. */
  lastSubscriptionChangeDateAt: string;
  detectedImei: string;
  apns: Apn[];
  dailyBytes: number;
  dailySms: number;
}

export interface AerisAccount {
  number: number;
  organizationId: string;
  enterprise: string;
  enterpriseName: string;
  clientId: string;
  username: string;
  password: string;
  plan: IccidPlan;
  fleet: Fleet<Subscription>;
}

export function generateSubscription(seed: string, account: number, plan: IccidPlan, index: number): Subscription {
  const r = rng(seed, 'IOTA', account, index);
  const state = r.weighted([
    ['ACTIVE', 60],
    ['ACTIVE_NO_BILLING', 8],
    ['DEACTIVATED', 10],
    ['DEACTIVATED_NO_BILLING', 5],
    ['PAUSE', 5],
    ['OPERATOR_BLOCKED', 3],
    ['TERMINATED', 7],
    ['TERMINATED_PENDING', 2],
  ] as const);
  const subscriptionPackageName = r.pick(PACKAGES.map((p) => p.name));
  const firstActivatedAt =
    state === 'ACTIVE_NO_BILLING' ? null : new Date(Date.UTC(2021, r.int(0, 11), r.int(1, 28))).toISOString();
  const detectedImei = imeiFor(r);
  const apns = [
    { ordinal: 1, apn: r.pick(['iot.t-mobile.at', 'm2m.dtiot.com']), apnId: 10 + r.int(0, 5), qosId: 1, type: 'HSS' },
  ];
  const dailyBytes = r.int(10_000, 100_000_000);
  const dailySms = r.int(0, 10);
  const lastChange = Date.UTC(2024, 0, 1) + r.int(0, 364) * 86_400_000 + r.int(0, 86_399) * 1000;
  return {
    index,
    iccid: iccidFor(plan, index),
    imsi: imsiFor(MCC_MNC, account, index),
    msisdn: msisdnFor(COUNTRY, account, index),
    state,
    label: `fleet-${index % 7}`,
    subscriptionPackageName,
    firstActivatedAt,
    lastSubscriptionChangeDateAt: new Date(lastChange).toISOString(),
    detectedImei,
    apns,
    dailyBytes,
    dailySms,
  };
}

export function createAccount(seed: string, number: number, size: number): AerisAccount {
  const plan = { prefix: '894303', account: number };
  return {
    number,
    organizationId: `1.23.${number}`,
    enterprise: `7800000${number}`,
    enterpriseName: `Sandbox Enterprise ${number}`,
    clientId: 'iot-accelerator-api',
    username: `iota-api-${number}@example.com`,
    password: rng(seed, 'IOTA-pw', number).digits(16),
    plan,
    fleet: new Fleet<Subscription>(size, (index) => generateSubscription(seed, number, plan, index)),
  };
}

export type IdentifierType = 'ICC' | 'IMSI' | 'MSISDN';

/** The index an identifier of this type encodes for the account (whether or not the subscription exists). */
export function parseIdentifier(account: AerisAccount, type: IdentifierType, value: string): number | undefined {
  const acct = String(account.number).padStart(2, '0');
  if (type === 'ICC') return indexOfIccid(account.plan, value);
  if (type === 'IMSI')
    return /^\d{15}$/.test(value) && value.startsWith(MCC_MNC + acct)
      ? Number(value.slice(MCC_MNC.length + 2))
      : undefined;
  return /^\d{13}$/.test(value) && value.startsWith(`${COUNTRY}7${acct}`)
    ? Number(value.slice(COUNTRY.length + 3))
    : undefined;
}

/** The index an identifier of this type names in the account, when the account holds that subscription. */
export function indexOfIdentifier(account: AerisAccount, type: IdentifierType, value: string): number | undefined {
  const index = parseIdentifier(account, type, value);
  if (index === undefined) return undefined;
  const sub = account.fleet.get(index);
  const key = type === 'ICC' ? sub?.iccid : type === 'IMSI' ? sub?.imsi : sub?.msisdn;
  return key === value ? index : undefined;
}
