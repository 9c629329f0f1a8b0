/**
 * Starts simulators on local ports, each behind the shared request counters and fault injection, plus the admin
 * API on its own port: manifest (with each simulator's fidelity label), faults, counters, live settings
 * (`asyncDelayMs`, `minimal`) and out-of-band changes (`/admin/platforms/{CODE}/changes|products`), which each
 * simulator implements (core/admin.ts). docs/sandbox.md documents every admin request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AdminError } from './admin.js';
import { RequestCounters } from './counters.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { TokenBucket } from './rate-limit.js';
import type { AccountSpec, Fidelity, ManifestAccount, Simulator, SimulatorFactory } from './simulator.js';

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
  /** Host name the manifest gives clients (default: host) — e.g. the service name when listening on 0.0.0.0 in a container. */
  publicHost?: string;
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
  fidelity: Fidelity;
  baseUrl: string;
  accounts: ManifestAccount[];
}

export interface Manifest {
  seed: string;
  adminUrl: string;
  platforms: ManifestPlatform[];
}

/** Live settings of one simulator (`PUT /admin/settings/{CODE}`). */
export interface SimulatorSettings {
  asyncDelayMs: number;
  minimal: boolean;
}

/** Most products one `POST /admin/platforms/{CODE}/products` adds. */
export const MAX_ADD = 100_000;

