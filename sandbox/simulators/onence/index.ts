/**
 * 1NCE Management API simulator (platform code 1NCE), after the official OpenAPI documents in shared/specs
 * (authorization, SIM management v1 and v2), under the specification's server path `/management-api`:
 * Basic-authenticated token call, bearer `/sims` calls held to 10 per second per organization, page/pageSize
 * paging with X-Total-* headers, synchronous PUT, queued bulk POST without tracking id, connectivity, usage and
 * quotas. docs/sandbox/onence.md describes the API as simulated.
 */
import express from 'express';
import { AdminError, addTarget, checkWord, findProduct, minimalView, type OutOfBand } from '../../core/admin.js';
import { OperationQueue } from '../../core/operations.js';
import type { ManifestAccount, SimulatorFactory } from '../../core/simulator.js';
import { OneNceOrganization } from './accounts.js';
import { iccidOf, MAX_FLEET } from './fleet.js';
import { SIM_STATUSES } from './statuses.js';
import { OPTIONAL_SIM_FIELDS, simCard } from './views.js';
import { OneNceAuth } from './auth.js';
import { BASE_PATH, respondOneNceError } from './errors.js';
import { v1Router } from './routes-v1.js';
import { v2Router } from './routes-v2.js';

export const ONE_NCE_SYSTEM = '1NCE platform';

export const oneNceSimulator: SimulatorFactory = (ctx) => {
  const organizations = ctx.accounts.map((spec) => new OneNceOrganization(spec, ctx.seed));
  const auth = new OneNceAuth(organizations, ctx.now);
  const bulk = new OperationQueue('1nce-bulk-', ctx.asyncDelayMs, ctx.now);
  const router = express.Router();
  router.post(`${BASE_PATH}/oauth/token`, auth.token);
  router.use(`${BASE_PATH}/v1`, v1Router({ auth, now: ctx.now, minimal: ctx.minimal, bulk }));
  router.use(`${BASE_PATH}/v2`, v2Router({ auth, now: ctx.now, minimal: ctx.minimal }));
  const idOf = (o: OneNceOrganization) => o.organizationId;
  const indexIn = (o: OneNceOrganization, key: string) => o.find(key)?.index;
  const outOfBand: OutOfBand = {
    statusWords: SIM_STATUSES,
    // The portal changes a SIM whatever its lifetime says (the API refuses expired SIMs; the portal is 1NCE itself).
    change: (key, status, account) => {
      const word = checkWord(SIM_STATUSES, status);
      const { account: org, index } = findProduct(organizations, idOf, account, indexIn, key);
      const sim = org.apply(org.fleet.get(index)!, { status: word }, ctx.now());
      return minimalView(simCard(sim, ctx.now()), OPTIONAL_SIM_FIELDS, ctx.minimal());
    },
    add: (count, account) => {
      const org = addTarget(organizations, idOf, account);
      if (org.fleet.indexLimit + count > MAX_FLEET)
        throw new AdminError(400, `1NCE fleets hold at most ${MAX_FLEET} SIMs per organization`);
      return { account: org.organizationId, keys: org.fleet.add(count).map((i) => iccidOf(org.spec.number, i)) };
    },
    remove: (key, account) => {
      const { account: org, index } = findProduct(organizations, idOf, account, indexIn, key);
      org.fleet.remove(index);
    },
  };
  return {
    system: ONE_NCE_SYSTEM,
    fidelity: 'official-spec',
    outOfBand,
    router,
    respondError: respondOneNceError,
    accounts: (): ManifestAccount[] =>
      organizations.map((o) => ({
        id: o.organizationId,
        name: o.spec.name,
        size: o.fleet.size,
        credentials: { username: o.username, password: o.password, organizationId: o.organizationId },
      })),
    close: () => bulk.close(),
  };
};
