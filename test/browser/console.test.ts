/**
 * The web console in a real browser (Debian's chromium, playwright-core), served both ways: by the
 * local runtime at /console, and by `flowback console --endpoint` through a SigV4-checking gateway.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newContext, pageErrors, screenshot } from './browser.ts';
import { type ConsoleMode, type ConsoleUnderTest, startConsole } from './console-harness.ts';
import { accessibilityProblems, nodeState, waitForNodeState } from './page-checks.ts';

/** Generous: the machine is shared, and nothing here is timed. */
const WAIT_MS = 90_000;

for (const mode of ['local', 'proxy'] as const satisfies readonly ConsoleMode[]) {
  describe(`the web console (${mode === 'local' ? 'npm start at /console' : 'flowback console --endpoint, signed'})`, () => {
    let served: ConsoleUnderTest;
    let browser: Browser;
    let context: BrowserContext;
    const errors: string[] = [];

    /** A new tab at `path` of the console, its errors collected. */
    async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      await page.setViewportSize(viewport);
      const seen = pageErrors(page);
      page.on('close', () => errors.push(...seen));
      await page.goto(`${served.consoleUrl}${path}`);
      return page;
    }

    before(async () => {
      served = await startConsole(mode);
      browser = await launch();
      context = await newContext(browser);
    });

    after(async () => {
      await context?.close();
      await browser?.close();
      await served?.stop();
      assert.deepEqual(errors, [], 'the pages logged no errors');
    });

    it('lists the flows and shows one: highlighted definition, graph, executions', async () => {
      const page = await open('/');
      await page.getByRole('link', { name: 'approval' }).waitFor();
      assert.deepEqual(await accessibilityProblems(page), []);
      await screenshot(page, mode, 'flows');
      await page.getByRole('link', { name: 'approval' }).click();
      await page.locator('.graph-svg svg').waitFor();
      assert.match((await page.locator('pre.code .hljs-attr').first().textContent()) ?? '', /^version/);
      assert.equal(await nodeState(page, 'approve'), 'none');
      assert.deepEqual(await accessibilityProblems(page), []);
      await screenshot(page, mode, 'flow');
      await page.close();
    });

    it('starts an execution and watches its graph change colour as the task is reported from the waiting tasks', async () => {
      const flow = await open('/flows/approval');
      await flow.getByLabel('Execution name').fill(`order-42-${mode}`);
      await flow.getByLabel('Input').fill('{"order": {"id": 42, "total": 99.5}}');
      await flow.getByRole('button', { name: 'Start execution' }).click();
      await flow.waitForURL(/\/executions\/order-42-/);
      const execution = flow;
      await waitForNodeState(execution, 'approve', 'running');
      assert.equal(await nodeState(execution, 'prepare'), 'succeeded');
      assert.equal(await nodeState(execution, 'ship'), 'none');
      await execution.getByRole('heading', { name: /Waiting for a callback/ }).waitFor();
      await screenshot(execution, mode, 'execution-running');

      const tasks = await open('/tasks');
      const row = tasks.locator('tr', { hasText: `order-42-${mode}` });
      await row.waitFor();
      assert.deepEqual(await accessibilityProblems(tasks), []);
      await screenshot(tasks, mode, 'tasks');
      // By keyboard: the button opens the form and focuses its output field.
      await row.getByRole('button', { name: /^Succeed task approve/ }).focus();
      await tasks.keyboard.press('Enter');
      await tasks.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      await tasks.keyboard.press('ControlOrMeta+A');
      await tasks.keyboard.type('{"approved": true}');
      await tasks.keyboard.press('Tab');
      assert.equal(
        await tasks.evaluate(() => document.activeElement?.textContent?.trim()),
        'Report succeeded',
      );
      await tasks.keyboard.press('Enter');
      await tasks.getByRole('status').filter({ hasText: 'reported succeeded' }).waitFor();

      // The first tab follows the execution on its own.
      await waitForNodeState(execution, 'ship', 'succeeded');
      assert.equal(await nodeState(execution, 'approve'), 'succeeded');
      await execution.locator('.execution[data-status="Succeeded"]').waitFor();
      assert.match(
        (await execution.locator('section', { hasText: 'Output' }).last().textContent()) ?? '',
        /approved/,
      );
      await screenshot(execution, mode, 'execution-succeeded');
      await tasks.close();
      await execution.close();
    });

    it('opens a failed execution and shows its error, cause and logs', async () => {
      const flow = await open('/flows/payment');
      await flow.getByLabel('Execution name').fill(`declined-${mode}`);
      await flow.getByLabel('Input').fill('{"card": "4000 0000 0000 0002"}');
      await flow.getByRole('button', { name: 'Start execution' }).click();
      await flow.locator('.execution[data-status="Failed"]').waitFor();
      const error = flow.locator('section.alert-error');
      assert.match((await error.textContent()) ?? '', /Pay\.Declined/);
      assert.match((await error.textContent()) ?? '', /card declined: insufficient funds/);
      await waitForNodeState(flow, 'charge', 'failed');
      await flow
        .getByRole('region', { name: 'Log lines' })
        .getByText(/charging/)
        .waitFor();
      // The failure in the timeline, its detail folded until asked for.
      const failed = flow.locator('.event-bad', { hasText: 'TaskFailed' });
      assert.equal(await failed.locator('pre').isVisible(), false);
      await failed.locator('summary').click();
      assert.match((await failed.locator('pre').textContent()) ?? '', /Pay\.Declined/);
      await screenshot(flow, mode, 'execution-failed');
      await flow.close();
    });

    it('follows a foreach of 100 to the end, with its progress as counts', async () => {
      const flow = await open('/flows/fanout');
      await flow.getByLabel('Execution name').fill(`hundred-${mode}`);
      const items = Array.from({ length: 100 }, (_, i) => i);
      await flow.getByLabel('Input').fill(JSON.stringify({ items }));
      await flow.getByRole('button', { name: 'Start execution' }).click();
      await flow.locator('.execution[data-status="Succeeded"][data-history-read="true"]').waitFor();
      await flow.locator('tr[data-step="each"]', { hasText: '100 of 100 iterations done' }).waitFor();
      await waitForNodeState(flow, 'done', 'succeeded');
      assert.match((await flow.locator('.graph-svg').textContent()) ?? '', /100 of 100 done/);
      assert.match((await flow.locator('tr[data-step="work"]').textContent()) ?? '', /entered 100×/);
      await screenshot(flow, mode, 'foreach');
      await flow.close();
    });

    it('is usable at a phone width', async () => {
      const page = await open('/tasks', { width: 390, height: 844 });
      await page.getByRole('heading', { name: 'Waiting tasks' }).waitFor();
      assert.deepEqual(await accessibilityProblems(page), []);
      await page.goto(`${served.consoleUrl}/flows/fanout/executions/hundred-${mode}`);
      await page.locator('.execution[data-graph-ready="true"]').waitFor();
      assert.deepEqual(await accessibilityProblems(page), []);
      await screenshot(page, mode, 'phone-execution');
      await page.close();
    });

    if (mode === 'proxy') {
      it('signed every request it forwarded (the gateway refused none)', () => {
        assert.ok(served.gateway && served.gateway.counts.forwarded > 10);
        assert.equal(served.gateway.counts.refused, 0);
        assert.match(
          String(served.gateway.lastHeaders.authorization),
          /^AWS4-HMAC-SHA256 Credential=AKIDCONSOLETEST\//,
        );
      });

      it('says so when the credentials have expired', async () => {
        const gateway = served.gateway!;
        gateway.expired = true;
        try {
          const page = await open('/flows');
          const alert = page.getByRole('alert');
          await alert.waitFor();
          assert.match((await alert.textContent()) ?? '', /ExpiredToken/);
          assert.match((await alert.textContent()) ?? '', /Refresh your AWS credentials/);
          await screenshot(page, mode, 'expired-credentials');
          await page.close();
        } finally {
          gateway.expired = false;
        }
      });
    }
  });
}
