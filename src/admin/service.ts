/**
 * The administration commands, checked and applied: tenants, platform accounts, applications, signing keys. One
 * implementation serves both the admin API inside a running gateway (src/admin/router.ts) and the CLI's direct mode
 * (src/cli/admin.ts, no gateway running), so both check the same things and answer with the same messages.
 *
 * Every refusal is an AdminError with a stable code, an HTTP status and a message meant for the operator (what is
 * wrong, with the value, and what is accepted). Nothing is half-applied: each command is one store write, and the
 * store's own uniqueness and reference checks are turned into the same messages when two commands race.
 *
 * The service writes through the process's TenantStore and KeyStore, so the running gateway's read caches are cleared
 * at once: a new application's secret, a rotated secret and a revocation take effect on the next request.
 */
import { newSecret } from '../auth/secrets.js';
import type { KeyStore } from '../auth/keys.js';
import { isPlatformCode, PLATFORM_CODES, PLATFORMS, type PlatformCode } from '../datasources/registry.js';
import type { Application, Grant, PlatformAccount, Tenant, TenantStore } from '../store/tenants.js';

export type AdminErrorCode =
  'BAD_REQUEST' | 'UNAUTHENTICATED' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'CONFLICT' | 'INTERNAL';

const STATUS: Record<AdminErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  INTERNAL: 500,
};

export class AdminError extends Error {
  readonly status: number;
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = STATUS[code];
  }
}

const bad = (message: string) => new AdminError('BAD_REQUEST', message);

/** The credential fields each platform's adapter needs (src/datasources/<adapter>/index.ts), and optional ones. */
const CREDENTIAL_FIELDS: Record<PlatformCode, { required: string[]; optional?: string[] }> = {
  TMSP: { required: ['clientId', 'clientSecret', 'partnerId', 'tokenUrl'] },
  TMUS: { required: ['username', 'apiKey'] },
  JASPER: { required: ['username', 'apiKey'] },
  INTELSAT: { required: ['clientId', 'clientSecret'] },
  IOTA: { required: ['clientId', 'username', 'password'], optional: ['organizationId'] },
  AIRLINQ: { required: ['username', 'password'] },
  '1NCE': { required: ['username', 'password'], optional: ['organizationId'] },
  STC: { required: ['username', 'password'] },
  TURKCELL: { required: ['customerNo', 'apiKey'] },
  GALAXY1: { required: ['clientId', 'clientSecret'] },
};

export function credentialFields(platform: PlatformCode): { required: string[]; optional: string[] } {
  return { required: CREDENTIAL_FIELDS[platform].required, optional: CREDENTIAL_FIELDS[platform].optional ?? [] };
}

export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const CLIENT_ID = /^[A-Za-z0-9._~-]{3,64}$/;

/** What the API and CLI show of an account: never its credentials, only which fields are set. */
export interface AccountView {
  id: string;
  tenantId: string;
  platform: PlatformCode;
  name: string;
  backendAccountId: string;
  baseUrl: string;
  credentialFields: string[];
}

export interface AccountInput {
  platform?: unknown;
  name?: unknown;
  backendId?: unknown;
  baseUrl?: unknown;
  credentials?: unknown;
}

export interface ApplicationInput {
  name?: unknown;
  grant?: unknown;
  tenants?: unknown;
  clientId?: unknown;
}

function text(value: unknown, what: string, max = 200): string {
  if (typeof value !== 'string' || value.trim() === '') throw bad(`${what} is required`);
  if (value.length > max) throw bad(`${what} is longer than ${max} characters`);
  return value.trim();
}

/** "1NCE", "ONE_NCE" (the GraphQL name) or any case of either. */
export function parsePlatform(value: unknown): PlatformCode {
  const given = text(value, 'platform', 40).toUpperCase();
  if (isPlatformCode(given)) return given;
  const byName = Object.values(PLATFORMS).find((p) => p.name === given);
  if (byName) return byName.code;
  throw bad(`unknown platform "${String(value)}": use one of ${PLATFORM_CODES.join(', ')}`);
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === '23505';
}
function isReferenceViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === '23503';
}

