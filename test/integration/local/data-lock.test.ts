import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DATA_LOCK_FILE } from '../../../lib/local/data-lock.ts';
import { end, type Served, serve } from '../../support/served.ts';
import { call, tempDir } from './local-helpers.ts';

/** Longest wait for a refused server to exit, in ms. */
const REFUSAL_TIMEOUT_MS = 60_000;

/** A `flowback serve` that ran to its exit. */
interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `flowback serve …args` until it exits (it is expected to refuse to start). */
function serveUntilExit(args: readonly string[]): Promise<Exited> {
  const child = spawn(process.execPath, ['bin/flowback.mjs', 'serve', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${REFUSAL_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, REFUSAL_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The pid recorded in the folder's lock. */
async function lockPid(dataDir: string): Promise<number> {
  return (JSON.parse(await readFile(join(dataDir, DATA_LOCK_FILE), 'utf8')) as { pid: number }).pid;
}

describe('flowback serve on a data folder in use', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  const children: ChildProcess[] = [];
  let dataDir: string;
  let args: string[];

  before(async () => {
    const data = await tempDir('locked-data');
    const flows = await tempDir('locked-flows');
    dirs.push(data, flows);
    dataDir = data.path;
    args = [
      '--data',
      dataDir,
      '--port',
      '0',
      '--sqs-port',
      '0',
      '--flows',
      flows.path,
      '--functions',
      flows.path,
    ];
  });

  after(async () => {
    for (const child of children) await end(child, 'SIGKILL');
    for (const dir of dirs) await dir.remove();
  });

  /** Starts a server that is expected to become ready. */
  async function started(): Promise<Served> {
    const served = await serve(args);
    children.push(served.child);
    return served;
  }

  it('refuses a second server with one line naming the folder and the pid, and leaves the first alone', async () => {
    const first = await started();
    const second = await serveUntilExit(args);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, '', 'no ready line');
    const lines = second.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line:\n${second.stderr}`);
    assert.match(lines[0] ?? '', new RegExp(`${dataDir} .*\\(pid ${first.child.pid}\\)`));
    assert.doesNotMatch(second.stderr, /Database is closed|\n\s+at /, 'no stack trace');
    assert.equal((await call(first.apiUrl, 'GET', '/flows')).status, 200, 'the first still serves');
    assert.equal(await end(first.child, 'SIGTERM'), 0);
    assert.equal(existsSync(join(dataDir, DATA_LOCK_FILE)), false, 'a clean stop removes the lock');
  });

  it('takes over the lock a server killed with SIGKILL left behind', async () => {
    const killed = await started();
    await end(killed.child, 'SIGKILL');
    assert.equal(await lockPid(dataDir), killed.child.pid, 'the stale lock is still there');
    const next = await started();
    assert.equal(await lockPid(dataDir), next.child.pid);
    assert.equal((await call(next.apiUrl, 'GET', '/flows')).status, 200);
    assert.equal(await end(next.child, 'SIGTERM'), 0);
  });

  it('lets one of two servers started at once on a stale lock run, and refuses the other', async () => {
    const killed = await started();
    await end(killed.child, 'SIGKILL');
    const outcomes = await Promise.allSettled([started(), started()]);
    const ready = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    assert.equal(ready.length, 1, 'one runs');
    assert.equal(refused.length, 1, 'the other is refused');
    const winner = (ready[0] as PromiseFulfilledResult<Served>).value;
    assert.match(String(refused[0]?.reason), new RegExp(`exited \\(1\\).*\\n.*pid ${winner.child.pid}\\b`));
    assert.equal(await lockPid(dataDir), winner.child.pid);
    assert.equal(await end(winner.child, 'SIGTERM'), 0);
  });
});
