import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
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

/** Longest wait for the ready line, in ms. */
const READY_TIMEOUT_MS = 30_000;

/** A `flowback serve` child process and its API URL. */
interface Served {
  child: ChildProcess;
  apiUrl: string;
  stderr: string[];
}

/** Starts `node bin/flowback.mjs serve …` and waits for its ready line. */
function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ['bin/flowback.mjs', 'serve', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${READY_TIMEOUT_MS} ms:\n${stderr.join('\n')}`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before it was ready:\n${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = /^flowback ready api=(http:\/\/127\.0\.0\.1:\d+) sqs=http:\/\/127\.0\.0\.1:\d+$/.exec(
        line,
      );
      if (ready?.[1] === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, apiUrl: ready[1], stderr });
    });
  });
}

/** Ends a child process and waits for its exit. */
function end(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

describe('flowback serve killed with SIGKILL while executions wait', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  let args: string[];
  const children: ChildProcess[] = [];

  before(async () => {
    const data = await tempDir('data');
    const flows = await tempDir('flows');
    const functions = await tempDir('functions');
    dirs.push(data, flows, functions);
    await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
    await writeFlows(flows.path, { long_wait: waitFlow(2) });
    await mkdir(join(functions.path, 'fnf-demo'));
    await copyFile('examples/functions/fnf-demo/echo.js', join(functions.path, 'fnf-demo', 'echo.mjs'));
    args = [
      '--data',
      data.path,
      '--port',
      '0',
      '--sqs-port',
      '0',
      '--flows',
      flows.path,
      '--functions',
      functions.path,
    ];
  });

  after(async () => {
    for (const child of children) await end(child, 'SIGKILL');
    for (const dir of dirs) await dir.remove();
  });

  it('loses nothing: after a restart every execution completes exactly once with a gap-free history', async () => {
    const first = await serve(args);
    children.push(first.child);
    const waiting = ['k1', 'k2', 'k3', 'k4'];
    for (const name of waiting) {
      const started = await call(first.apiUrl, 'POST', `/flows/${SEED_FLOW_NAME}/executions`, {
        executionName: name,
      });
      assert.equal(started.status, 201);
    }
    await Promise.all(waiting.map((name) => waitForToken(first.apiUrl, SEED_FLOW_NAME, name)));
    await call(first.apiUrl, 'POST', '/flows/long_wait/executions', { executionName: 'w1' });
    // Started just before the kill: their function calls may still be in flight.
    const inFlight = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
    await Promise.all(
      inFlight.map((name) =>
        call(first.apiUrl, 'POST', `/flows/${SEED_FLOW_NAME}/executions`, { executionName: name }),
      ),
    );
    await end(first.child, 'SIGKILL');

    const second = await serve(args);
    children.push(second.child);
    const all = [...waiting, ...inFlight];
    const tokens = await Promise.all(all.map((name) => waitForToken(second.apiUrl, SEED_FLOW_NAME, name)));
    for (const token of tokens) {
      const reported = await call(second.apiUrl, 'POST', '/tasks/succeeded', {
        taskToken: token,
        output: { status: 'ok' },
      });
      assert.equal(reported.status, 200, JSON.stringify(reported.body));
    }
    for (const name of all) {
      const ended = await waitForEnd(second.apiUrl, SEED_FLOW_NAME, name);
      assert.deepEqual([ended.status, ended.output], ['Succeeded', { s: 'ok' }], name);
      const events = await history(second.apiUrl, SEED_FLOW_NAME, name);
      assertGapFree(events, 'ExecutionSucceeded');
      assert.equal(
        events.filter((event) => event.type === 'TaskSubmitted').length,
        1,
        `${name}: one submission`,
      );
    }
    const waited = await waitForEnd(second.apiUrl, 'long_wait', 'w1');
    assert.equal(waited.status, 'Succeeded');
    assertGapFree(await history(second.apiUrl, 'long_wait', 'w1'), 'ExecutionSucceeded');

    assert.equal(await end(second.child, 'SIGTERM'), 0, 'a SIGTERM stops it cleanly');
  });
});
