/**
 * Approval links end to end on the memory runtime (api.md "Approval links"): the mappings get signed
 * links holding no token; GET shows the step and changes nothing; POST records the decision once;
 * a second click, an ended task, a forged, altered or expired link get their pages and report nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpRequest } from '../../../lib/api/http.ts';
import { createHttpApi } from '../../../lib/api/rest.ts';
import { LinkSigner } from '../../../lib/runtime/approval-links.ts';
import { setup } from '../runtime/runtime-helpers.ts';
import { snapshot } from './api-helpers.ts';

const APPROVAL_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/mail/functions/send
    pattern: waitForCallback
    timeoutSeconds: 3600
    inputMappings:
      - target: approveUrl
        source: $context.task.approveUrl
      - target: rejectUrl
        source: $context.task.rejectUrl
`;

/** An execution waiting for its approval, the "email" its function got, and the API with the link routes. */
async function waitingApproval() {
  const signer = new LinkSigner(Buffer.alloc(32, 7), 'https://flows.example.com/v1');
  const mails: { approveUrl: string; rejectUrl: string }[] = [];
  const m = setup({
    approvalLinks: signer,
    functions: {
      'mail/send': (event) => {
        mails.push(event as { approveUrl: string; rejectUrl: string });
        return { sent: true };
      },
    },
  });
  await m.operations.createFlow({ name: 'expense', definition: APPROVAL_FLOW });
  await m.operations.startExecution({ flowName: 'expense', executionName: 'e1' });
  await m.drain();
  const api = createHttpApi(m.operations, { approvals: { signer, clock: m.clock } });
  /** Opens `link` (GET) or submits its form (POST with `form`). */
  const open = async (link: string, method = 'GET', form = '') => {
    const url = new URL(link);
    const request: HttpRequest = {
      method,
      path: url.pathname.replace(/^\/v1/, ''),
      query: Object.fromEntries(url.searchParams),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      requestId: 'r',
      ...(method === 'POST' ? { body: form } : {}),
    };
    return api(request);
  };
  const [mail] = mails;
  assert.ok(mail);
  return { m, mail, open, signer };
}

async function execution(m: Awaited<ReturnType<typeof waitingApproval>>['m']) {
  return m.operations.describeExecution({ flowName: 'expense', executionName: 'e1' });
}

describe('approval links', () => {
  it('are signed links to /callbacks/{taskId}/{decision} that hold no token', async () => {
    const { m, mail } = await waitingApproval();
    const [task] = (await m.operations.listTasks()).tasks;
    assert.match(
      mail.approveUrl,
      new RegExp(
        `^https://flows\\.example\\.com/v1/callbacks/${task?.taskId}/approve\\?expires=\\d+&signature=[\\w-]+$`,
      ),
    );
    assert.match(mail.rejectUrl, /\/reject\?/);
    for (const record of m.stores.tokens.all()) assert.ok(!mail.approveUrl.includes(record.tokenHash));
    const history = await m.operations.getExecutionHistory({ flowName: 'expense', executionName: 'e1' });
    const token = String(
      history.events.find((event) => event.type === 'TaskScheduled')?.detail.input && m.invoker,
    );
    assert.ok(!mail.approveUrl.includes(token));
  });

  it('show the step on GET and change nothing; POST records the decision with the comment', async () => {
    const { m, mail, open } = await waitingApproval();
    const before = await snapshot(m, ['expense']);
    const page = await open(mail.approveUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.match(page.body, /<dd id="step">approve<\/dd>/);
    assert.match(page.body, /<form method="post">/);
    assert.equal(await snapshot(m, ['expense']), before, 'GET changed something');
    const posted = await open(mail.approveUrl, 'POST', 'comment=Fine+by+me');
    assert.equal(posted.status, 200);
    assert.match(posted.body, /Recorded: <strong>approved<\/strong>/);
    await m.drain();
    const done = await execution(m);
    assert.equal(done.status, 'Succeeded');
    const history = await m.operations.getExecutionHistory({ flowName: 'expense', executionName: 'e1' });
    const succeeded = history.events.find((event) => event.type === 'TaskSucceeded');
    assert.deepEqual(succeeded?.detail.output, {
      approved: true,
      comment: 'Fine by me',
      decidedAt: new Date(m.clock.now()).toISOString(),
    });
  });

  it('records a rejection as approved: false, and answers a second click with 410', async () => {
    const { m, mail, open } = await waitingApproval();
    assert.equal((await open(mail.rejectUrl, 'POST')).status, 200);
    const again = await open(mail.rejectUrl, 'POST');
    assert.equal(again.status, 410);
    assert.match(again.body, /already been recorded/);
    assert.equal((await open(mail.approveUrl)).status, 410);
    assert.equal((await open(mail.approveUrl, 'POST')).status, 410);
    const history = await m.operations.getExecutionHistory({ flowName: 'expense', executionName: 'e1' });
    const outputs = history.events
      .filter((event) => event.type === 'TaskSucceeded')
      .map((event) => event.detail.output);
    assert.equal(outputs.length, 1);
    assert.equal((outputs[0] as { approved: boolean }).approved, false);
  });

  it('refuse forged, altered and expired links with 403, reporting nothing', async () => {
    const { m, mail, open, signer } = await waitingApproval();
    const before = await snapshot(m, ['expense']);
    const url = new URL(mail.approveUrl);
    const expires = Number(url.searchParams.get('expires'));
    const [task] = (await m.operations.listTasks()).tasks;
    const taskId = task?.taskId ?? '';
    const forged = [
      mail.approveUrl.replace('/approve?', '/reject?'),
      mail.approveUrl.replace(`expires=${expires}`, `expires=${expires + 3600}`),
      mail.approveUrl.replace(/signature=[\w-]+/, 'signature=AAAA'),
      mail.approveUrl.replace(/&signature=[\w-]+/, ''),
      new LinkSigner(Buffer.alloc(32, 8), signer.publicUrl).link(taskId, 'approve', expires),
      mail.approveUrl.replace('/approve?', '/maybe?'),
    ];
    for (const link of forged) {
      for (const method of ['GET', 'POST']) {
        const answer = await open(link, method, 'comment=x');
        assert.equal(answer.status, 403, `${method} ${link}`);
        assert.match(answer.body, /not valid/);
      }
    }
    // A link signed correctly, but whose time is up (the task itself still waits).
    const expired = signer.link(taskId, 'approve', Math.floor(m.clock.now() / 1000) - 1);
    const answer = await open(expired, 'POST');
    assert.deepEqual([answer.status, /expired/.test(answer.body)], [403, true]);
    assert.equal(await snapshot(m, ['expense']), before);
    assert.equal((await execution(m)).status, 'Running');
  });

  it('answer 410 once the task has timed out, and refuse an over-long comment', async () => {
    const { m, mail, open } = await waitingApproval();
    const long = await open(mail.approveUrl, 'POST', `comment=${'x'.repeat(2001)}`);
    assert.equal(long.status, 400);
    await m.clock.advanceBy(3_600_000);
    assert.equal((await execution(m)).status, 'Failed');
    const late = await open(mail.approveUrl);
    // The link expires with the task: an expired link is refused before the task is looked at.
    assert.equal(late.status, 403);
  });
});
