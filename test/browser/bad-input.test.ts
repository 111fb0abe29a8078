/**
 * Bad input in the web console: each shows a clear message in the page, never a blank screen — an
 * unreachable endpoint, a server that went away, a deleted flow, a malformed definition.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startConsoleServer } from '../../lib/console/console-server.ts';
import { freePort } from '../support/served.ts';
import { launch, newContext, screenshot } from './browser.ts';
import { api, type ConsoleUnderTest, startConsole } from './console-harness.ts';

const WAIT_MS = 90_000;

describe('the web console with bad input', () => {
  let served: ConsoleUnderTest;
  let browser: Browser;
  let context: BrowserContext;

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    return page;
  }

  /** The text of the page's alert, once there is one. */
  async function alertText(page: Page): Promise<string> {
    const alert = page.getByRole('alert').first();
    await alert.waitFor();
    return (await alert.textContent()) ?? '';
  }

  before(async () => {
    served = await startConsole('local');
    browser = await launch();
    context = await newContext(browser);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await served?.stop();
  });

  it('says the endpoint of flowback console cannot be reached', async () => {
    const closed = await freePort();
    const server = await startConsoleServer({ endpoint: `http://127.0.0.1:${closed}`, port: 0 });
    try {
      const page = await open(`${server.url}/console/flows`);
      const text = await alertText(page);
      assert.match(text, /EndpointUnreachable/);
      assert.match(text, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${closed}`));
      await screenshot(page, 'bad-input', 'unreachable-endpoint');
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('says its own server went away', async () => {
    const server = await startConsoleServer({ endpoint: served.apiUrl, port: 0 });
    const page = await open(`${server.url}/console/flows`);
    await page.getByRole('link', { name: 'approval' }).waitFor();
    await server.close();
    await page.getByRole('link', { name: 'Waiting tasks' }).first().click();
    const text = await alertText(page);
    assert.match(text, /Unreachable/);
    assert.match(text, /still running/);
    await page.close();
  });

  it('shows a deleted flow as deleted, and its executions without their graph', async () => {
    const definition = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: only\n';
    await api(served.apiUrl, 'POST', '/flows', { name: 'short_lived', definition });
    await api(served.apiUrl, 'POST', '/flows/short_lived/executions', { executionName: 'before-delete' });
    const page = await open(`${served.consoleUrl}/flows/short_lived`);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete flow' }).click();
    await page.getByText('Flow short_lived deleted.').waitFor();
    await page.goto(`${served.consoleUrl}/flows/short_lived`);
    assert.match(await alertText(page), /FlowNotExists/);
    await page.goto(`${served.consoleUrl}/flows/short_lived/executions/before-delete`);
    await page.locator('.execution[data-status="Succeeded"]').waitFor();
    assert.match(await alertText(page), /could not be read, so its graph cannot be drawn/);
    await page.close();
  });

  it('shows every problem of a malformed definition, as typed and as the server answers', async () => {
    const page = await open(`${served.consoleUrl}/flows/new`);
    await page.getByLabel('Name').fill('broken');
    await page
      .getByLabel('Definition (YAML or JSON)')
      .fill('version: v1\ntype: flow\nsteps:\n  - type: tsak\n    name: a\n');
    await page
      .getByText(/problem/)
      .first()
      .waitFor();
    assert.match((await page.locator('#definition-check').textContent()) ?? '', /line 4/);
    await page.getByRole('button', { name: 'Create flow' }).click();
    const text = await alertText(page);
    assert.match(text, /InvalidDefinition/);
    assert.match(text, /line 4, column/);
    await screenshot(page, 'bad-input', 'malformed-definition');
    await page.getByLabel('Definition (YAML or JSON)').fill('version: v1\ntype: flow\nsteps: [oops\n');
    await page.locator('#definition-check', { hasText: 'YAML' }).waitFor();
    await page.close();
  });

  it('shows a page for an address it does not know', async () => {
    const page = await open(`${served.consoleUrl}/nothing/here`);
    assert.match(await alertText(page), /no page at/);
    await page.close();
  });
});
