/**
 * GraphiQL in a real browser (Debian's Chromium, driven by playwright-core), with no network beyond localhost, as a
 * new user meets it beside the embedded sandbox:
 * - a token saved in the Headers editor goes with the schema request on load, so Docs shows the schema's
 *   descriptions at once; a token typed in later fetches the schema again, without the re-fetch icon;
 * - "Get demo token" fills the Authorization header in one click, a query and a streaming subscription run with it,
 *   and the page renews it before it expires (the gateway runs with TOKEN_TTL_SECONDS=30 here);
 * - a subscription with an expired token shows the server's close code and reason within 2 s, and does not retry;
 * - the page cannot be framed, and asks for nothing outside the gateway.
 * Screenshots go to docs/screenshots/ (the README shows them) and test-results/.
 *
 * The demo-token endpoint's rules (embedded sandbox only, never in production, same origin only) are checked over
 * HTTP in the first describe, which needs no browser.
 *
 * The browser part is skipped when Chromium is not installed, unless REQUIRE_BROWSER=1 (as .ci/run sets, after
 * installing it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { SignJWT } from 'jose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { ensureDemoTenants, fetchManifest } from '../../src/bootstrap/demo.js';
import { TOKEN_AUDIENCE } from '../../src/auth/tokens.js';
import { SIGNING_ALG } from '../../src/auth/keys.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1')
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

const TTL_SECONDS = 30;
let sandbox: TestSandbox;
let gw: TestGateway;
let manifest: Awaited<ReturnType<typeof fetchManifest>>;

/** A gateway beside a sandbox, set up as `npm start` sets it up: SANDBOX=embedded with the sandbox's manifest. */
beforeAll(async () => {
  sandbox = await startTestSandbox([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 30, asyncDelayMs: 100 });
  const manifestUrl = `${sandbox.sandbox.adminUrl}/admin/manifest`;
  gw = await startTestGateway({
    SANDBOX: 'embedded',
    SANDBOX_MANIFEST_URL: manifestUrl,
    TOKEN_TTL_SECONDS: String(TTL_SECONDS),
  });
  manifest = await fetchManifest(manifestUrl);
  await ensureDemoTenants(gw.gateway.deps, manifest);
});
afterAll(async () => {
  await gw?.close();
  await sandbox?.close();
});

