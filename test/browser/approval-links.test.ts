/**
 * The approval story of the README (story 4) in a real browser (Debian's chromium, playwright-core),
 * on the local runtime serving examples/flows and examples/functions: the link is taken from the
 * "email" the example's function logged; its page shows the step and changes nothing; confirming
 * records the decision and the execution succeeds; a second click and an expired link get their pages.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LINK_SECRET_FILE } from '../../lib/local/link-secret.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/start-local-runtime.ts';
import { LinkSigner } from '../../lib/runtime/approval-links.ts';
import { launch, newContext } from './browser.ts';

/** Generous: the machine is shared, and nothing here is timed. */
const WAIT_MS = 90_000;

/** GET `path` of the API as JSON. */
async function api<T>(local: LocalRuntime, path: string): Promise<T> {
  const answer = await fetch(`${local.apiUrl}${path}`);
  return (await answer.json()) as T;
}

/** The logged "email" of an execution, once its function has run: its Approve and Reject links. */
async function email(local: LocalRuntime, name: string): Promise<{ approve: string; reject: string }> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const { logs } = await api<{ logs: { message: string }[] }>(
      local,
      `/flows/approval/executions/${name}/logs`,
    );
    const link = (label: string) =>
      logs.map((line) => new RegExp(`^${label}: (\\S+)$`).exec(line.message)?.[1]).find(Boolean);
    const approve = link('Approve');
    const reject = link('Reject');
    if (approve !== undefined && reject !== undefined) return { approve, reject };
    if (Date.now() > until) throw new Error(`no email logged for ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts an approval execution `name`. */
async function startApproval(local: LocalRuntime, name: string): Promise<void> {
  const answer = await fetch(`${local.apiUrl}/flows/approval/executions`, {
    method: 'POST',
    body: JSON.stringify({
      executionName: name,
      input: { request: 'New laptop', amount: 1800, approver: 'alice@example.com' },
    }),
  });
  assert.equal(answer.status, 201);
}

describe('approval links in a browser (README story 4)', () => {
  let local: LocalRuntime;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flowback-approval-'));
    local = await startLocalRuntime({
      port: 0,
      sqsPort: 0,
      dataDir,
      flowsDir: 'examples/flows',
      functionsDir: 'examples/functions',
    });
    browser = await launch();
    context = await newContext(browser);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A new tab at `url`, and the status of its answer. */
  async function open(url: string): Promise<{ page: Page; status: number }> {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const response = await page.goto(url);
    return { page, status: response?.status() ?? 0 };
  }

  it('opens the emailed link, changes nothing on GET, records the approval on confirm; a second click gets 410', async () => {
    await startApproval(local, 'laptop-1');
    const links = await email(local, 'laptop-1');
    assert.ok(links.approve.startsWith(`${local.apiUrl}/callbacks/`));
    const before = await api<{ tasks: { status: string }[] }>(local, '/tasks?flowName=approval');

    const { page, status } = await open(links.approve);
    assert.equal(status, 200);
    assert.equal(await page.locator('#step').textContent(), 'approval');
    assert.equal(await page.locator('#execution').textContent(), 'laptop-1');
    assert.match((await page.locator('h1').textContent()) ?? '', /Approve this step\?/);
    // The page was shown (as a mail scanner's prefetch would be): nothing has been decided.
    assert.deepEqual(await api(local, '/tasks?flowName=approval'), before);
    const running = await api<{ status: string }>(local, '/flows/approval/executions/laptop-1');
    assert.equal(running.status, 'Running');

    await page.locator('#comment').fill('Go ahead');
    await Promise.all([page.waitForLoadState('load'), page.locator('#confirm').click()]);
    await page.locator('#outcome').waitFor();
    assert.match((await page.locator('#outcome').textContent()) ?? '', /Recorded: approved/);
    const done = await api<{ status: string; output: Record<string, unknown> }>(
      local,
      '/flows/approval/executions/laptop-1?waitTimeSeconds=20',
    );
    assert.equal(done.status, 'Succeeded');
    assert.deepEqual(
      [done.output.result, done.output.approved, done.output.comment],
      ['ordered', true, 'Go ahead'],
    );

    // A second click, on either link: the step has ended.
    for (const link of [links.approve, links.reject]) {
      const again = await open(link);
      assert.equal(again.status, 410);
      assert.match((await again.page.locator('#outcome').textContent()) ?? '', /already been recorded/);
      await again.page.close();
    }
    const replayed = await page.request.post(links.approve, { form: { comment: 'again' } });
    assert.equal(replayed.status(), 410);
    await page.close();
  });

  it('refuses an expired and a forged link with 403, and the task keeps waiting', async () => {
    await startApproval(local, 'laptop-2');
    const links = await email(local, 'laptop-2');
    const taskId = new URL(links.reject).pathname.split('/')[2] ?? '';
    // The local runtime keeps its link secret in the data folder: sign a link that expired a minute ago.
    const secret = Buffer.from((await readFile(join(dataDir, LINK_SECRET_FILE), 'utf8')).trim(), 'base64url');
    const expired = new LinkSigner(secret, local.apiUrl).link(
      taskId,
      'reject',
      Math.floor(Date.now() / 1000) - 60,
    );
    const tooLate = await open(expired);
    assert.equal(tooLate.status, 403);
    assert.match((await tooLate.page.locator('#outcome').textContent()) ?? '', /expired/);
    const forged = await open(links.reject.replace(/signature=[\w-]+/, 'signature=forged'));
    assert.equal(forged.status, 403);
    assert.match((await forged.page.locator('#outcome').textContent()) ?? '', /not valid/);
    const posted = await forged.page.request.post(links.reject.replace('/reject?', '/approve?'), {
      form: {},
    });
    assert.equal(posted.status(), 403);
    const task = await api<{ status: string }>(local, `/tasks/${taskId}`);
    assert.equal(task.status, 'waiting');
    await tooLate.page.close();
    await forged.page.close();
  });
});
