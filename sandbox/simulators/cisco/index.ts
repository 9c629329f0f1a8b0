/**
 * Cisco IoT Control Center (ex-Jasper) simulator. One factory serves both tenants on this software — T-Mobile US
 * (ctx.code "TMUS") and Etisalat (ctx.code "JASPER") — which differ only in numbering, plans and the operator's
 * transition rules (profiles.ts). Status changes are synchronous on this platform, so no operation queue is used;
 * a future-dated edit (effectiveDate) is kept on the device and applied when its date comes.
 */
import { addTarget, checkWord, findProduct, type OutOfBand } from '../../core/admin.js';
import type { ManifestAccount, SimulatorFactory } from '../../core/simulator.js';
import { applyEdit, currentDevice } from './edits.js';
import { respondCiscoError } from './errors.js';
import { CiscoAccount } from './account.js';
import { profileFor } from './profiles.js';
import { ciscoRouter } from './routes.js';
import { DEVICE_STATUSES } from './statuses.js';
import { deviceDetails } from './views.js';

export const CISCO_SYSTEM = 'Cisco IoT Control Center';

export const ciscoSimulator: SimulatorFactory = (ctx) => {
  const profile = profileFor(ctx.code);
  const accounts = ctx.accounts.map((spec) => new CiscoAccount(spec, profile, ctx.seed));
  const idOf = (a: CiscoAccount) => a.accountId;
  const indexIn = (a: CiscoAccount, key: string) => a.indexOf(key);
  const outOfBand: OutOfBand = {
    statusWords: DEVICE_STATUSES,
    // The operator's portal is not held to the API user's transition rules: any status word, applied now.
    change: (key, status, account) => {
      const word = checkWord(DEVICE_STATUSES, status);
      const { account: a, index } = findProduct(accounts, idOf, account, indexIn, key);
      const device = applyEdit(a, currentDevice(a, index, ctx.now())!, { status: word }, ctx.now());
      return deviceDetails(device, a, ctx.minimal());
    },
    add: (count, account) => {
      const a = addTarget(accounts, idOf, account);
      return { account: a.accountId, keys: a.add(count, ctx.now()).map((i) => a.fleet.get(i)!.iccid) };
    },
    remove: (key, account) => {
      const { account: a, index } = findProduct(accounts, idOf, account, indexIn, key);
      a.remove(index);
    },
  };

  return {
    system: CISCO_SYSTEM,
    fidelity: 'community-spec',
    outOfBand,
    router: ciscoRouter({ profile, accounts, now: ctx.now, minimal: ctx.minimal }),
    respondError: respondCiscoError,
    accounts: (): ManifestAccount[] =>
      accounts.map((a) => ({
        id: a.accountId,
        name: a.spec.name,
        size: a.fleet.size,
        credentials: { username: a.username, apiKey: a.apiKey, accountId: a.accountId },
      })),
  };
};
