/**
 * Cisco IoT Control Center (ex-Jasper) simulator. One factory serves both tenants on this software — T-Mobile US
 * (ctx.code "TMUS") and Etisalat (ctx.code "JASPER") — which differ only in numbering, plans and the operator's
 * transition rules (profiles.ts). Status changes are synchronous on this platform, so no operation queue is used;
 * a future-dated edit (effectiveDate) is kept on the device and applied when its date comes.
 */
import type { ManifestAccount, SimulatorFactory } from '../../core/simulator.js';
import { respondCiscoError } from './errors.js';
import { CiscoAccount } from './account.js';
import { profileFor } from './profiles.js';
import { ciscoRouter } from './routes.js';

export const CISCO_SYSTEM = 'Cisco IoT Control Center';

export const ciscoSimulator: SimulatorFactory = (ctx) => {
  const profile = profileFor(ctx.code);
  const accounts = ctx.accounts.map((spec) => new CiscoAccount(spec, profile, ctx.seed));
  return {
    system: CISCO_SYSTEM,
    router: ciscoRouter({ profile, accounts, now: ctx.now }),
    respondError: respondCiscoError,
    accounts: (): ManifestAccount[] =>
      accounts.map((a) => ({
        id: a.accountId,
        name: a.spec.name,
        size: a.spec.size,
        credentials: { username: a.username, apiKey: a.apiKey, accountId: a.accountId },
      })),
  };
};
