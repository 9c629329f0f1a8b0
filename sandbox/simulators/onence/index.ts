/**
 * 1NCE Management API simulator (platform code 1NCE), after the official OpenAPI documents in shared/specs
 * (authorization, SIM management v1 and v2), under the specification's server path `/management-api`:
 * Basic-authenticated token call, bearer `/sims` calls held to 10 per second per organization, page/pageSize
 * paging with X-Total-* headers, synchronous PUT, queued bulk POST without tracking id, connectivity, usage and
 * quotas. docs/sandbox/onence.md describes the API as simulated.
 */
import express from 'express';
import { OperationQueue } from '../../core/operations.js';
import type { ManifestAccount, SimulatorFactory } from '../../core/simulator.js';
import { OneNceOrganization } from './accounts.js';
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
  router.use(`${BASE_PATH}/v1`, v1Router({ auth, now: ctx.now, bulk }));
  router.use(`${BASE_PATH}/v2`, v2Router({ auth, now: ctx.now }));
  return {
    system: ONE_NCE_SYSTEM,
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
