/**
 * Child flows (`acs:fnf:::flow/NAME`) over the real stores — dynalite and fauxqs behind the local
 * runtime's HTTP API: the three patterns, the child's output reaching the parent, a failing child
 * failing (catchably) the parent's task, and StopExecution of a parent stopping its running child.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import {
  call,
  endedWithHistory,
  ofType,
  startExecution,
  startWithFiles,
  waitForToken,
} from './local-helpers.ts';

/** A parent of one task step calling child flow `child` with `pattern`, the child named `$.kid`. */
function parentFlow(child: string, pattern: string, extra = ''): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: callChild
    resourceArn: acs:fnf:::flow/${child}
    pattern: ${pattern}
    serviceParams:
      ExecutionName: $.kid
${extra}`;
}

const FLOWS: Record<string, string> = {
  child_pass: `version: v1
type: flow
steps:
  - type: pass
    name: double
    outputMappings:
      - target: got
        source: $input.n
`,
  child_fail: `version: v1
type: flow
steps:
  - type: task
    name: boom
    resourceArn: acs:fc:::services/tools/functions/boom
`,
  child_wait: `version: v1
type: flow
steps:
  - type: task
    name: inner
    resourceArn: acs:fc:::services/tools/functions/echo
    pattern: waitForCallback
    inputMappings:
      - target: taskToken
        source: $context.task.token
`,
  parent_rr: parentFlow('child_pass', 'requestResponse'),
  parent_sync: parentFlow('child_pass', 'sync'),
  parent_callback: parentFlow('child_wait', 'waitForCallback'),
  parent_fails: parentFlow('child_fail', 'sync'),
  parent_catches: `${parentFlow('child_fail', 'sync')}    errorMappings:
      - target: childError
        source: $local.error
    catch:
      - errors:
          - Tools.Boom
        goto: recovered
  - type: pass
    name: recovered
`,
  parent_stopped: parentFlow('child_wait', 'sync'),
};

const FUNCTIONS: Record<string, string> = {
  'tools/echo.js': 'module.exports.handler = (event) => event;\n',
  'tools/boom.js': `module.exports.handler = async () => {
  const e = new Error('it broke'); e.errorType = 'Tools.Boom'; throw e;
};
`,
};

describe('child flows over dynalite and fauxqs (local runtime, HTTP)', () => {
  let local: LocalRuntime;

  before(async () => {
    local = await startWithFiles(FLOWS, FUNCTIONS);
  });

  after(async () => local?.stop());

  it('requestResponse: the task ends at once with {ExecutionName}; the child runs on its own', async () => {
    await startExecution(local.apiUrl, 'parent_rr', 'p1', { kid: 'rr-kid', n: 3 });
    const parent = await endedWithHistory(local.apiUrl, 'parent_rr', 'p1');
    assert.equal(parent.execution.status, 'Succeeded');
    assert.deepEqual((parent.execution.output as { ExecutionName?: string }).ExecutionName, 'rr-kid');
    const child = await endedWithHistory(local.apiUrl, 'child_pass', 'rr-kid');
    assert.deepEqual([child.execution.status, child.execution.output], ['Succeeded', { got: 3 }]);
  });

  it('sync: the child’s output becomes the parent task’s output', async () => {
    await startExecution(local.apiUrl, 'parent_sync', 'p1', { kid: 'sync-kid', n: 5 });
    const parent = await endedWithHistory(local.apiUrl, 'parent_sync', 'p1');
    assert.deepEqual([parent.execution.status, parent.execution.output], ['Succeeded', { got: 5 }]);
    assert.equal(ofType(parent.events, 'TaskSucceeded').length, 1);
    const child = await endedWithHistory(local.apiUrl, 'child_pass', 'sync-kid');
    assert.equal(child.execution.status, 'Succeeded');
  });

  it('waitForCallback: the child, reported on its own token, ends the parent’s task with its output', async () => {
    await startExecution(local.apiUrl, 'parent_callback', 'p1', { kid: 'cb-kid' });
    const childToken = await waitForToken(local.apiUrl, 'child_wait', 'cb-kid');
    const parentRunning = await call(local.apiUrl, 'GET', '/flows/parent_callback/executions/p1');
    assert.equal(parentRunning.body.status, 'Running', 'the parent waits for its child');
    const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: childToken,
      output: { answer: 42 },
    });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));
    const child = await endedWithHistory(local.apiUrl, 'child_wait', 'cb-kid');
    assert.deepEqual([child.execution.status, child.execution.output], ['Succeeded', { answer: 42 }]);
    const parent = await endedWithHistory(local.apiUrl, 'parent_callback', 'p1');
    assert.deepEqual([parent.execution.status, parent.execution.output], ['Succeeded', { answer: 42 }]);
  });

  it('a failing child fails the parent’s task with the child’s error', async () => {
    await startExecution(local.apiUrl, 'parent_fails', 'p1', { kid: 'fail-kid' });
    const parent = await endedWithHistory(local.apiUrl, 'parent_fails', 'p1');
    assert.deepEqual(
      [parent.execution.status, parent.execution.error, parent.execution.cause],
      ['Failed', 'Tools.Boom', 'it broke'],
    );
    assert.equal(ofType(parent.events, 'TaskFailed').length, 1);
    const child = await endedWithHistory(local.apiUrl, 'child_fail', 'fail-kid');
    assert.equal(child.execution.status, 'Failed');
  });

  it('a failing child’s error can be caught by the parent', async () => {
    await startExecution(local.apiUrl, 'parent_catches', 'p1', { kid: 'caught-kid' });
    const parent = await endedWithHistory(local.apiUrl, 'parent_catches', 'p1');
    assert.equal(parent.execution.status, 'Succeeded');
    assert.equal((parent.execution.output as { childError?: string }).childError, 'Tools.Boom');
    assert.deepEqual(
      ofType(parent.events, 'StepEntered').map((event) => event.stepName),
      ['callChild', 'recovered'],
    );
  });

  it('StopExecution of the parent stops its running child', async () => {
    await startExecution(local.apiUrl, 'parent_stopped', 'p1', { kid: 'stopped-kid' });
    const childToken = await waitForToken(local.apiUrl, 'child_wait', 'stopped-kid');
    const stopped = await call(local.apiUrl, 'POST', '/flows/parent_stopped/executions/p1/stop', {
      error: 'Enough',
      cause: 'test',
    });
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
    const parent = await endedWithHistory(local.apiUrl, 'parent_stopped', 'p1');
    assert.equal(parent.execution.status, 'Stopped');
    const child = await endedWithHistory(local.apiUrl, 'child_wait', 'stopped-kid');
    assert.equal(child.execution.status, 'Stopped');
    // The child's task was stopped with it: its token is spent.
    const late = await call(local.apiUrl, 'POST', '/tasks/succeeded', { taskToken: childToken, output: {} });
    assert.equal(late.body.code, 'TaskAlreadyCompleted');
    // The parent's history holds no outcome of the stopped task.
    assert.equal(
      ofType(parent.events, 'TaskSucceeded').length + ofType(parent.events, 'TaskFailed').length,
      0,
    );
  });
});
