/** `/healthz`: the process is up. `/readyz`: the store answers and its migrations are applied, and we are not draining. */
import express, { type Router } from 'express';
import type { Db } from '../store/db.js';
import { isMigrated } from '../store/migrations.js';

export function healthRouter(db: Db, isDraining: () => boolean): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isDraining()) return void res.status(503).json({ status: 'draining' });
    try {
      const migrated = await isMigrated(db);
      res.status(migrated ? 200 : 503).json({ status: migrated ? 'ready' : 'migrations pending', store: db.kind });
    } catch {
      res.status(503).json({ status: 'store unreachable', store: db.kind });
    }
  });
  return router;
}
