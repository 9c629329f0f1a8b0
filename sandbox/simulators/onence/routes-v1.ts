/**
 * The v1 SIM management routes (mounted at /management-api/v1): list, single SIM, synchronous PUT, the bulk POST
 * that only queues (201, applied after the sandbox's async delay, no tracking id — "a positive response only means
 * that the SIM changes has been successfully placed into the queue"), connectivity status, daily usage and quotas.
 * Errors are bare status codes, as the v1 specification documents them: 401, 404, 422.
 */
import { minimalView } from '../../core/admin.js';
import express, { type Request, type Response, type Router } from 'express';
import type { OperationQueue } from '../../core/operations.js';
import { refusal, type OneNceOrganization } from './accounts.js';
import { organizationOf, type OneNceAuth } from './auth.js';
import { bare } from './errors.js';
import type { OneNceSim } from './fleet.js';
import { parseListQuery, selectPage, setPagingHeaders } from './listing.js';
import { parseUpdate, parseUsagePeriod, sameIccid, type SimUpdate } from './requests.js';
import { connectivityV1, quotaV1, simCard, usageView, OPTIONAL_SIM_FIELDS } from './views.js';

export interface RouteDeps {
  auth: OneNceAuth;
  now: () => number;
  /** Minimal mode (the sandbox's live setting). */
  minimal: () => boolean;
  /** Bulk updates waiting for the async delay (v1 only). */
  bulk: OperationQueue;
}

/** The SIM of `:iccid` in the caller's organization, or a bare 404 (malformed and foreign ICCIDs alike). */
function simOf(req: Request, res: Response): OneNceSim | undefined {
  const sim = organizationOf(res).find(String(req.params.iccid));
  if (!sim) bare(res, 404);
  return sim;
}

export function v1Router({ auth, now, minimal, bulk }: RouteDeps): Router {
  const router = express.Router();
  router.use('/sims', auth.guard);

  router.get('/sims', (req, res) => {
    const query = parseListQuery(req);
    if (typeof query === 'string') return bare(res, 422);
    const { items, total } = selectPage(organizationOf(res), query);
    setPagingHeaders(res, query, total);
    res.json(items.map((s) => minimalView(simCard(s, now()), OPTIONAL_SIM_FIELDS, minimal())));
  });

  router.post('/sims', (req, res) => {
    const org = organizationOf(res);
    const body: unknown = req.body;
    if (!Array.isArray(body) || body.length === 0) return bare(res, 422);
    const updates = body.map((item) => parseUpdate(item, true));
    if (updates.some((u) => typeof u === 'string')) return bare(res, 422);
    const planned = (updates as SimUpdate[]).map((update) => ({ update, sim: org.find(update.iccid!) }));
    if (planned.some((p) => !p.sim)) return bare(res, 404);
    if (planned.some((p) => refusal(p.sim!, p.update.status, now()))) return bare(res, 422);
    bulk.submit(org.organizationId, 'SIM_UPDATE', body, { run: () => applyAll(org, planned, now()) });
    res.status(201).end();
  });

  router.get('/sims/:iccid', (req, res) => {
    const sim = simOf(req, res);
    if (sim) res.json(minimalView(simCard(sim, now()), OPTIONAL_SIM_FIELDS, minimal()));
  });

  router.put('/sims/:iccid', (req, res) => {
    const update = parseUpdate(req.body, true);
    if (typeof update === 'string' || !sameIccid(update.iccid!, String(req.params.iccid))) return bare(res, 422);
    const sim = simOf(req, res);
    if (!sim) return;
    if (refusal(sim, update.status, now())) return bare(res, 422);
    organizationOf(res).apply(sim, update, now());
    res.status(200).end();
  });

  router.get('/sims/:iccid/status', (req, res) => {
    const sim = simOf(req, res);
    if (sim) res.json(connectivityV1(sim, organizationOf(res).organizationId, now()));
  });

  router.get('/sims/:iccid/usage', (req, res) => {
    const period = parseUsagePeriod(req, now());
    const sim = simOf(req, res);
    if (!sim) return;
    if (typeof period === 'string') return bare(res, 422);
    res.json(usageView(sim, period.from, period.to, now()));
  });

  for (const service of ['data', 'sms'] as const) {
    router.get(`/sims/:iccid/quota/${service}`, (req, res) => {
      const sim = simOf(req, res);
      if (sim) res.json(quotaV1(sim, service, now()));
    });
  }
  return router;
}

/** Runs a queued bulk update: each SIM as it is now (another change may have come in the meantime). */
function applyAll(org: OneNceOrganization, planned: Array<{ update: SimUpdate; sim?: OneNceSim }>, at: number): number {
  for (const { update, sim } of planned) {
    const current = org.fleet.get(sim!.index);
    if (current && !refusal(current, update.status, at)) org.apply(current, update, at);
  }
  return planned.length;
}
