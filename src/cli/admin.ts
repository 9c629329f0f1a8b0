/**
 * `npm run admin -- <command>`: manage tenants, platform accounts and applications in the store the gateway uses
 * (DATABASE_URL, or the PGlite files under DATA_DIR — stop an embedded gateway first: PGlite allows one process).
 *
 *   tenants list
 *   tenants create <id> <name>
 *   accounts list <tenant>
 *   accounts add <tenant> --platform <CODE> --name <name> --backend-id <id> --base-url <url> --credentials '<json>'
 *   accounts remove <account-id>
 *   apps list
 *   apps create --name <name> --grant read|read_write --tenants <t1,t2> [--client-id <id>]
 *   apps rotate-secret <client-id>
 *   apps revoke <client-id>
 *   keys rotate [--withdraw-old]
 *
 * Secrets are printed once, when created or rotated; carrier credentials are stored encrypted (SECRETS_KEY).
 */
import { parseArgs } from 'node:util';
import { KeyStore } from '../auth/keys.js';
import { newSecret } from '../auth/secrets.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { isPlatformCode, PLATFORM_CODES } from '../platforms/catalog.js';
import { SecretBox } from '../security/secret-box.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrations.js';
import { TenantStore, type Grant } from '../store/tenants.js';

class UsageError extends Error {}

export async function runAdmin(argv: string[], out: (line: string) => void = console.log): Promise<void> {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(db);
    const tenants = new TenantStore(db, SecretBox.fromConfig(config.SECRETS_KEY, config.DATA_DIR));
    const [noun, verb, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        platform: { type: 'string' }, name: { type: 'string' }, 'backend-id': { type: 'string' }, 'base-url': { type: 'string' },
        credentials: { type: 'string' }, grant: { type: 'string' }, tenants: { type: 'string' }, 'client-id': { type: 'string' },
        'withdraw-old': { type: 'boolean' },
      },
    });
    const need = (value: string | undefined, what: string): string => {
      if (!value) throw new UsageError(`missing ${what}`);
      return value;
    };
    switch (`${noun} ${verb}`) {
      case 'tenants list':
        for (const t of await tenants.listTenants()) out(`${t.id}\t${t.name}`);
        return;
      case 'tenants create': {
        const id = need(positionals[0], '<id>');
        if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) throw new UsageError('tenant id: lowercase letters, digits and -, up to 63 characters');
        await tenants.createTenant(id, need(positionals[1], '<name>'));
        out(`tenant ${id} created`);
        return;
      }
      case 'accounts list':
        for (const a of await tenants.listAccounts(need(positionals[0], '<tenant>'))) out(`${a.id}\t${a.platform}\t${a.backendAccountId}\t${a.name}\t${a.baseUrl}`);
        return;
      case 'accounts add': {
        const tenant = need(positionals[0], '<tenant>');
        const platform = need(values.platform, '--platform');
        if (!isPlatformCode(platform)) throw new UsageError(`--platform must be one of ${PLATFORM_CODES.join(', ')}`);
        let credentials: Record<string, string>;
        try {
          credentials = JSON.parse(need(values.credentials, '--credentials')) as Record<string, string>;
        } catch {
          throw new UsageError('--credentials must be a JSON object of strings');
        }
        const baseUrl = need(values['base-url'], '--base-url');
        if (!/^https?:\/\//.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
        const account = await tenants.addAccount({ tenantId: tenant, platform, name: need(values.name, '--name'), backendAccountId: need(values['backend-id'], '--backend-id'), baseUrl, credentials });
        out(`account ${account.id} added`);
        return;
      }
      case 'accounts remove':
        out((await tenants.removeAccount(need(positionals[0], '<account-id>'))) ? 'removed' : 'no such account');
        return;
      case 'apps list':
        for (const a of await tenants.listApplications()) out(`${a.clientId}\t${a.grant}\t${a.tenants.join(',')}\t${a.revoked ? 'revoked' : 'active'}\t${a.name}`);
        return;
      case 'apps create': {
        const grant = need(values.grant, '--grant');
        if (grant !== 'read' && grant !== 'read_write') throw new UsageError('--grant must be read or read_write');
        const list = need(values.tenants, '--tenants').split(',').map((t) => t.trim()).filter(Boolean);
        for (const t of list) if (!(await tenants.getTenant(t))) throw new UsageError(`no tenant ${t}`);
        const { application, secret } = await tenants.createApplication({ name: need(values.name, '--name'), grant: grant as Grant, tenants: list, clientId: values['client-id'] });
        out(`client_id=${application.clientId}`);
        out(`client_secret=${secret}   (shown once)`);
        return;
      }
      case 'apps rotate-secret': {
        const clientId = need(positionals[0], '<client-id>');
        const secret = newSecret();
        if (!(await tenants.setSecret(clientId, secret))) throw new UsageError(`no application ${clientId}`);
        out(`client_secret=${secret}   (shown once; the old secret no longer works)`);
        return;
      }
      case 'apps revoke':
        out((await tenants.revokeApplication(need(positionals[0], '<client-id>'))) ? 'revoked: its secret and live tokens are refused' : 'no active application with that id');
        return;
      case 'keys rotate': {
        const withdrawOld = values['withdraw-old'] === true;
        const kid = await new KeyStore(db, config.TOKEN_TTL_SECONDS).rotate({ withdrawOld });
        out(withdrawOld
          ? `new signing key ${kid}; tokens signed by the previous keys are refused within seconds, WebSocket connections included`
          : `new signing key ${kid}; the previous key keeps verifying tokens for ${config.TOKEN_TTL_SECONDS} s`);
        return;
      }
      default:
        throw new UsageError(`unknown command "${argv.join(' ')}"`);
    }
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAdmin(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof UsageError) console.error(`admin: ${err.message}\nSee the usage at the top of src/cli/admin.ts or docs/administration.md.`);
    else console.error(`admin: ${(err as Error).message}`);
    process.exit(2);
  });
}
