import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Harness, type TestFunction } from '../../support/engine-harness.ts';

/** The example flows from the original's documentation (copied from shared/examples/flows). */
function example(name: string): string {
  return readFileSync(new URL(`../../fixtures/examples/${name}.yaml`, import.meta.url), 'utf8');
}

const functions: Record<string, TestFunction> = {
  'fnf_test/toUpperCase': (event) => ({ name: String(event.name).toUpperCase() }),
  'fnf-demo/echo': (event) => event,
  'HelloWorld/echo': (event) => event,
  'HelloWorld/Encrypt': (event) => ({
    encrypted: `${String(event.message)}:${String(event.envKey)}`.split('').reverse().join(''),
  }),
};

describe('example flows from the documentation', () => {
  it('pass_constant: a constant source gives {"names": ["A","B","C"]}', () => {
    const run = new Harness(example('pass_constant'));
    run.start();
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(run.state.output, { names: ['A', 'B', 'C'] });
  });

  it('parallel_outputs: branch locals in branch order, collected by $local[*].result', () => {
    const run = new Harness(example('parallel_outputs'));
    run.start();
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(run.state.output, { result: ['pass1', 'pass2'] });
    const exits = run.history
      .filter((e) => e.type === 'StepExited')
      .map((e) => [e.stepName, e.detail.output]);
    assert.deepEqual(exits, [
      ['pass1', { result: 'pass1' }],
      ['pass2', { result: 'pass2' }],
      ['myparallel', { result: ['pass1', 'pass2'] }],
    ]);
  });

  it('foreach_names: each iteration gets the item merged into the step input', () => {
    const seen: unknown[] = [];
    const run = new Harness(
      example('foreach_names'),
      { names: ['a', 'b', 'c'] },
      {
        functions: {
          'fnf_test/toUpperCase': (event) => {
            seen.push(event);
            return { name: String(event.name).toUpperCase() };
          },
        },
      },
    );
    run.start();
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(run.state.output, { names: ['A', 'B', 'C'] });
    assert.deepEqual(seen, [
      { name: 'a', names: ['a', 'b', 'c'] },
      { name: 'b', names: ['a', 'b', 'c'] },
      { name: 'c', names: ['a', 'b', 'c'] },
    ]);
  });

  it('sequential_mapping: $local.content becomes message; Encrypt gets {message, envKey}', () => {
    const inputs: unknown[] = [];
    const run = new Harness(
      example('sequential_mapping'),
      { content: 'hello' },
      {
        functions: {
          ...functions,
          'HelloWorld/Encrypt': (event) => {
            inputs.push(event);
            return { encrypted: 'olleh' };
          },
        },
      },
    );
    run.start();
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(inputs, [{ message: 'hello', envKey: 'password' }]);
    assert.deepEqual(run.state.output, { message: 'hello', encrypted: 'olleh' });
  });

  it('wait_for_callback: the function gets the token; {"key":"value"} becomes {"k":"value"}', () => {
    const run = new Harness(example('wait_for_callback'), {}, { functions });
    run.start();
    const scheduled = run.history.find((e) => e.type === 'TaskScheduled');
    assert.deepEqual(scheduled?.detail.input, { taskToken: 'token-1' });
    run.report({ kind: 'succeeded', output: { key: 'value' } });
    assert.deepEqual(run.state.output, { k: 'value' });
  });

  it('wait_for_callback: ReportTaskFailed fails the step with the given error', () => {
    const run = new Harness(example('wait_for_callback'), {}, { functions });
    run.start();
    run.report({ kind: 'failed', error: 'MyError', cause: 'because' });
    assert.equal(run.state.status, 'Failed');
    assert.equal(run.state.error, 'MyError');
    assert.equal(run.state.cause, 'because');
  });

  it('retry_and_catch: retries after 10, 20, 40 s, then catches into errMsg/errCode', () => {
    let calls = 0;
    const run = new Harness(
      example('retry_and_catch'),
      {},
      {
        functions: {
          'fnf_test/hello': () => {
            calls += 1;
            const error = new Error('hello is down');
            error.name = 'HelloDown';
            throw error;
          },
        },
      },
    );
    const started = run.now;
    run.start();
    assert.equal(calls, 1);
    const retryTimes = [...run.timers.values()];
    assert.deepEqual(retryTimes, [started + 10_000]);
    run.advanceBy(10_000);
    assert.equal(calls, 2);
    assert.deepEqual([...run.timers.values()], [started + 30_000]);
    run.advanceBy(20_000);
    assert.deepEqual([...run.timers.values()], [started + 70_000]);
    run.advanceBy(40_000);
    assert.equal(calls, 4);
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(run.state.output, { errMsg: 'hello is down', errCode: 'HelloDown' });
    assert.deepEqual(
      run.history.filter((e) => e.stepName === 'final').map((e) => e.type),
      ['StepEntered', 'StepExited'],
    );
  });

  it('retry_and_catch: a call that succeeds on a retry continues normally', () => {
    let calls = 0;
    const run = new Harness(
      example('retry_and_catch'),
      {},
      {
        functions: {
          'fnf_test/hello': () => {
            calls += 1;
            if (calls < 3) throw new Error('flaky');
            return { greeting: 'hi' };
          },
        },
      },
    );
    run.start();
    run.advanceBy(30_000);
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(run.state.output, { greeting: 'hi' });
  });
});
