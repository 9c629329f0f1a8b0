/**
 * The embedded default's demo: from a sandbox manifest (fetched over HTTP — the gateway shares no code with the
 * sandbox), tenant `demo` gets the first account of every platform and tenant `acme` the second, and a read/write
 * application `demo` can call `demo`. Run at every start: accounts are re-pointed at the sandbox's current ports.
 *
 * The demo application's credentials are DEMO_CLIENT_ID / DEMO_CLIENT_SECRET when set; otherwise they are created
 * once and kept in DATA_DIR/demo-credentials.json so that they survive restarts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSecret } from '../auth/secrets.js';
import type { AppDeps } from '../app-deps.js';
import { isPlatformCode, type PlatformCode } from '../datasources/registry.js';

interface ManifestAccount {
  id: string;
  name: string;
  size: number;
  credentials: Record<string, string>;
}

interface Manifest {
  adminUrl: string;
  platforms: Array<{ code: string; system: string; baseUrl: string; accounts: ManifestAccount[] }>;
}

export interface DemoCredentials {
  tenant: string;
  clientId: string;
  clientSecret: string;
}

const TENANTS = [
  { id: 'demo', name: 'Demo tenant (sandbox accounts #1)', accountIndex: 0 },
  { id: 'acme', name: 'Second tenant (sandbox accounts #2)', accountIndex: 1 },
];

export async function fetchManifest(url: string): Promise<Manifest> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`sandbox manifest ${url} answered ${res.status}`);
  return (await res.json()) as Manifest;
}

export async function ensureDemoTenants(deps: AppDeps, manifest: Manifest): Promise<DemoCredentials> {
  for (const tenant of TENANTS) {
    if (!(await deps.tenants.getTenant(tenant.id))) await deps.tenants.createTenant(tenant.id, tenant.name);
    const existing = await deps.tenants.listAccounts(tenant.id);
    for (const platform of manifest.platforms) {
      if (!isPlatformCode(platform.code)) continue;
      const account = platform.accounts[tenant.accountIndex];
      if (!account) continue;
      const found = existing.find((a) => a.platform === platform.code && a.backendAccountId === account.id);
      if (found) {
        await deps.tenants.updateAccountEndpoint(found.id, platform.baseUrl, account.credentials);
      } else {
        await deps.tenants.addAccount({
          id: `${tenant.id}-${platform.code.toLowerCase()}-${account.id}`.replace(/[^a-zA-Z0-9-]/g, '-'),
          tenantId: tenant.id,
          platform: platform.code as PlatformCode,
          name: account.name,
          backendAccountId: account.id,
          baseUrl: platform.baseUrl,
          credentials: account.credentials,
        });
      }
    }
  }
  return ensureDemoApplication(deps);
}

async function ensureDemoApplication(deps: AppDeps): Promise<DemoCredentials> {
  const { config } = deps;
  const file = path.join(config.DATA_DIR, 'demo-credentials.json');
  let wanted: { clientId: string; clientSecret: string } | undefined =
    config.DEMO_CLIENT_ID && config.DEMO_CLIENT_SECRET
      ? { clientId: config.DEMO_CLIENT_ID, clientSecret: config.DEMO_CLIENT_SECRET }
      : undefined;
  if (!wanted && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { clientId?: string; clientSecret?: string };
    if (saved.clientId && saved.clientSecret) wanted = { clientId: saved.clientId, clientSecret: saved.clientSecret };
  }
  const generated = !wanted;
  wanted ??= { clientId: 'demo', clientSecret: newSecret() };

  const app = await deps.tenants.getApplication(wanted.clientId);
  if (!app) {
    await deps.tenants.createApplication({
      clientId: wanted.clientId,
      secret: wanted.clientSecret,
      name: 'Demo application',
      grant: 'read_write',
      tenants: ['demo'],
    });
  } else if (!(await deps.tenants.authenticate(wanted.clientId, wanted.clientSecret))) {
    await deps.tenants.setSecret(wanted.clientId, wanted.clientSecret);
  }
  if (generated && !config.DATA_DIR.startsWith('memory://')) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(wanted, null, 2) + '\n', { mode: 0o600 });
  }
  return { tenant: 'demo', ...wanted };
}
