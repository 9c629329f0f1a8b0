/**
 * The JSON documents of the 1NCE Management API, field for field as the official OpenAPI schemas name them:
 * `SIM_card` / `SimsSim`, `Connectivity` (v1) / `SimsConnectivityDetail` (v2), `DailyUsage`, `Quota` (v1) /
 * `SimsQuota` (v2). Dates keep 1NCE's own spellings ("2018-03-09T07:59:09.000+0000" on SIMs, ISO with Z elsewhere,
 * "2023-08-06 09:59:05" for v2 location updates).
 */
import type { OneNceSim } from './fleet.js';
import {
  APN,
  PEAK_THROUGHPUT,
  QUOTA_STATUS_V2,
  SIM_QUOTA_STATUS,
  THRESHOLD_PERCENTAGE,
  type ConnectivityV1,
  type ConnectivityV2,
} from './statuses.js';
import { dailyUsage, dataQuota, isExpired, smsQuota, type QuotaState } from './usage.js';

/**
 * Minimal mode (docs/sandbox/onence.md): SIM fields the specification marks as not always present — the second IMSI
 * (multi-IMSI SIMs only), the IMEI (once a device attached) and the customer's label — and, in v2's
 * `SimsConnectivityDetail` (which requires only `status` and `services`), every other field.
 */
export const OPTIONAL_SIM_FIELDS = ['imsi_2', 'imei', 'label'] as const;
export const OPTIONAL_CONNECTIVITY_V2_FIELDS = ['data_traffic_limit_state', 'location', 'pdp_contexts'] as const;

const iso = (ms: number) => new Date(ms).toISOString();
/** SIM dates: "2018-03-09T07:59:09.000+0000". */
const simDate = (ms: number) => iso(ms).replace('Z', '+0000');
/** v2 location dates: "2023-08-06 09:59:05". */
const plainDate = (ms: number) => iso(ms).slice(0, 19).replace('T', ' ');
const mb = (n: number) => Number(n.toFixed(6));

function simQuotaStatus(q: QuotaState) {
  const status =
    q.remaining <= 0
      ? SIM_QUOTA_STATUS[2]
      : q.remaining < (q.total * THRESHOLD_PERCENTAGE) / 100
        ? SIM_QUOTA_STATUS[1]
        : SIM_QUOTA_STATUS[0];
  return {
    id: status.id,
    description: status.description,
    ...(status.id >= 1 && q.thresholdReachedAt !== undefined
      ? { threshold_reached_date: iso(q.thresholdReachedAt) }
      : {}),
    ...(status.id === 2 && q.exceededAt !== undefined ? { quota_exceeded_date: iso(q.exceededAt) } : {}),
  };
}

/** `SIM_card` (v1) and `SimsSim` (v2) are the same document. */
export function simCard(sim: OneNceSim, now: number) {
  const data = dataQuota(sim, now);
  const sms = smsQuota(sim, now);
  return {
    iccid: sim.iccid,
    iccid_with_luhn: sim.iccidWithLuhn,
    imsi: sim.imsi,
    imsi_2: sim.imsi2,
    current_imsi: sim.currentImsi,
    msisdn: sim.msisdn,
    imei: sim.imei,
    imei_lock: sim.imeiLock,
    status: sim.status,
    activation_date: simDate(sim.activatedAt),
    ip_address: sim.ipAddress,
    current_quota: mb(data.remaining),
    quota_status: simQuotaStatus(data),
    current_quota_SMS: sms.remaining,
    quota_status_SMS: simQuotaStatus(sms),
    label: sim.label,
  };
}

/** What the network sees: disabled SIMs are refused (v2 says BLOCKED), an exhausted data quota ends sessions. */
function presence(sim: OneNceSim, now: number): ConnectivityV2 {
  if (sim.status === 'Disabled') return 'BLOCKED';
  if (sim.presence === 'ONLINE' && dataQuota(sim, now).remaining <= 0) return 'ATTACHED';
  return sim.presence;
}

/** Session and location-update times, steady within a SIM's 6-hour session cycle. */
function times(sim: OneNceSim, now: number) {
  const sessionStart = now - ((Math.floor(now / 1000) + sim.phase) % 21_600) * 1000;
  const locationUpdate = now - ((Math.floor(now / 1000) + sim.phase) % 3_600) * 1000;
  return { sessionStart, locationUpdate };
}

