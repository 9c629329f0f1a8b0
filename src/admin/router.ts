/**
 * The admin API, served by the gateway under /admin/v1 on its own port, so that administration goes through the
 * process that holds the store (PGlite allows one process) and its caches see every change at once.
 *
 *   GET    /admin/v1/status                          { store }: the CLI's probe
 *   GET    /admin/v1/tenants                         [{ id, name }]
 *   POST   /admin/v1/tenants                         { id, name } → 201 { id, name }
 *   GET    /admin/v1/tenants/{tenant}/accounts       [account] (credential field names, never values)
 *   POST   /admin/v1/tenants/{tenant}/accounts       { platform, name, backendId, baseUrl, credentials } → 201 account
 *   DELETE /admin/v1/accounts/{id}                   { id }
 *   GET    /admin/v1/apps                            [{ clientId, name, grant, tenants, revoked }]
 *   POST   /admin/v1/apps                            { name, grant, tenants, clientId? } → 201 { application, clientSecret }
 *   POST   /admin/v1/apps/{clientId}/rotate-secret   { clientId, clientSecret }
 *   POST   /admin/v1/apps/{clientId}/revoke          { clientId }
 *   POST   /admin/v1/keys/rotate   [{ withdrawOld }]  { kid, previousKeyValidSeconds }
 *
 * Every call needs `Authorization: Bearer <admin token>` (src/admin/credential.ts); without it, or with another,
 * 401. Errors are `{ "error": { "code", "message" } }` with the status of src/admin/service.ts's AdminError. Secrets
 * in answers are sent once and never logged; answers are `Cache-Control: no-store`.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../logging.js';
import type { AdminCredential } from './credential.js';
import { ADMIN_API_PREFIX, tokenMatches } from './credential.js';

export { ADMIN_API_PREFIX };
import { AdminError, type AdminService } from './service.js';

export function adminRouter(deps: {
  service: AdminService;
  credential: AdminCredential | undefined;
  logger: Logger;
  storeKind: string;
}): Router {
  const { service, credential, logger } = deps;
  const router = express.Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!credential) {
      return fail(
        res,
        new AdminError(
          'UNAUTHENTICATED',
          'this gateway has no admin credential (DATA_DIR=memory:// and no ADMIN_TOKEN): set ADMIN_TOKEN to use the admin API',
        ),
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match || !tokenMatches(match[1]!, credential.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      return fail(
        res,
        new AdminError(
          'UNAUTHENTICATED',
          match
            ? 'the admin token is not valid'
            : 'an admin token is required: send "Authorization: Bearer <admin token>"',
        ),
      );
    }
    next();
  });
  router.use(express.json({ limit: '64kb' }));

  const handle =
    (status: number, action: string, run: (req: Request) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      try {
        const body = await run(req);
        if (req.method !== 'GET')
          logger.info(
            { action, target: req.params.tenant ?? req.params.id ?? req.params.clientId },
            'admin change applied',
          );
        res.status(status).json(body);
      } catch (err) {
        fail(res, err, logger);
      }
    };
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

  router.get(
    '/status',
    handle(200, 'status', async () => ({ store: deps.storeKind })),
  );
  router.get(
    '/tenants',
    handle(200, 'tenants list', () => service.listTenants()),
  );
  router.post(
    '/tenants',
    handle(201, 'tenants create', (req) => service.createTenant(body(req))),
  );
  router.get(
    '/tenants/:tenant/accounts',
    handle(200, 'accounts list', (req) => service.listAccounts(req.params.tenant)),
  );
  router.post(
    '/tenants/:tenant/accounts',
    handle(201, 'accounts add', (req) => service.addAccount(req.params.tenant, body(req))),
  );
  router.delete(
    '/accounts/:id',
    handle(200, 'accounts remove', (req) => service.removeAccount(req.params.id)),
  );
  router.get(
    '/apps',
    handle(200, 'apps list', () => service.listApplications()),
  );
  router.post(
    '/apps',
    handle(201, 'apps create', (req) => service.createApplication(body(req))),
  );
  router.post(
    '/apps/:clientId/rotate-secret',
    handle(200, 'apps rotate-secret', (req) => service.rotateSecret(req.params.clientId)),
  );
  router.post(
    '/apps/:clientId/revoke',
    handle(200, 'apps revoke', (req) => service.revokeApplication(req.params.clientId)),
  );
  router.post(
    '/keys/rotate',
    handle(200, 'keys rotate', (req) =>
      service.rotateKeys((req.body as { withdrawOld?: unknown } | undefined)?.withdrawOld === true),
    ),
  );
  router.use((req: Request, res: Response) =>
    fail(res, new AdminError('NOT_FOUND', `no admin API route ${req.method} ${ADMIN_API_PREFIX}${req.path}`)),
  );
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    fail(
      res,
      err.type === 'entity.parse.failed'
        ? new AdminError('BAD_REQUEST', 'the request body is not valid JSON')
        : err.status === 413
          ? new AdminError('BAD_REQUEST', 'the request body is too large')
          : err,
      logger,
    );
  });
  return router;
}

function fail(res: Response, err: unknown, logger?: Logger): void {
  if (err instanceof AdminError)
    return void res.status(err.status).json({ error: { code: err.code, message: err.message } });
  logger?.error({ err }, 'admin command failed');
  res
    .status(500)
    .json({ error: { code: 'INTERNAL', message: `the command failed in the gateway: ${(err as Error).message}` } });
}
