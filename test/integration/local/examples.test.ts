/**
 * Every example flow of test/fixtures/examples runs to its documented result over HTTP on the local
 * runtime (dynalite + fauxqs), with the fixture functions as files in the `--functions` folder.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

/** The text of an example flow. */
function example(name: string): string {
  return readFileSync(new URL(`../../fixtures/examples/${name}.yaml`, import.meta.url), 'utf8');
}

/** retry_and_catch with 1 s and 2 s instead of 10, 20 and 40 s (same retry, errorMappings and catch). */
const RETRY_AND_CATCH_SHORT = example('retry_and_catch')
  .replace('intervalSeconds: 10', 'intervalSeconds: 1')
  .replace('maxAttempts: 3', 'maxAttempts: 2');

/** The fixture functions of test/fixtures/functions.ts as CommonJS modules. */
const FIXTURE_FUNCTION_FILES: Record<string, string> = {
  'fnf_test/toUpperCase.js':
    "module.exports.handler = (event) => ({ name: String(event.name ?? '').toUpperCase() });\n",
  // Fails while its input says so, so that one file serves the retry path and the success path.
  'fnf_test/hello.js': `module.exports.handler = async (event) => {
  if (event.fail) { const e = new Error('hello failed'); e.errorType = 'HelloFailed'; throw e; }
  return { hello: 'world', input: event };
};
`,
  'fnf-demo/echo.js': 'module.exports.handler = (event) => event;\n',
  'HelloWorld/echo.js': 'module.exports.handler = async (event) => event;\n',
  'HelloWorld/Encrypt.js': `const { createHash } = require('node:crypto');
module.exports.handler = (event) => {
  const digest = createHash('sha256').update(String(event.envKey) + ':' + JSON.stringify(event.message ?? null));
  return { encrypted: digest.digest('hex') };
};
`,
};

describe('the example flows over HTTP on the local runtime', () => {
  let local: LocalRuntime;

  before(async () => {
    const names = [
      'foreach_names',
      'parallel_outputs',
      'pass_constant',
      'retry_and_catch',
      'sequential_mapping',
      'wait_for_callback',
    ];
    const flows = Object.fromEntries(names.map((name) => [name, example(name)]));
    local = await startWithFiles(
      { ...flows, retry_and_catch_short: RETRY_AND_CATCH_SHORT },
      FIXTURE_FUNCTION_FILES,
    );
  });

  after(async () => local?.stop());

  /** Starts `flow` with `input`, and returns the ended execution with its (checked) history. */
  async function run(flow: string, name: string, input: Record<string, unknown> = {}) {
    await startExecution(local.apiUrl, flow, name, input);
    return endedWithHistory(local.apiUrl, flow, name);
  }

  it('pass_constant outputs {"names": ["A", "B", "C"]}', async () => {
    const { execution } = await run('pass_constant', 'e1');
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { names: ['A', 'B', 'C'] }]);
  });

  it('parallel_outputs outputs {"result": ["pass1", "pass2"]} in branch order', async () => {
    const { execution, events } = await run('parallel_outputs', 'e1');
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { result: ['pass1', 'pass2'] }]);
    assert.equal(ofType(events, 'BranchEntered').length, 2);
    assert.equal(ofType(events, 'BranchExited').length, 2);
  });

  it('foreach_names upper-cases every name through toUpperCase', async () => {
    const { execution, events } = await run('foreach_names', 'e1', { names: ['a', 'b', 'c'] });
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { names: ['A', 'B', 'C'] }]);
    assert.equal(ofType(events, 'IterationEntered').length, 3);
    assert.deepEqual(
      ofType(events, 'TaskScheduled')
        .map((event) => (event.detail.input as { name?: string }).name)
        .sort(),
      ['a', 'b', 'c'],
    );
  });

  it('sequential_mapping passes the echoed content to Encrypt with envKey "password"', async () => {
    const { execution, events } = await run('sequential_mapping', 'e1', { content: 'secret' });
    assert.equal(execution.status, 'Succeeded');
    const output = execution.output as { message?: string; encrypted?: string };
    assert.equal(output.message, 'secret');
    assert.match(String(output.encrypted), /^[0-9a-f]{64}$/);
    const encrypt = ofType(events, 'TaskScheduled').find((event) => event.stepName === 'Encrypt');
    assert.deepEqual(encrypt?.detail.input, { message: 'secret', envKey: 'password' });
  });

  it('retry_and_catch succeeds at once when hello succeeds', async () => {
    const { execution, events } = await run('retry_and_catch', 'ok1');
    assert.equal(execution.status, 'Succeeded');
    assert.deepEqual((execution.output as { hello?: string }).hello, 'world');
    assert.equal(ofType(events, 'TaskScheduled').length, 1);
  });

  it('retry_and_catch (1 s and 2 s intervals) retries twice, then catches with errCode and errMsg', async () => {
    const began = Date.now();
    const { execution, events } = await run('retry_and_catch_short', 'fail1', { fail: true });
    assert.equal(execution.status, 'Succeeded');
    const output = execution.output as { errCode?: string; errMsg?: string };
    assert.deepEqual([output.errCode, output.errMsg], ['HelloFailed', 'hello failed']);
    assert.equal(ofType(events, 'TaskScheduled').length, 3, 'the first attempt and two retries');
    assert.equal(ofType(events, 'TaskFailed').length, 3);
    assert.deepEqual(
      ofType(events, 'StepEntered').map((event) => event.stepName),
      ['hello', 'final'],
    );
    assert.ok(Date.now() - began >= 2500, 'the retries waited for their delays');
  });

  it('wait_for_callback: the token reaches echo; ReportTaskSucceeded {"key":"value"} → {"k":"value"}', async () => {
    await startExecution(local.apiUrl, 'wait_for_callback', 'cb1');
    const token = await waitForToken(local.apiUrl, 'wait_for_callback', 'cb1');
    const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: token,
      output: '{"key":"value"}',
    });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));
    const { execution, events } = await endedWithHistory(local.apiUrl, 'wait_for_callback', 'cb1');
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { k: 'value' }]);
    assert.deepEqual(ofType(events, 'TaskSubmitted')[0]?.detail.output, { taskToken: token });
  });

  it('wait_for_callback: ReportTaskFailed fails the step with the error name', async () => {
    await startExecution(local.apiUrl, 'wait_for_callback', 'cb2');
    const token = await waitForToken(local.apiUrl, 'wait_for_callback', 'cb2');
    const reported = await call(local.apiUrl, 'POST', '/tasks/failed', {
      taskToken: token,
      error: 'Rejected',
      cause: 'no',
    });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));
    const { execution } = await endedWithHistory(local.apiUrl, 'wait_for_callback', 'cb2');
    assert.deepEqual([execution.status, execution.error, execution.cause], ['Failed', 'Rejected', 'no']);
  });
});