export class AdminService {
  constructor(private readonly deps: { tenants: TenantStore; keys: KeyStore; tokenTtlSeconds: number }) {}

  listTenants(): Promise<Tenant[]> {
    return this.deps.tenants.listTenants();
  }

  async createTenant(input: { id?: unknown; name?: unknown }): Promise<Tenant> {
    const id = text(input.id, 'tenant id', 63);
    if (!TENANT_ID.test(id))
      throw bad(
        `tenant id "${id}": use lowercase letters, digits and -, starting with a letter or digit, up to 63 characters`,
      );
    const name = text(input.name, 'tenant name');
    if (await this.deps.tenants.getTenant(id)) throw new AdminError('ALREADY_EXISTS', `tenant "${id}" already exists`);
    try {
      return await this.deps.tenants.createTenant(id, name);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AdminError('ALREADY_EXISTS', `tenant "${id}" already exists`);
      throw err;
    }
  }

  private async tenant(id: unknown): Promise<Tenant> {
    const tenantId = text(id, 'tenant id', 63);
    const tenant = TENANT_ID.test(tenantId) ? await this.deps.tenants.getTenant(tenantId) : undefined;
    if (!tenant) throw new AdminError('NOT_FOUND', `unknown tenant "${tenantId}" (tenants list shows the tenants)`);
    return tenant;
  }

  async listAccounts(tenantId: unknown): Promise<AccountView[]> {
    const tenant = await this.tenant(tenantId);
    return (await this.deps.tenants.listAccounts(tenant.id)).map(view);
  }