async function query<T>(token: string, text: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gw.graphql('demo', token, text, variables);
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

describe('demo token endpoint and frame protection (HTTP)', () => {
  it('issues a token for the demo tenant that GraphQL accepts', async () => {
    const res = await fetch(`${gw.url}/sandbox/demo-token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: TTL_SECONDS });
    const data = await query<{ products: { edges: Array<{ node: { platform: string } }> } }>(
      body.access_token,
      '{ products(first: 2) { edges { node { platform } } } }',
    );
    expect(data.products.edges.map((e) => e.node.platform)).toEqual(['TMUS', 'TMUS']);
    const other = await gw.graphql('acme', body.access_token, '{ backends { platform } }');
    expect(other.status).toBe(403);
  });

  it('refuses requests from another site', async () => {
    const res = await fetch(`${gw.url}/sandbox/demo-token`, {
      method: 'POST',
      headers: { origin: 'http://attacker.example' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/pages of this gateway/);
  });

  it('does not exist without the embedded sandbox, nor in production', async () => {
    const manifestUrl = `${sandbox.sandbox.adminUrl}/admin/manifest`;
    const envs: Array<Record<string, string>> = [
      { SANDBOX: 'off' },
      {
        // Production with the sandbox and GraphiQL asked for explicitly (and the demo credentials it then requires).
        SANDBOX: 'embedded',
        SANDBOX_MANIFEST_URL: manifestUrl,
        NODE_ENV: 'production',
        GRAPHIQL: 'true',
        DEMO_CLIENT_ID: 'demo',
        DEMO_CLIENT_SECRET: 'demo-secret-for-production-test',
      },
    ];
    await Promise.all(
      envs.map(async (env) => {
        const other = await startTestGateway(env);
        try {
          await ensureDemoTenants(other.gateway.deps, manifest); // the demo application exists
          expect((await fetch(`${other.url}/sandbox/demo-token`, { method: 'POST' })).status, JSON.stringify(env)).toBe(
            404,
          );
          const page = await fetch(`${other.url}/demo/graphql`, { headers: { accept: 'text/html' } });
          expect(page.headers.get('content-type')).toMatch(/text\/html/); // GraphiQL is there, without the button
          expect(await page.text()).not.toContain('demo-token');
        } finally {
          await other.close();
        }
      }),
    );
  }, 120_000);

  it('offers the button on the demo tenant only', async () => {
    const page = (tenant: string) =>
      fetch(`${gw.url}/${tenant}/graphql`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(await page('demo')).toContain('"demoTokenUrl":"/sandbox/demo-token"');
    expect(await page('acme')).not.toContain('demo-token');
  });

  it('forbids framing of GraphiQL and of every other response', async () => {
    const html = await fetch(`${gw.url}/demo/graphql`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('x-frame-options')).toBe('DENY');
    expect(html.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    for (const path of ['/healthz', '/demo/graphql', '/graphiql-assets/graphiql.css']) {
      const res = await fetch(gw.url + path);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
    }
  });
});

describe.skipIf(!available)('GraphiQL in Chromium', () => {
  let browser: Browser;
  let token: string;
  const external: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    token = await gw.token(['demo']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync('test-results', { recursive: true });
    mkdirSync('docs/screenshots', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser profile (empty localStorage unless `savedHeaders`), on GraphiQL of tenant demo. */
  async function openGraphiql(savedHeaders?: Record<string, string>, listen?: (page: Page) => void): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    contexts.push(context);
    if (savedHeaders) {
      // Once per profile, as if saved by an earlier visit; a reload keeps what the page saves itself.
      const headers = JSON.stringify(JSON.stringify(savedHeaders, null, 2));
      await context.addInitScript({
        content: `if (!sessionStorage.getItem('seeded')) { localStorage.setItem('graphiql:headers', ${headers}); sessionStorage.setItem('seeded', '1'); }`,
      });
    }
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.url()) && !r.url().startsWith('data:'))
        external.push(r.url());
    });
    listen?.(page);
    await page.goto(`${gw.url}/demo/graphql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    return page;
  }

  /** Replaces the text of the CodeMirror editor inside `container`. */
  async function setEditor(page: Page, container: string, text: string) {
    await page.locator(`${container} .CodeMirror-lines >> visible=true`).first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  const editorText = (page: Page, container: string) =>
    page
      .locator(`${container} .CodeMirror >> visible=true`)
      .first()
      .evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  const headersText = (page: Page) => editorText(page, '.graphiql-editor-tool');
  const responseText = (page: Page) => page.locator('.graphiql-response').innerText();
  const docsText = (page: Page) => page.locator('.graphiql-doc-explorer').innerText();
  async function openDocs(page: Page) {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  }

  it('sends the saved token with the schema request on load: Docs shows the descriptions at once', async () => {
    const statuses: number[] = [];
    const introspectionAuth: Array<string | undefined> = [];
    const page = await openGraphiql({ Authorization: `Bearer ${token}` }, (p) => {
      p.on('request', (r) => {
        if (
          r.method() === 'POST' &&
          r.url().endsWith('/demo/graphql') &&
          (r.postData() ?? '').includes('IntrospectionQuery')
        )
          introspectionAuth.push(r.headers().authorization);
      });
      p.on('response', (r) => {
        if (r.url().endsWith('/demo/graphql')) statuses.push(r.status());
      });
    });
    await openDocs(page);
    await page.getByText('Query', { exact: true }).first().click();
    const fields = await query<{
      __schema: { queryType: { fields: Array<{ name: string; description: string | null }> } };
    }>(token, '{ __schema { queryType { fields { name description } } } }');
    const described = fields.__schema.queryType.fields.find((f) => f.name === 'products')!.description!;
    await expect.poll(() => docsText(page), { timeout: 10_000 }).toContain(described.split('\n')[0]!.slice(0, 40));
    expect(introspectionAuth.length).toBeGreaterThan(0);
    expect(introspectionAuth.every((a) => a === `Bearer ${token}`)).toBe(true);
    expect(statuses).not.toContain(401);
    expect(await page.getByRole('status', { name: 'Token' }).innerText()).toMatch(/Token valid for \d+:\d\d/);
    // The welcome text fits the editor beside the open Docs pane: no horizontal scrolling.
    expect(await editorText(page, '.graphiql-query-editor')).toContain('Docs (book icon, left)');
    expect(
      await page
        .locator('.graphiql-query-editor .CodeMirror-scroll')
        .first()
        .evaluate((el) => el.scrollWidth - el.clientWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'docs/screenshots/graphiql-docs.png' });
  });

  it('fetches the schema again when a token is typed into the Headers editor, with no re-fetch click; new tabs keep it', async () => {
    const page = await openGraphiql();
    await openDocs(page);
    await expect
      .poll(() => docsText(page), { timeout: 10_000 })
      .toMatch(/Error fetching schema|access token is required/i);
    await setEditor(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await expect.poll(() => docsText(page), { timeout: 10_000 }).toMatch(/Root Types[\s\S]*query/i);
    expect(await docsText(page)).not.toMatch(/Error fetching schema/);
    // A new tab starts with that token, not without one.
    await page.getByRole('button', { name: 'New tab' }).click();
    await expect.poll(() => page.locator('.graphiql-tab').count()).toBe(2);
    await expect.poll(() => headersText(page)).toContain(`Bearer ${token}`);
  });

  let demoPage: Page;
  let firstDemoToken: string;

  it('"Get demo token" fills the Authorization header; a query and a streaming subscription run after that one click', async () => {
    const page = (demoPage = await openGraphiql());
    // The welcome text fits the editor: no horizontal scrolling.
    const overflow = await page
      .locator('.graphiql-query-editor .CodeMirror-scroll')
      .first()
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await editorText(page, '.graphiql-query-editor')).toContain('Get demo token');

    await page.getByRole('button', { name: 'Get demo token' }).click();
    await expect.poll(() => headersText(page)).toMatch(/"Authorization": "Bearer ey[\w-]+\.[\w-]+\.[\w-]+"/);
    firstDemoToken = /Bearer ([\w.-]+)/.exec(await headersText(page))![1]!;
    await expect
      .poll(() => page.getByRole('status', { name: 'Token' }).innerText())
      .toMatch(/Demo token, valid for 0:[23]\d; renewed automatically/);

    await page.click('.graphiql-execute-button'); // the welcome query
    await expect.poll(() => responseText(page), { timeout: 15_000 }).toContain('"platform": "TMUS"');

    await setEditor(
      page,
      '.graphiql-query-editor',
      'subscription Fleet {\n  monitorsUpdated {\n    id\n    operation\n    state\n    responses { productId platform state }\n  }\n}',
    );
    await page.click('.graphiql-execute-button');
    await expect
      .poll(() => page.locator('.graphiql-execute-button[aria-label*="Stop"]').count(), { timeout: 5_000 })
      .toBe(1);
    // Something to stream: a batch status change made elsewhere (as another user of the tenant would).
    const list = await query<{ products: { edges: Array<{ node: { id: string } }> } }>(
      token,
      '{ products(first: 30, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }',
    );
    const ids = list.products.edges.slice(0, 3).map((e) => e.node.id);
    const created = await query<{ batchUpdate: { id: string } }>(
      token,
      'mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id } }',
      { ids },
    );
    const monitorId = created.batchUpdate.id;
    await expect
      .poll(() => responseText(page), { timeout: 20_000 })
      .toMatch(new RegExp(`"id": "${monitorId}",\\s*"operation": "[A-Z_]+",\\s*"state": "DONE"`));
    await page.screenshot({ path: 'docs/screenshots/graphiql-subscription.png' });
    await page.screenshot({ path: 'test-results/graphiql-subscription.png' });
    await page.click('.graphiql-execute-button'); // stop
    await expect.poll(() => page.locator('.graphiql-execute-button[aria-label*="Stop"]').count()).toBe(0);
  });

  it("a subscription with an expired token shows the server's close code and reason within 2 s, and stops", async () => {
    const { kid, privateKey } = await gw.gateway.deps.keys.signingKey();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ tenants: ['demo'], grant: 'read_write', scope: 'read write' })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'at+jwt' })
      .setIssuer(gw.config.PUBLIC_URL)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject('demo')
      .setIssuedAt(now - 400)
      .setNotBefore(now - 400)
      .setExpirationTime(now - 100)
      .sign(privateKey);
    const page = await openGraphiql({ Authorization: `Bearer ${expired}` });
    await expect
      .poll(() => page.getByRole('status', { name: 'Token' }).innerText())
      .toMatch(/Token expired 1:\d\d ago/);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await setEditor(page, '.graphiql-query-editor', 'subscription { productStatusChanged { productId status } }');
    const started = Date.now();
    await page.click('.graphiql-execute-button');
    await expect
      .poll(() => responseText(page), { timeout: 2_000, interval: 100 })
      .toMatch(/closed the WebSocket: 44\d\d .*expired/i);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await page.getByRole('alert').innerText()).toMatch(/44\d\d .*expired/i);
    expect(await responseText(page)).not.toContain('isTrusted');
    await page.waitForTimeout(3_000);
    expect(sockets).toHaveLength(1); // no reconnects
    await page.screenshot({ path: 'test-results/graphiql-expired-token.png' });
  });

  it(
    'renews the demo token before it expires, and the renewed token works',
    async () => {
      const claims = JSON.parse(Buffer.from(firstDemoToken.split('.')[1]!, 'base64url').toString()) as { exp: number };
      await expect
        .poll(async () => /Bearer ([\w.-]+)/.exec(await headersText(demoPage))?.[1], {
          timeout: (TTL_SECONDS + 5) * 1000,
          interval: 500,
        })
        .not.toBe(firstDemoToken);
      expect(Date.now() / 1000).toBeLessThan(claims.exp); // before, not after
      // Past the first token's expiry (and the verifier's 5 s tolerance), the page's requests still succeed.
      await demoPage.waitForTimeout(Math.max(0, (claims.exp + 6) * 1000 - Date.now()));
      await setEditor(demoPage, '.graphiql-query-editor', '{ backends { platform updateMode } }');
      await demoPage.click('.graphiql-execute-button');
      await expect.poll(() => responseText(demoPage), { timeout: 10_000 }).toContain('"updateMode": "SYNC"');
      expect(await demoPage.getByRole('status', { name: 'Token' }).innerText()).toMatch(/Demo token, valid for/);
    },
    (TTL_SECONDS + 30) * 1000,
  );

  it('asked for nothing outside the gateway', async () => {
    await Promise.all(contexts.map((c) => c.close()));
    expect(external).toEqual([]);
  });
});