const duration = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
};

const pdpIds = (sim: OneNceSim, organizationId: string) => ({
  pdp_context_id: String(1_898_708_000 + sim.index),
  endpoint_id: String(10_458_000 + sim.index),
  tariff_id: '442',
  ratezone_id: '2171',
  organisation_id: organizationId,
  imsi_id: String(1_610_000 + sim.index),
  imsi: sim.currentImsi,
  sim_id: String(901_000 + sim.index),
});

/** `GET /v1/sims/{iccid}/status` → `Connectivity`. */
export function connectivityV1(sim: OneNceSim, organizationId: string, now: number) {
  const state = presence(sim, now);
  const status: ConnectivityV1 = state === 'BLOCKED' ? 'OFFLINE' : state;
  const { sessionStart, locationUpdate } = times(sim, now);
  const n = sim.network;
  return {
    status,
    location:
      status === 'OFFLINE'
        ? undefined
        : {
            iccid: sim.iccid,
            imsi: sim.currentImsi,
            last_updated: iso(locationUpdate),
            last_updated_gprs: iso(locationUpdate),
            sgsn_number: n.sgsn,
            vlr_number: n.vlr,
            operator_id: String(n.operatorId),
            msc: n.vlr,
            operator: {
              id: String(n.operatorId),
              name: n.name,
              country: { id: String(n.country.id), name: n.country.name, 'iso-code': n.country.isoCode },
            },
            country: {
              country_id: String(n.country.id),
              name: n.country.name,
              country_code: n.country.countryCode,
              mcc: n.mcc,
              'iso-code': n.country.isoCode,
              latitude: n.country.latitude,
              longitude: n.country.longitude,
            },
          },
    pdp_context:
      status !== 'ONLINE'
        ? undefined
        : {
            ...pdpIds(sim, organizationId),
            tariff_profile_id: '129700',
            gtp_version: '1',
            nsapi: '5',
            created: iso(sessionStart),
            mcc: n.mcc,
            mnc: n.mnc,
            operator_id: String(n.operatorId),
            lac: String(10_000 + (sim.index % 50_000)),
            ci: String(1 + (sim.phase % 9_999)),
            ue_ip_address: sim.ipAddress,
            imeisv: `${sim.imei.slice(0, 14)}01`,
            duration: duration(now - sessionStart),
            rat_type: { rat_type_id: sim.rat.id, description: sim.rat.description },
          },
    services: status === 'OFFLINE' ? [] : ['GPRS', 'SMS'],
  };
}

/** `GET /v2/sims/{iccid}/status` → `SimsConnectivityDetail`: the v2 words, the APN and the data limit state. */
export function connectivityV2(sim: OneNceSim, organizationId: string, now: number) {
  const status = presence(sim, now);
  const { sessionStart, locationUpdate } = times(sim, now);
  const n = sim.network;
  const exhausted = dataQuota(sim, now).remaining <= 0;
  const lac = String(10_000 + (sim.index % 50_000));
  const ci = String(1 + (sim.phase % 9_999));
  const teid = String(153_329_900 + sim.index);
  const sgsnIp = `12.23.${n.operatorId % 256}.${89 + (sim.index % 100)}`;
  return {
    status: { description: status },
    data_traffic_limit_state: { description: exhausted ? 'REACHED' : 'NOT_REACHED' },
    ...(status === 'OFFLINE' || status === 'BLOCKED'
      ? {}
      : {
          location: {
            iccid: sim.iccid,
            imsi: sim.currentImsi,
            last_updated: plainDate(locationUpdate),
            sgsn_number: n.sgsn,
            vlr_number: n.vlr,
            operator_id: String(n.operatorId),
            msc: n.vlr,
            sgsn_ip_address: sgsnIp,
            operator: {
              id: n.operatorId,
              name: n.name,
              mnc: n.mnc,
              country: { id: n.country.id, name: n.country.name, iso_code: n.country.isoCode },
            },
            country: {
              country_id: String(n.country.id),
              name: n.country.name,
              country_code: n.country.countryCode,
              mcc: n.mcc,
              iso_code: n.country.isoCode,
            },
          },
        }),
    pdp_contexts:
      status !== 'ONLINE'
        ? []
        : [
            {
              ...pdpIds(sim, organizationId),
              tx_teid_data_plane: teid,
              tx_teid_control_plane: teid,
              rx_teid: teid,
              rx_teid_data_plane: teid,
              rx_teid_control_plane: teid,
              gtp_version: '2',
              nsapi: '5',
              sgsn_control_plane_ip_address: sgsnIp,
              sgsn_data_plane_ip_address: sgsnIp,
              ggsn_control_plane_ip_address: '185.56.172.10',
              ggsn_data_plane_ip_address: '185.56.172.11',
              created: iso(sessionStart),
              mcc: n.mcc,
              mnc: n.mnc,
              operator_id: String(n.operatorId),
              lac,
              ci,
              sac: '7',
              rac: '8',
              gtp_v2_uli: { tac: lac, eci: ci },
              ue_ip_address: sim.ipAddress,
              imeisv: `${sim.imei.slice(0, 14)}01`,
              rat_type: { rat_type_id: sim.rat.id, description: sim.rat.description },
              region: 'eu-central-1',
              apn: APN,
            },
          ],
    services: status === 'OFFLINE' || status === 'BLOCKED' ? [] : ['GPRS', 'SMS'],
  };
}