  async addAccount(tenantId: unknown, input: AccountInput): Promise<AccountView> {
    const tenant = await this.tenant(tenantId);
    const platform = parsePlatform(input.platform);
    const name = text(input.name, 'account name');
    const backendAccountId = text(input.backendId, "backend id (the account's id at the platform)");
    const baseUrl = text(input.baseUrl, 'base URL', 2000);
    let parsedUrl: URL | undefined;
    try {
      parsedUrl = new URL(baseUrl);
    } catch {
      parsedUrl = undefined;
    }
    if (!parsedUrl || (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:'))
      throw bad(`base URL "${baseUrl}" is not an http(s) URL`);
    const credentials = input.credentials;
    const fields = credentialFields(platform);
    const expected = `${platform} credentials are a JSON object with ${fields.required.join(', ')}${fields.optional.length ? ` (optional: ${fields.optional.join(', ')})` : ''}`;
    if (!credentials || typeof credentials !== 'object' || Array.isArray(credentials))
      throw bad(`credentials: ${expected}`);
    const entries = Object.entries(credentials as Record<string, unknown>);
    const notText = entries.filter(([, v]) => typeof v !== 'string').map(([k]) => k);
    if (notText.length) throw bad(`credentials: ${notText.join(', ')} must be strings; ${expected}`);
    const missing = fields.required.filter((f) => !(credentials as Record<string, string>)[f]);
    if (missing.length) throw bad(`credentials: ${missing.join(', ')} missing; ${expected}`);
    const existing = (await this.deps.tenants.listAccounts(tenant.id)).find(
      (a) => a.platform === platform && a.backendAccountId === backendAccountId,
    );
    const duplicate = () =>
      new AdminError(
        'ALREADY_EXISTS',
        `tenant "${tenant.id}" already has the ${platform} account "${backendAccountId}"${existing ? ` (${existing.id})` : ''}`,
      );
    if (existing) throw duplicate();
    try {
      return view(
        await this.deps.tenants.addAccount({
          tenantId: tenant.id,
          platform,
          name,
          backendAccountId,
          baseUrl,
          credentials: credentials as Record<string, string>,
        }),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate();
      if (isReferenceViolation(err)) throw new AdminError('NOT_FOUND', `unknown tenant "${tenant.id}"`);
      throw err;
    }
  }

  async removeAccount(id: unknown): Promise<{ id: string }> {
    const accountId = text(id, 'account id');
    if (!(await this.deps.tenants.removeAccount(accountId)))
      throw new AdminError(
        'NOT_FOUND',
        `unknown account "${accountId}" (accounts list <tenant> shows a tenant's accounts)`,
      );
    return { id: accountId };
  }

  listApplications(): Promise<Application[]> {
    return this.deps.tenants.listApplications();
  }

  async createApplication(input: ApplicationInput): Promise<{ application: Application; clientSecret: string }> {
    const name = text(input.name, 'application name');
    const grant = input.grant;
    if (grant !== 'read' && grant !== 'read_write') throw bad(`grant "${String(grant ?? '')}": use read or read_write`);
    const given = typeof input.tenants === 'string' ? input.tenants.split(',') : input.tenants;
    if (!Array.isArray(given) || !given.every((t) => typeof t === 'string'))
      throw bad('tenants: a list of tenant ids is required');
    const tenants = [...new Set(given.map((t: string) => t.trim()).filter(Boolean))];
    if (!tenants.length) throw bad('tenants: name at least one tenant');
    for (const t of tenants) await this.tenant(t);
    let clientId: string | undefined;
    if (input.clientId !== undefined && input.clientId !== null && input.clientId !== '') {
      clientId = text(input.clientId, 'client id', 64);
      if (!CLIENT_ID.test(clientId)) throw bad(`client id "${clientId}": 3 to 64 letters, digits or . _ ~ -`);
      if (await this.deps.tenants.getApplication(clientId))
        throw new AdminError('ALREADY_EXISTS', `application "${clientId}" already exists`);
    }
    try {
      const { application, secret } = await this.deps.tenants.createApplication({
        name,
        grant: grant as Grant,
        tenants,
        clientId,
      });
      return { application, clientSecret: secret };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AdminError('ALREADY_EXISTS', `application "${clientId}" already exists`);
      if (isReferenceViolation(err))
        throw new AdminError('NOT_FOUND', `a tenant of ${tenants.join(', ')} was removed meanwhile`);
      throw err;
    }
  }

  private async application(id: unknown): Promise<Application> {
    const clientId = text(id, 'client id', 200);
    const app = await this.deps.tenants.getApplication(clientId);
    if (!app) throw new AdminError('NOT_FOUND', `unknown client id "${clientId}" (apps list shows the applications)`);
    return app;
  }

  async rotateSecret(clientId: unknown): Promise<{ clientId: string; clientSecret: string }> {
    const app = await this.application(clientId);
    if (app.revoked) throw new AdminError('CONFLICT', `application "${app.clientId}" is revoked; create a new one`);
    const secret = newSecret();
    if (!(await this.deps.tenants.setSecret(app.clientId, secret)))
      throw new AdminError('NOT_FOUND', `unknown client id "${app.clientId}"`);
    return { clientId: app.clientId, clientSecret: secret };
  }

  async revokeApplication(clientId: unknown): Promise<{ clientId: string }> {
    const app = await this.application(clientId);
    if (app.revoked || !(await this.deps.tenants.revokeApplication(app.clientId))) {
      throw new AdminError('CONFLICT', `application "${app.clientId}" is already revoked`);
    }
    return { clientId: app.clientId };
  }

  /** A new signing key; `withdrawOld` refuses the previous keys' tokens at once (a key that may have leaked). */
  async rotateKeys(withdrawOld = false): Promise<{ kid: string; previousKeyValidSeconds: number }> {
    return {
      kid: await this.deps.keys.rotate({ withdrawOld }),
      previousKeyValidSeconds: withdrawOld ? 0 : this.deps.tokenTtlSeconds,
    };
  }
}

function view(a: PlatformAccount): AccountView {
  return {
    id: a.id,
    tenantId: a.tenantId,
    platform: a.platform,
    name: a.name,
    backendAccountId: a.backendAccountId,
    baseUrl: a.baseUrl,
    credentialFields: Object.keys(a.credentials).sort(),
  };
}
