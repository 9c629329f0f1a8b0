/**
 * GraphiQL in a real browser (Debian's Chromium, driven by playwright-core), with no network beyond localhost:
 * set a token in the Headers editor, run a products query and see the result, start a monitor subscription and see
 * its update arrive. Screenshots go to test-results/.
 *
 * Skipped when Chromium is not installed, unless REQUIRE_BROWSER=1 (as .ci/run sets, after installing it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciscoSimulator } from '../../sandbox/simulators/cisco/index.js';
import { startStack, type TestStack } from '../helpers/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

describe.skipIf(!available)('GraphiQL in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];

  beforeAll(async () => {
    stack = await startStack([{ code: 'TMUS', factory: ciscoSimulator }], { fleetSize: 30, asyncDelayMs: 100 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (r) => {
      if (!/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.url()) && !r.url().startsWith('data:')) external.push(r.url());
    });
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** Replaces the text of the CodeMirror editor inside `container`. */
  async function setEditor(container: string, text: string) {
    await page.locator(`${container} .CodeMirror-lines >> visible=true`).first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  const responseText = () => page.locator('.graphiql-response').innerText();

  it('runs a products query with the token set in the Headers editor', async () => {
    await page.goto(`${stack.gateway.url}/demo/graphql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    await page.getByRole('button', { name: 'Headers' }).click();
    await setEditor('.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${stack.token}` }));
    await setEditor('.graphiql-query-editor', '{ products(first: 3) { totalCount edges { node { id platform status } } } }');
    await page.click('.graphiql-execute-button');
    await expect.poll(responseText, { timeout: 15_000 }).toContain('"platform": "TMUS"');
    expect(await responseText()).toMatch(/"id": "TMUS-8901260\d+"/);
    await page.screenshot({ path: 'test-results/graphiql-query.png' });
  });

  it('shows a monitor subscription update arriving over WebSocket', async () => {
    const list = await stack.query('{ products(first: 30, filter: { statuses: [ACTIVE] }) { edges { node { id } } } }');
    const ids = (list.data as { products: { edges: Array<{ node: { id: string } }> } }).products.edges.slice(0, 2).map((e) => e.node.id);
    const created = await stack.query('mutation($ids: [ID!]!) { batchUpdate(input: { productIds: $ids, status: SUSPENDED }) { id } }', { ids });
    const monitorId = (created.data as { batchUpdate: { id: string } }).batchUpdate.id;
    await setEditor('.graphiql-query-editor', `subscription { monitorUpdated(id: "${monitorId}") { id state responses { productId state } } }`);
    await page.click('.graphiql-execute-button');
    try {
      // The monitor's own state (the line after its id), not one of its responses'.
      await expect.poll(responseText, { timeout: 20_000 }).toMatch(new RegExp(`"id": "${monitorId}",\\s*"state": "DONE"`));
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${await responseText()}`);
    }
    expect(await responseText()).toContain(monitorId);
    await page.screenshot({ path: 'test-results/graphiql-subscription.png' });
    expect(external).toEqual([]);
  });
});
