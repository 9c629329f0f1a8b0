/**
 * Starts simulators on local ports, each behind the shared request counters and fault injection, plus the admin
 * API (manifest, faults, counters, settings) on its own port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { RequestCounters } from './counters.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { TokenBucket } from './rate-limit.js';
import type { AccountSpec, ManifestAccount, Simulator, SimulatorFactory } from './simulator.js';

export interface PlatformSpec {
  code: string;
  factory: SimulatorFactory;
  /** Accounts of this platform; default: `accountsPerPlatform` accounts of `fleetSize` products. */
  accounts?: AccountSpec[];
}

export interface SandboxOptions {
  platforms: PlatformSpec[];
  seed?: string;
  host?: string;
  /** Admin API port; simulators take the ports after it. 0 = any free ports. */
  port?: number;
  fleetSize?: number;
  accountsPerPlatform?: number;
  asyncDelayMs?: number;
  now?: () => number;
  /** Enforce the platforms' rate limits (default true); benchmarks of the gateway switch them off. */
  rateLimits?: boolean;
}

export interface ManifestPlatform {
  code: string;
  system: string;
  baseUrl: string;
  accounts: ManifestAccount[];
}

export interface Manifest {
  seed: string;
  adminUrl: string;
  platforms: ManifestPlatform[];
}

export interface RunningSandbox {
  adminUrl: string;
  manifest: Manifest;
  counters: RequestCounters;
  faults: FaultInjector;
  /** Per-platform live settings. */
  settings: Map<string, { asyncDelayMs: number }>;
  close(): Promise<void>;
}

interface Instance {
  code: string;
  simulator: Simulator;
  server: http.Server;
  baseUrl: string;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const seed = options.seed ?? 'sandbox';
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 4100;
  const now = options.now ?? Date.now;
  const counters = new RequestCounters();
  const faults = new FaultInjector();
  const settings = new Map<string, { asyncDelayMs: number }>();
  const instances: Instance[] = [];
  TokenBucket.enabled = options.rateLimits ?? true;

  const close = async () => {
    faults.releaseHung();
    await Promise.all(
      instances.map(
        (i) =>
          new Promise<void>((resolve) => {
            i.simulator.close?.();
            i.server.close(() => resolve());
            i.server.closeAllConnections();
          }),
      ),
    );
  };

  try {
    let offset = 1;
    for (const spec of options.platforms) {
      settings.set(spec.code, { asyncDelayMs: options.asyncDelayMs ?? 2000 });
      const accounts =
        spec.accounts ??
        Array.from({ length: options.accountsPerPlatform ?? 2 }, (_, i) => ({
          number: i + 1,
          name: `Sandbox ${spec.code} account ${i + 1}`,
          size: options.fleetSize ?? 200,
        }));
      const simulator = spec.factory({
        code: spec.code,
        seed,
        accounts,
        asyncDelayMs: () => settings.get(spec.code)!.asyncDelayMs,
        now,
      });
      const app = express();
      app.disable('x-powered-by');
      app.set('etag', false);
      app.use(counters.middleware(spec.code));
      app.use(faults.middleware(spec.code, simulator.respondError));
      app.use(express.json({ type: ['application/json', 'application/*+json'], limit: '5mb' }));
      app.use(express.urlencoded({ extended: false }));
      app.use(simulator.router);
      app.use((req: Request, res: Response) => simulator.respondError(res, 404, `No route for ${req.method} ${req.path}`));
      app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
        const status = err.type === 'entity.parse.failed' ? 400 : (err.status ?? 500);
        simulator.respondError(res, status, status === 400 ? `Malformed request body: ${err.message}` : 'Internal error');
      });
      const server = http.createServer(app);
      const port = await listen(server, host, basePort === 0 ? 0 : basePort + offset++);
      instances.push({ code: spec.code, simulator, server, baseUrl: `http://${host}:${port}` });
    }

    const manifestOf = (adminUrl: string): Manifest => ({
      seed,
      adminUrl,
      platforms: instances.map((i) => ({
        code: i.code,
        system: i.simulator.system,
        baseUrl: i.baseUrl,
        accounts: i.simulator.accounts(),
      })),
    });

    const admin = express();
    admin.disable('x-powered-by');
    admin.use(express.json());
    const adminServer = http.createServer(admin);
    const adminPort = await listen(adminServer, host, basePort);
    const adminUrl = `http://${host}:${adminPort}`;
    const manifest = manifestOf(adminUrl);
    const known = (code: string) => instances.some((i) => i.code === code);

    admin.get('/admin/manifest', (_req, res) => {
      res.json(manifest);
    });
    admin.get('/admin/faults', (_req, res) => {
      res.json(Object.fromEntries(instances.map((i) => [i.code, faults.get(i.code)])));
    });
    admin.put('/admin/faults/:code', (req, res) => {
      const code = String(req.params.code);
      if (!known(code)) return void res.status(404).json({ error: `unknown platform ${code}` });
      try {
        res.json(faults.set(code, (req.body ?? {}) as Partial<FaultSettings>));
      } catch (err) {
        res.status(400).json({ error: (err as Error).message });
      }
    });
    admin.delete('/admin/faults/:code', (req, res) => {
      faults.reset(String(req.params.code));
      res.status(204).end();
    });
    admin.delete('/admin/faults', (_req, res) => {
      faults.reset();
      res.status(204).end();
    });
    admin.get('/admin/counters', (req, res) => {
      res.json(counters.snapshot(typeof req.query.platform === 'string' ? req.query.platform : undefined));
    });
    admin.delete('/admin/counters', (_req, res) => {
      counters.reset();
      res.status(204).end();
    });
    admin.get('/admin/settings', (_req, res) => {
      res.json(Object.fromEntries(settings));
    });
    admin.put('/admin/settings/:code', (req, res) => {
      const code = String(req.params.code);
      const delay = (req.body as { asyncDelayMs?: unknown })?.asyncDelayMs;
      if (!known(code)) return void res.status(404).json({ error: `unknown platform ${code}` });
      if (typeof delay !== 'number' || delay < 0 || delay > 3_600_000) {
        return void res.status(400).json({ error: 'asyncDelayMs must be a number of milliseconds, 0..3600000' });
      }
      settings.set(code, { asyncDelayMs: delay });
      res.json(settings.get(code));
    });

    const originalClose = close;
    return {
      adminUrl,
      manifest,
      counters,
      faults,
      settings,
      close: async () => {
        await originalClose();
        await new Promise<void>((resolve) => {
          adminServer.close(() => resolve());
          adminServer.closeAllConnections();
        });
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
