/**
 * A gateway and a sandbox of the given simulators, both in this process but talking only HTTP: the tenant `demo`
 * gets account 1 of every platform and `acme` account 2, from the sandbox's manifest, as `npm start` does.
 */
import type { PlatformSpec } from '../../sandbox/core/harness.js';
import { ensureDemoTenants, fetchManifest } from '../../src/bootstrap/demo.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';
import { startTestGateway, type GraphQLBody, type TestGateway } from './gateway.js';

export interface TestStack {
  sandbox: TestSandbox;
  gateway: TestGateway;
  /** A read/write token for `demo` (and any extra tenants). */
  token: string;
  query(query: string, variables?: Record<string, unknown>, tenant?: string, token?: string): Promise<GraphQLBody>;
  close(): Promise<void>;
}

export async function startStack(
  platforms: PlatformSpec[],
  options: { fleetSize?: number; asyncDelayMs?: number; env?: Record<string, string> } = {},
): Promise<TestStack> {
  const sandbox = await startTestSandbox(platforms, {
    fleetSize: options.fleetSize ?? 25,
    asyncDelayMs: options.asyncDelayMs ?? 100,
  });
  const gateway = await startTestGateway(options.env);
  await ensureDemoTenants(gateway.gateway.deps, await fetchManifest(`${sandbox.sandbox.adminUrl}/admin/manifest`));
  const token = await gateway.token(['demo']);
  return {
    sandbox,
    gateway,
    token,
    query: async (query, variables, tenant = 'demo', tok = token) =>
      (await gateway.graphql(tenant, tok, query, variables)).body,
    close: async () => {
      await gateway.close();
      await sandbox.close();
    },
  };
}
