/**
 * Timers firing for real through the timer queue (fauxqs) and the tables (dynalite), behind the local
 * runtime's HTTP API: a retry delay, a task timeout, a heartbeat timeout, and heartbeats keeping a
 * task alive past its heartbeat interval. Bounds are generous: correctness, never precision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import {
  call,
  endedWithHistory,
  eventually,
  history,
  ofType,
  startExecution,
  startWithFiles,
  waitForToken,
} from './local-helpers.ts';

/**
 * The token of the execution's task once it is scheduled (its mapped input holds it): a task timeout
 * counts from the scheduling, so on a busy machine it may fire before the call returns and no
 * `TaskSubmitted` shows the token.
 */
function scheduledToken(apiUrl: string, flow: string, execution: string): Promise<string> {
  return eventually(
    async () => {
      const scheduled = ofType(await history(apiUrl, flow, execution), 'TaskScheduled')[0];
      return (scheduled?.detail.input as { taskToken?: string } | undefined)?.taskToken;
    },
    30_000,
    `the scheduled task of ${flow}/${execution}`,
  );
}

/** A waitForCallback task on echo with the given timing fields. */
function callbackFlow(timing: string): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: wait
    resourceArn: acs:fc:::services/tools/functions/echo
    pattern: waitForCallback
${timing}    inputMappings:
      - target: taskToken
        source: $context.task.token
`;
}

const FLOWS: Record<string, string> = {
  retry_once: `version: v1
type: flow
steps:
  - type: task
    name: flaky
    resourceArn: acs:fc:::services/tools/functions/flaky
    retry:
      - errors:
          - Tools.Flaky
        intervalSeconds: 1
        maxAttempts: 2
`,
  task_timeout: callbackFlow('    timeoutSeconds: 1\n'),
  heartbeat_timeout: callbackFlow('    timeoutSeconds: 60\n    heartbeatSeconds: 1\n'),
  heartbeat_kept: callbackFlow('    timeoutSeconds: 60\n    heartbeatSeconds: 3\n'),
};

const FUNCTIONS: Record<string, string> = {
  'tools/echo.js': 'module.exports.handler = (event) => event;\n',
  // Fails the first call for each `key`, then succeeds.
  'tools/flaky.js': `const seen = new Set();
module.exports.handler = (event) => {
  if (!seen.has(event.key)) {
    seen.add(event.key);
    const e = new Error('first call fails'); e.errorType = 'Tools.Flaky'; throw e;
  }
  return { ok: event.key };
};
`,
};

describe('timers firing for real on the local runtime', { concurrency: true }, () => {
  let local: LocalRuntime;

  before(async () => {
    local = await startWithFiles(FLOWS, FUNCTIONS);
  });

  after(async () => local?.stop());

  it('a retry waits for its delay (1 s) on the timer queue, then succeeds', async () => {
    const began = Date.now();
    await startExecution(local.apiUrl, 'retry_once', 'r1', { key: 'r1' });
    const { execution, events } = await endedWithHistory(local.apiUrl, 'retry_once', 'r1');
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { ok: 'r1' }]);
    assert.deepEqual(
      events.filter((event) => event.type.startsWith('Task')).map((event) => event.type),
      ['TaskScheduled', 'TaskFailed', 'TaskScheduled', 'TaskSucceeded'],
    );
    assert.ok(Date.now() - began >= 900, 'not retried before its delay');
  });

  it('a task with timeoutSeconds 1 and no report times out with FnF.TaskTimeout', async () => {
    await startExecution(local.apiUrl, 'task_timeout', 't1');
    const token = await scheduledToken(local.apiUrl, 'task_timeout', 't1');
    const { execution, events } = await endedWithHistory(local.apiUrl, 'task_timeout', 't1');
    assert.deepEqual([execution.status, execution.error], ['Failed', 'FnF.TaskTimeout']);
    assert.equal(ofType(events, 'TaskTimedOut').length, 1);
    assert.equal(ofType(events, 'TaskTimedOut')[0]?.detail.error, 'FnF.TaskTimeout');
    const late = await call(local.apiUrl, 'POST', '/tasks/succeeded', { taskToken: token, output: {} });
    assert.deepEqual([late.status, late.body.code], [400, 'TaskTimedOut']);
  });

  it('a task with heartbeatSeconds 1 and no heartbeat times out with FnF.HeartbeatTimeout', async () => {
    await startExecution(local.apiUrl, 'heartbeat_timeout', 'h1');
    const token = await waitForToken(local.apiUrl, 'heartbeat_timeout', 'h1');
    const { execution, events } = await endedWithHistory(local.apiUrl, 'heartbeat_timeout', 'h1');
    assert.deepEqual([execution.status, execution.error], ['Failed', 'FnF.HeartbeatTimeout']);
    assert.equal(ofType(events, 'TaskTimedOut').length, 1);
    const late = await call(local.apiUrl, 'POST', '/tasks/heartbeat', { taskToken: token });
    assert.deepEqual([late.status, late.body.code], [400, 'TaskTimedOut']);
  });

  it('heartbeats keep a task alive well past its heartbeat interval (3 s)', async () => {
    await startExecution(local.apiUrl, 'heartbeat_kept', 'k1');
    const token = await waitForToken(local.apiUrl, 'heartbeat_kept', 'k1');
    // Every 250 ms: only a stall of the whole process longer than 2.75 s could let the timeout in.
    const until = Date.now() + 7000;
    while (Date.now() < until) {
      const beat = await call(local.apiUrl, 'POST', '/tasks/heartbeat', { taskToken: token });
      assert.deepEqual(beat, { status: 200, body: {} });
      await sleep(250);
    }
    const running = await call(local.apiUrl, 'GET', '/flows/heartbeat_kept/executions/k1');
    assert.equal(running.body.status, 'Running', 'still running after twice its heartbeat interval');
    const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: token,
      output: { alive: true },
    });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));
    const { execution, events } = await endedWithHistory(local.apiUrl, 'heartbeat_kept', 'k1');
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { alive: true }]);
    assert.equal(ofType(events, 'TaskTimedOut').length, 0);
  });
});