export interface RunningSandbox {
  adminUrl: string;
  manifest: Manifest;
  counters: RequestCounters;
  faults: FaultInjector;
  /** Per-platform live settings. */
  settings: Map<string, SimulatorSettings>;
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
  const publicHost = options.publicHost ?? host;
  const basePort = options.port ?? 4100;
  const now = options.now ?? Date.now;
  const counters = new RequestCounters();
  const faults = new FaultInjector();
  const settings = new Map<string, SimulatorSettings>();
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
      settings.set(spec.code, { asyncDelayMs: options.asyncDelayMs ?? 2000, minimal: false });
      const accounts =
        spec.accounts ??
        Array.from({ length: options.accountsPerPlatform ?? 2 }, (_, i) => ({
          number: i + 1,
          name: `Sandbox ${spec.code} account ${i + 1}`,
          size: options.fleetSize ?? 200,
        }));
      let baseUrl = '';
      const simulator = spec.factory({
        code: spec.code,
        seed,
        accounts,
        asyncDelayMs: () => settings.get(spec.code)!.asyncDelayMs,
        minimal: () => settings.get(spec.code)!.minimal,
        now,
        baseUrl: () => baseUrl,
      });
      const app = express();
      app.disable('x-powered-by');
      app.set('etag', false);
      app.use(counters.middleware(spec.code));
      app.use(faults.middleware(spec.code, simulator.respondError));
      app.use(express.json({ type: ['application/json', 'application/*+json'], limit: '5mb' }));
      app.use(express.urlencoded({ extended: false }));
      app.use(simulator.router);
      app.use((req: Request, res: Response) =>
        simulator.respondError(res, 404, `No route for ${req.method} ${req.path}`),
      );
      app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
        const status = err.type === 'entity.parse.failed' ? 400 : (err.status ?? 500);
        simulator.respondError(
          res,
          status,
          status === 400 ? `Malformed request body: ${err.message}` : 'Internal error',
        );
      });
      const server = http.createServer(app);
      const port = await listen(server, host, basePort === 0 ? 0 : basePort + offset++);
      baseUrl = `http://${publicHost}:${port}`;
      instances.push({ code: spec.code, simulator, server, baseUrl });
    }

    const manifestOf = (adminUrl: string): Manifest => ({
      seed,
      adminUrl,
      platforms: instances.map((i) => ({
        code: i.code,
        system: i.simulator.system,
        fidelity: i.simulator.fidelity,
        baseUrl: i.baseUrl,
        accounts: i.simulator.accounts(),
      })),
    });

    const admin = express();
    admin.disable('x-powered-by');
    admin.use(express.json());
    const adminServer = http.createServer(admin);
    const adminPort = await listen(adminServer, host, basePort);
    const adminUrl = `http://${publicHost}:${adminPort}`;
    const manifest = manifestOf(adminUrl);
    const known = (code: string) => instances.some((i) => i.code === code);

    admin.get('/admin/manifest', (_req, res) => {
      // Computed per request: account sizes follow products added or removed through the admin API.
      res.json(manifestOf(adminUrl));
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
      if (!known(code)) return void res.status(404).json({ error: `unknown platform ${code}` });
      const body = (req.body ?? {}) as Record<string, unknown>;
      const unknownKeys = Object.keys(body).filter((k) => k !== 'asyncDelayMs' && k !== 'minimal');
      if (unknownKeys.length > 0 || Object.keys(body).length === 0) {
        return void res.status(400).json({
          error: `settings are asyncDelayMs and minimal${unknownKeys.length ? ` (unknown: ${unknownKeys.join(', ')})` : ''}`,
        });
      }
      const { asyncDelayMs: delay, minimal } = body;
      if (delay !== undefined && (typeof delay !== 'number' || delay < 0 || delay > 3_600_000)) {
        return void res.status(400).json({ error: 'asyncDelayMs must be a number of milliseconds, 0..3600000' });
      }
      if (minimal !== undefined && typeof minimal !== 'boolean')
        return void res.status(400).json({ error: 'minimal must be true or false' });
      const current = settings.get(code)!;
      settings.set(code, {
        asyncDelayMs: (delay as number | undefined) ?? current.asyncDelayMs,
        minimal: (minimal as boolean | undefined) ?? current.minimal,
      });
      res.json(settings.get(code));
    });

    /** Runs an out-of-band action, answering AdminErrors with their status and `{ error }`. */
    const outOfBand = (req: Request, res: Response, act: (sim: Simulator) => void) => {
      const code = String(req.params.code);
      const instance = instances.find((i) => i.code === code);
      if (!instance) return void res.status(404).json({ error: `unknown platform ${code}` });
      try {
        act(instance.simulator);
      } catch (err) {
        if (err instanceof AdminError) return void res.status(err.status).json({ error: err.message });
        throw err;
      }
    };
    const optionalAccount = (value: unknown): string | undefined => {
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'string' || value === '')
        throw new AdminError(400, 'account must be an account id from the manifest');
      return value;
    };
    admin.post('/admin/platforms/:code/changes', (req, res) => {
      outOfBand(req, res, (sim) => {
        const { key, status, account } = (req.body ?? {}) as Record<string, unknown>;
        if (typeof key !== 'string' || key === '')
          throw new AdminError(400, 'key (the ICCID or serial number) is required');
        if (typeof status !== 'string' || status === '')
          throw new AdminError(400, `status is required; this platform uses: ${sim.outOfBand.statusWords.join(', ')}`);
        res.json(sim.outOfBand.change(key, status, optionalAccount(account)));
      });
    });
    admin.post('/admin/platforms/:code/products', (req, res) => {
      outOfBand(req, res, (sim) => {
        const { count, account } = (req.body ?? {}) as Record<string, unknown>;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_ADD)
          throw new AdminError(400, `count must be a whole number from 1 to ${MAX_ADD}`);
        res.status(201).json(sim.outOfBand.add(count, optionalAccount(account)));
      });
    });
    admin.delete('/admin/platforms/:code/products/:key', (req, res) => {
      outOfBand(req, res, (sim) => {
        sim.outOfBand.remove(String(req.params.key), optionalAccount(req.query.account));
        res.status(204).end();
      });
    });
    admin.use((err: Error & { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
      if (err.type === 'entity.parse.failed')
        return void res.status(400).json({ error: `Malformed JSON body: ${err.message}` });
      res.status(500).json({ error: err.message });
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