const currency = { id: 1, symbol: '€', code: 'EUR' };

/** `GET /v1/sims/{iccid}/usage` → `DailyUsage`: one record per day with traffic, volumes as strings (MB / count). */
export function usageView(sim: OneNceSim, from: number, to: number, now: number) {
  return {
    stats: dailyUsage(sim, from, to, now).map((d) => {
      const sms = d.smsMo + d.smsMt;
      return {
        date: iso(d.day),
        data: {
          volume: d.dataMB.toFixed(6),
          volume_rx: (d.dataMB * 0.65).toFixed(6),
          volume_tx: (d.dataMB - Number((d.dataMB * 0.65).toFixed(6))).toFixed(6),
          cost: d.dataMB.toFixed(6),
          currency,
          traffic_type: { id: 5, description: 'Data', unit: 'MB' },
        },
        sms: {
          volume: String(sms),
          volume_rx: String(d.smsMo),
          volume_tx: String(d.smsMt),
          cost: String(sms),
          currency,
          traffic_type: { id: 6, description: 'SMS', unit: 'SMS' },
        },
      };
    }),
  };
}

export type QuotaService = 'data' | 'sms';
const quotaOf = (sim: OneNceSim, service: QuotaService, now: number) =>
  service === 'data' ? dataQuota(sim, now) : smsQuota(sim, now);

/** `GET /v1/sims/{iccid}/quota/{data|sms}` → `Quota`. */
export function quotaV1(sim: OneNceSim, service: QuotaService, now: number) {
  const q = quotaOf(sim, service, now);
  return {
    volume: mb(q.remaining),
    total_volume: q.total,
    expiry_date: iso(sim.expiresAt),
    ...(service === 'data' ? { peak_throughput: PEAK_THROUGHPUT } : {}),
    last_volume_added: q.total,
    last_status_change_date: iso(q.exceededAt ?? q.thresholdReachedAt ?? sim.activatedAt),
    threshold_percentage: THRESHOLD_PERCENTAGE,
  };
}

/** `GET /v2/sims/{iccid}/quota/{data|sms}` → `SimsQuota`: adds id, status (EXHAUSTED/ACTIVE/EXPIRED), service… */
export function quotaV2(sim: OneNceSim, service: QuotaService, now: number) {
  const q = quotaOf(sim, service, now);
  const status = isExpired(sim, now) ? QUOTA_STATUS_V2[2] : q.remaining <= 0 ? QUOTA_STATUS_V2[0] : QUOTA_STATUS_V2[1];
  return {
    id: sim.index * 2 + (service === 'data' ? 1 : 2),
    status: { id: status.id, description: status.description },
    volume: mb(q.remaining),
    total_volume: q.total,
    accumulated_total_volume: q.total,
    last_volume_added: q.total,
    service,
    threshold_percentage: THRESHOLD_PERCENTAGE,
    threshold_volume: (q.total * THRESHOLD_PERCENTAGE) / 100,
    expiry_date: iso(sim.expiresAt),
    created_at: iso(sim.activatedAt).replace('.000Z', 'Z'),
  };
}
