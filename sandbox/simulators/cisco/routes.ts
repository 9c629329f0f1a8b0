/**
 * Control Center REST API v1 routes under `/rws/api/v1`: Search Devices, Get/Edit Device Details, Get Device
 * Usage (ctdUsages), Get Session Details, rate plans and echo. Every call authenticates with Basic auth and spends
 * one call of the account's 5-per-second budget.
 */
import { Router, type Request, type Response } from 'express';
import { minimalView } from '../../core/admin.js';
import { accountOf, basicAuth, callBudget } from './auth.js';
import { sendCiscoError } from './errors.js';
import { applyEdit, currentDevice, parseEdit, refusedTransition, scheduleEdit, type Failure } from './edits.js';
import type { CiscoAccount } from './account.js';
import type { Device } from './fleet.js';
import { DeviceSearcher, parseSearch } from './listing.js';
import type { OperatorProfile } from './profiles.js';
import { ctdUsage, sessionInfo } from './usage.js';
import { deviceDetails, OPTIONAL_SESSION_FIELDS, ratePlanList } from './views.js';

export const BASE_PATH = '/rws/api/v1';
const ICCID_SHAPE = /^\d{19,20}$/;

export interface RouteContext {
  profile: OperatorProfile;
  accounts: readonly CiscoAccount[];
  now: () => number;
  /** Minimal mode (the sandbox's live setting): leave out the optional fields (views.ts). */
  minimal: () => boolean;
}

function isFailure(value: object): value is Failure {
  return 'error' in value;
}

export function ciscoRouter({ profile, accounts, now, minimal }: RouteContext): Router {
  const router = Router();
  const searcher = new DeviceSearcher();

  // Only apiVersion 1 exists; other versions answer Control Center's "Invalid apiVersion".
  router.use('/rws/api/:apiVersion', (req: Request, res: Response, next) => {
    if (req.params.apiVersion === 'v1') return next();
    sendCiscoError(res, 'INVALID_API_VERSION');
  });

  const v1 = Router();
  v1.use(basicAuth(accounts), callBudget());

  /** Resolves the `:iccid` path parameter to a device of the caller's account, or answers the error. */
  const deviceOr404 = (req: Request, res: Response): { account: CiscoAccount; device: Device } | undefined => {
    const iccid = String(req.params.iccid);
    if (!ICCID_SHAPE.test(iccid)) {
      sendCiscoError(res, 'INVALID_ICCID', `Invalid ICCID: ${iccid}. An ICCID has 19 or 20 digits.`);
      return undefined;
    }
    const account = accountOf(res);
    const index = account.indexOf(iccid);
    const device = index === undefined ? undefined : currentDevice(account, index, now());
    if (!device) {
      sendCiscoError(res, 'RESOURCE_NOT_FOUND');
      return undefined;
    }
    return { account, device };
  };

  v1.get('/devices', (req, res) => {
    const account = accountOf(res);
    const search = parseSearch(req.query as Record<string, unknown>, account);
    if (isFailure(search)) return sendCiscoError(res, search.error, search.message);
    res.json(searcher.search(account, search, now()));
  });

  v1.get('/devices/:iccid', (req, res) => {
    const found = deviceOr404(req, res);
    if (found) res.json(deviceDetails(found.device, found.account, minimal()));
  });

  v1.put('/devices/:iccid', (req, res) => {
    const found = deviceOr404(req, res);
    if (!found) return;
    const at = now();
    const parsed = parseEdit(req.body, profile, at);
    if (isFailure(parsed)) return sendCiscoError(res, parsed.error, parsed.message);
    const refused = refusedTransition(profile, found.device.status, parsed.edit.status);
    if (refused) return sendCiscoError(res, refused.error, refused.message);
    if (parsed.effectiveAt === null) {
      applyEdit(found.account, found.device, parsed.edit, at);
      res.status(200).json({ iccid: found.device.iccid });
    } else {
      scheduleEdit(found.account, found.device, parsed.edit, parsed.effectiveAt);
      res.status(202).json({ iccid: found.device.iccid });
    }
  });

  v1.get('/devices/:iccid/ctdUsages', (req, res) => {
    const found = deviceOr404(req, res);
    if (found) res.json(ctdUsage(found.device, profile, now()));
  });

  v1.get('/devices/:iccid/sessionInfo', (req, res) => {
    const found = deviceOr404(req, res);
    if (found)
      res.json(
        minimalView(
          sessionInfo(found.device, profile, found.account.spec.number, now()),
          OPTIONAL_SESSION_FIELDS,
          minimal(),
        ),
      );
  });

  v1.get('/rateplans', (_req, res) => {
    res.json(ratePlanList(profile));
  });

  v1.get('/echo/:param', (req, res) => {
    res.json({ context: String(req.params.param) });
  });

  router.use(BASE_PATH, v1);
  return router;
}
