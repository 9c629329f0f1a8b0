/**
 * Intelsat terminals, generated from (seed, account, index). Serial numbers are numeric and encode account and index
 * (account × 10,000,000 + 10,000 + index), so a look-up by serial needs no table.
 */
import { Fleet } from '../../core/fleet.js';
import { rng } from '../../core/random.js';

export type ContractStatus = 'new' | 'active' | 'suspended' | 'cancelation' | 'ended';
export type TerminalStatus = 'online' | 'offline' | 'suspended';

export interface Terminal {
  terminalId: number;
  serialNumber: string;
  name: string;
  model: string;
  mobilityType: 'MARITIME' | 'LAND' | 'AERONAUTICAL';
  antennaCode: string;
  servicePlan: string;
  contract: { status: ContractStatus; changeActionsAllowed: boolean; startDate: string };
  terminalStatus: TerminalStatus;
  /** Position at a reference time and a drift rate (degrees per hour) for moving terminals. */
  base: { latitude: number; longitude: number; driftLat: number; driftLon: number };
  imoNumber: string | null;
  mmsi: string | null;
  /** MB per day while in service. */
  dailyMB: number;
}

const MODELS = ['Intellian v240MT', 'Cobham Sailor 900', 'KVH TracPhone V7', 'Hughes HT2010', 'Kymeta u8'];
const PLANS = ['FlexMaritime 50GB', 'FlexMove 20GB', 'FlexEnterprise 1TB', 'FlexAero Unlimited'];

export const serialFor = (account: number, index: number) => String(account * 10_000_000 + 10_000 + index);

export function indexOfSerial(account: number, serial: string, size: number): number | undefined {
  if (!/^\d{1,10}$/.test(serial)) return undefined;
  const index = Number(serial) - account * 10_000_000 - 10_000;
  return Number.isInteger(index) && index >= 0 && index < size ? index : undefined;
}

export function intelsatFleet(seed: string, account: number, size: number): Fleet<Terminal> {
  return new Fleet(size, (index) => {
    const r = rng(seed, 'INTELSAT', account, index);
    const mobilityType = r.weighted([
      ['MARITIME', 5],
      ['LAND', 3],
      ['AERONAUTICAL', 1],
    ] as const);
    const contract = r.weighted([
      ['active', 70],
      ['suspended', 10],
      ['new', 8],
      ['cancelation', 5],
      ['ended', 7],
    ] as const);
    const terminalStatus: TerminalStatus =
      contract === 'suspended'
        ? 'suspended'
        : contract === 'active'
          ? r.weighted([
              ['online', 85],
              ['offline', 10],
              ['suspended', 5],
            ] as const)
          : 'offline';
    const moving = mobilityType !== 'LAND';
    return {
      terminalId: 27_000 + account * 1_000_000 + index,
      serialNumber: serialFor(account, index),
      name: `${mobilityType === 'MARITIME' ? 'MV' : mobilityType === 'AERONAUTICAL' ? 'AC' : 'SITE'} ${r.pick(['Aurora', 'Borealis', 'Cygnus', 'Delphin', 'Eagle', 'Falcon'])} ${index}`,
      model: r.pick(MODELS),
      mobilityType,
      antennaCode: `ANT-${r.digits(4)}`,
      servicePlan: r.pick(PLANS),
      contract: {
        status: contract,
        changeActionsAllowed: contract !== 'new' || r.float() < 0.5,
        startDate: new Date(Date.UTC(2021 + r.int(0, 3), r.int(0, 11), r.int(1, 28))).toISOString(),
      },
      terminalStatus,
      base: {
        latitude: r.int(-6000, 6000) / 100,
        longitude: r.int(-17900, 17900) / 100,
        driftLat: moving ? (r.float() - 0.5) / 10 : 0,
        driftLon: moving ? (r.float() - 0.5) / 5 : 0,
      },
      imoNumber: mobilityType === 'MARITIME' ? `9${r.digits(6)}` : null,
      mmsi: mobilityType === 'MARITIME' ? `2${r.digits(8)}` : null,
      dailyMB: r.int(50, 5_000),
    };
  });
}
