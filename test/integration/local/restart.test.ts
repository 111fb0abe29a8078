import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalRuntimeOptions, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import {
  assertGapFree,
  call,
  history,
  SEED_FLOW_NAME,
  tempDir,
  waitFlow,
  waitForEnd,
  waitForToken,
  writeFlows,
} from './local-helpers.ts';

const SEED_RUNS = ['r1', 'r2', 'r3', 'r4', 'r5'];
const WAIT_RUNS = ['w1', 'w2'];

describe('a restart of the local runtime with a --data folder', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  let options: LocalRuntimeOptions;

  before(async () => {
    const data = await tempDir('data');
    const flows = await tempDir('flows');
    const functions = await tempDir('functions');
    dirs.push(data, flows, functions);
    await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
    await writeFlows(flows.path, { long_wait: waitFlow(3) });
    await mkdir(join(functions.path, 'fnf-demo'));
    await copyFile('examples/functions/fnf-demo/echo.js', join(functions.path, 'fnf-demo', 'echo.mjs'));
    options = {
      port: 0,
      sqsPort: 0,
      dataDir: data.path,
      flowsDir: flows.path,
      functionsDir: functions.path,
      sweepIntervalMs: 200,
    };
  });

  after(async () => {
    for (const dir of dirs) await dir.remove();
  });

  it('keeps executions that wait for callbacks and timers, and completes each once with a gap-free history', async () => {
    const first = await startLocalRuntime(options);
    let tokens: string[];
    try {
      for (const name of SEED_RUNS) {
        const started = await call(first.apiUrl, 'POST', `/flows/${SEED_FLOW_NAME}/executions`, {
          executionName: name,
        });
        assert.equal(started.status, 201);
      }
      for (const name of WAIT_RUNS) {
        await call(first.apiUrl, 'POST', '/flows/long_wait/executions', {
          executionName: name,
          input: { x: name },
        });
      }
      tokens = await Promise.all(SEED_RUNS.map((name) => waitForToken(first.apiUrl, SEED_FLOW_NAME, name)));
    } finally {
      await first.stop();
    }

    const second = await startLocalRuntime(options);
    try {
      const flow = await call(second.apiUrl, 'GET', `/flows/${SEED_FLOW_NAME}`);
      assert.equal(flow.status, 200, 'the flow is still there (and unchanged)');
      for (const [index, token] of tokens.entries()) {
        const reported = await call(second.apiUrl, 'POST', '/tasks/succeeded', {
          taskToken: token,
          output: { status: `ok${index}` },
        });
        assert.deepEqual(reported, { status: 200, body: { eventId: 5 } });
      }
      for (const [index, name] of SEED_RUNS.entries()) {
        const ended = await waitForEnd(second.apiUrl, SEED_FLOW_NAME, name);
        assert.deepEqual([ended.status, ended.output], ['Succeeded', { s: `ok${index}` }]);
        assertGapFree(await history(second.apiUrl, SEED_FLOW_NAME, name), 'ExecutionSucceeded');
      }
      for (const name of WAIT_RUNS) {
        const ended = await waitForEnd(second.apiUrl, 'long_wait', name);
        assert.equal(ended.status, 'Succeeded');
        assertGapFree(await history(second.apiUrl, 'long_wait', name), 'ExecutionSucceeded');
      }
      const listed = await call(second.apiUrl, 'GET', `/flows/${SEED_FLOW_NAME}/executions?status=Succeeded`);
      assert.equal((listed.body.executions as unknown[]).length, SEED_RUNS.length);
    } finally {
      await second.stop();
    }
  });
});
