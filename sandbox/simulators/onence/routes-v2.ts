/**
 * The v2 routes the gateway may prefer (mounted at /management-api/v2): list and single SIM (same document as v1),
 * PUT (200 without body; 409 Conflict for an expired SIM), the richer connectivity detail (`pdp_contexts[].apn`,
 * BLOCKED, data limit state) and the v2 quotas (status EXHAUSTED/ACTIVE/EXPIRED). Errors carry the v2 body
 * `{ error_code, error_token, message }`. v2 has no bulk update and no usage call: those stay on v1.
 */
import { minimalView } from '../../core/admin.js';
import express, { type Request, type Response, type Router } from 'express';
import { refusal } from './accounts.js';
import { organizationOf } from './auth.js';
import { v2Error } from './errors.js';
import type { OneNceSim } from './fleet.js';
import { parseListQuery, selectPage, setPagingHeaders } from './listing.js';
import { parseUpdate, sameIccid } from './requests.js';
import type { RouteDeps } from './routes-v1.js';
import { connectivityV2, OPTIONAL_CONNECTIVITY_V2_FIELDS, quotaV2, simCard, OPTIONAL_SIM_FIELDS } from './views.js';

function simOf(req: Request, res: Response): OneNceSim | undefined {
  const iccid = String(req.params.iccid);
  const sim = organizationOf(res).find(iccid);
  if (!sim) v2Error(res, 404, `SIM with ICCID ${iccid} not found`);
  return sim;
}

export function v2Router({ auth, now, minimal }: Pick<RouteDeps, 'auth' | 'now' | 'minimal'>): Router {
  const router = express.Router();
  router.use('/sims', auth.guard);

  router.get('/sims', (req, res) => {
    const query = parseListQuery(req);
    if (typeof query === 'string') return v2Error(res, 400, query);
    const { items, total } = selectPage(organizationOf(res), query);
    setPagingHeaders(res, query, total);
    res.json(items.map((s) => minimalView(simCard(s, now()), OPTIONAL_SIM_FIELDS, minimal())));
  });

  router.get('/sims/:iccid', (req, res) => {
    const sim = simOf(req, res);
    if (sim) res.json(minimalView(simCard(sim, now()), OPTIONAL_SIM_FIELDS, minimal()));
  });

  router.put('/sims/:iccid', (req, res) => {
    const update = parseUpdate(req.body ?? {}, false);
    if (typeof update === 'string') return v2Error(res, 400, update);
    if (update.iccid !== undefined && !sameIccid(update.iccid, String(req.params.iccid)))
      return v2Error(res, 400, 'The iccid of the body differs from the path');
    const sim = simOf(req, res);
    if (!sim) return;
    const refused = refusal(sim, update.status, now());
    if (refused) return v2Error(res, 409, refused);
    organizationOf(res).apply(sim, update, now());
    res.status(200).end();
  });

  router.get('/sims/:iccid/status', (req, res) => {
    const sim = simOf(req, res);
    if (sim)
      res.json(
        minimalView(
          connectivityV2(sim, organizationOf(res).organizationId, now()),
          OPTIONAL_CONNECTIVITY_V2_FIELDS,
          minimal(),
        ),
      );
  });

  for (const service of ['data', 'sms'] as const) {
    router.get(`/sims/:iccid/quota/${service}`, (req, res) => {
      const sim = simOf(req, res);
      if (sim) res.json(quotaV2(sim, service, now()));
    });
  }
  return router;
}
