/**
 * `POST /sandbox/demo-token`: an access token for the embedded sandbox's demo application, so that GraphiQL's
 * "Get demo token" button fills the Authorization header in one click (and renews it before it expires).
 *
 * Offered only with the embedded sandbox — SANDBOX=embedded with a sandbox manifest (what `npm start` sets up) — and
 * never with NODE_ENV=production; otherwise the path does not exist (404). It issues tokens for one application only:
 * the demo application (DEMO_CLIENT_ID, default `demo`, created by src/bootstrap/demo.ts), and only while that
 * application is limited to the demo tenant, whose accounts are sandbox accounts. It refuses requests from another
 * site (their Origin or Sec-Fetch-Site says so), so a web page elsewhere cannot take a token from a developer's
 * local gateway. The answer has the shape of POST /oauth/token's: { access_token, token_type, expires_in, scope }.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../app-deps.js';
import type { Config } from '../config/config.js';

export const DEMO_TOKEN_PATH = '/sandbox/demo-token';
export const DEMO_TENANT = 'demo';

/** True when this process runs beside the embedded sandbox and is not a production deployment. */
export function demoTokenEnabled(config: Config): boolean {
  return config.SANDBOX === 'embedded' && !!config.SANDBOX_MANIFEST_URL && config.NODE_ENV !== 'production';
}

function crossSite(req: Request): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

function refuse(res: Response, status: number, error: string, description: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json({ error, error_description: description });
}

export function demoTokenRouter(deps: Pick<AppDeps, 'config' | 'tenants' | 'tokens' | 'logger'>): Router {
  const router = express.Router();
  if (!demoTokenEnabled(deps.config)) return router;
  const clientId = deps.config.DEMO_CLIENT_ID ?? 'demo';
  router.post(DEMO_TOKEN_PATH, async (req, res) => {
    if (crossSite(req))
      return refuse(res, 403, 'access_denied', 'Demo tokens are issued to pages of this gateway only');
    try {
      const app = await deps.tenants.getApplication(clientId);
      if (!app || app.revoked || app.tenants.length !== 1 || app.tenants[0] !== DEMO_TENANT) {
        return refuse(
          res,
          404,
          'not_found',
          `There is no demo application "${clientId}" limited to tenant "${DEMO_TENANT}" (npm start creates it)`,
        );
      }
      const token = await deps.tokens.issue(app);
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        access_token: token.accessToken,
        token_type: 'Bearer',
        expires_in: token.expiresIn,
        scope: token.scope,
      });
    } catch (err) {
      deps.logger.error({ err }, 'demo token could not be issued');
      refuse(res, 500, 'server_error', 'The demo token could not be issued');
    }
  });
  return router;
}
