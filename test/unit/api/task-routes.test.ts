/**
 * The task routes of api.md over HTTP: ListTasks and DescribeTask answer JSON without tokens, reports
 * by task id answer as reports by token, and refusals get their code and change nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApiHarness, apiHarness, callbackFlow, snapshot } from './api-helpers.ts';

/** A harness with execution `e` of flow `cb` waiting in its callback task; the task id. */
async function waiting(): Promise<{ h: ApiHarness; taskId: string }> {
  const h = apiHarness();
  await h.call('POST', '/flows', { body: { name: 'cb', definition: callbackFlow({ timeoutSeconds: 60 }) } });
  await h.call('POST', '/flows/cb/executions', { body: { executionName: 'e' } });
  await h.m.drain();
  const listed = await h.call('GET', '/tasks', { query: { flowName: 'cb' } });
  assert.equal(listed.status, 200);
  return { h, taskId: listed.body.tasks[0].taskId };
}

describe('REST: tasks', () => {
  it('lists, describes and reports a task by its id; the execution shows it while it waits', async () => {
    const { h, taskId } = await waiting();
    const described = await h.call('GET', `/tasks/${taskId}`);
    assert.deepEqual(
      [described.status, described.body.status, described.body.stepName],
      [200, 'waiting', 'mytask'],
    );
    const execution = await h.call('GET', '/flows/cb/executions/e');
    assert.deepEqual(execution.body.waitingTasks, [described.body]);
    const history = await h.call('GET', '/flows/cb/executions/e/history');
    const token = history.body.events.find((event: { type: string }) => event.type === 'TaskSubmitted').detail
      .taskToken;
    for (const answer of [described, execution]) assert.ok(!JSON.stringify(answer.body).includes(token));
    const reported = await h.call('POST', `/tasks/${taskId}/succeeded`, {
      body: { output: { status: 'ok' } },
    });
    assert.equal(reported.status, 200);
    const again = await h.call('POST', '/tasks/succeeded', {
      body: { taskToken: token, output: { status: 'ok' } },
    });
    assert.deepEqual(again.body, reported.body);
    assert.equal((await h.call('GET', '/flows/cb/executions/e')).body.status, 'Succeeded');
    const heartbeat = await h.call('POST', `/tasks/${taskId}/heartbeat`, { body: {} });
    assert.deepEqual([heartbeat.status, heartbeat.body.code], [400, 'TaskAlreadyCompleted']);
  });

  it('refuses unknown ids, bad filters and unknown body fields with their codes, changing nothing', async () => {
    const { h, taskId } = await waiting();
    const before = await snapshot(h.m, ['cb']);
    const cases: [string, string, Record<string, unknown>, number, string][] = [
      ['GET', '/tasks/dW5rbm93bg', {}, 404, 'TaskNotExists'],
      ['POST', '/tasks/dW5rbm93bg/succeeded', { body: { output: {} } }, 404, 'TaskNotExists'],
      ['GET', '/tasks', { query: { status: 'done' } }, 400, 'InvalidArgument'],
      ['GET', '/tasks', { query: { limit: '5000' } }, 400, 'InvalidArgument'],
      ['POST', `/tasks/${taskId}/failed`, { body: { error: 'E', taskToken: 'x' } }, 400, 'InvalidArgument'],
      ['POST', `/tasks/${taskId}/succeeded`, { body: { output: 'not json' } }, 400, 'InvalidArgument'],
      ['DELETE', `/tasks/${taskId}`, {}, 405, 'MethodNotAllowed'],
    ];
    for (const [method, path, parts, status, code] of cases) {
      const answer = await h.call(method, path, parts);
      assert.deepEqual([answer.status, answer.body.code], [status, code], `${method} ${path}`);
    }
    assert.equal(await snapshot(h.m, ['cb']), before);
  });

  it('keeps POST /tasks/succeeded the report by token (a literal path wins over {taskId})', async () => {
    const { h } = await waiting();
    const answer = await h.call('GET', '/tasks/succeeded');
    assert.deepEqual([answer.status, answer.body.code], [405, 'MethodNotAllowed']);
  });
});
