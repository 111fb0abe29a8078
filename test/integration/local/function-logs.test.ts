/**
 * What local functions log, read back: `console.*` output and errors captured per call with the
 * step and call id, stacks with file:line (a syntax error names its file and line), served by
 * `GET /flows/{flow}/executions/{name}/logs` page by page, in memory and in the data folder across a
 * restart, and read by `flowback logs`.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../lib/cli/main.ts';
import type { Activity } from '../../../lib/local/logs/activity.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { captureIo } from '../cli/cli-helpers.ts';
import { call, endedWithHistory, startExecution, tempDir, writeFiles, writeFlows } from './local-helpers.ts';

/** A one-task flow on `tools/{name}`. */
function taskFlow(name: string): string {
  return `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: ${name}_step\n    resourceArn: acs:fc:::services/tools/functions/${name}\n`;
}

const FLOWS = {
  chatty: taskFlow('chatty'),
  boom: taskFlow('boom'),
  broken_js: taskFlow('broken_js'),
  broken_ts: taskFlow('broken_ts'),
};

const FUNCTIONS: Record<string, string> = {
  'tools/chatty.js': `exports.handler = (event) => {
  console.log('hello', { n: event.n });
  console.info('info line');
  console.warn('careful');
  console.error('bad news');
  console.debug('details');
  process.stdout.write('raw ');
  process.stdout.write('write\\n');
  return { n: event.n };
};
`,
  'tools/boom.mjs': `export async function handler() {
  const error = new Error('it broke');
  error.errorType = 'Tools.Boom';
  throw error;
}
`,
  'tools/broken_js.mjs': 'export function handler() {\n  return { x: 1;; };\n}\n',
  'tools/broken_ts.ts': 'export function handler(): number {\n  return (1 + ;\n}\n',
};

/** Starts a local runtime on `root` (flows and functions inside), in memory or on its data folder. */
async function startOn(root: string, memory: boolean, activity?: (activity: Activity) => void) {
  return startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: join(root, 'data'),
    memory,
    flowsDir: join(root, 'flows'),
    functionsDir: join(root, 'functions'),
    sweepIntervalMs: 200,
    ...(activity !== undefined ? { activity } : {}),
  });
}

/** The log entries of an execution, every page read with `limit`. */
async function allLogs(apiUrl: string, flow: string, execution: string, limit: number) {
  const entries: Record<string, unknown>[] = [];
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const query = `?limit=${limit}${nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`}`;
    const answer = await call(apiUrl, 'GET', `/flows/${flow}/executions/${execution}/logs${query}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    entries.push(...(answer.body.logs as Record<string, unknown>[]));
    nextToken = answer.body.nextToken as string | undefined;
    pages += 1;
  } while (nextToken !== undefined);
  return { entries, pages };
}

describe('execution logs of local functions', () => {
  let root: { path: string; remove(): Promise<void> };
  let local: LocalRuntime;
  const activities: Activity[] = [];

  before(async () => {
    root = await tempDir('function-logs');
    await mkdir(join(root.path, 'flows'));
    await writeFlows(join(root.path, 'flows'), FLOWS);
    await writeFiles(join(root.path, 'functions'), FUNCTIONS);
    local = await startOn(root.path, false, (activity) => activities.push(activity));
  });

  after(async () => {
    await local.stop();
    await root.remove();
  });

  it('captures console output per call with level, step and call id, page by page', async () => {
    await startExecution(local.apiUrl, 'chatty', 'c1', { n: 7 });
    await endedWithHistory(local.apiUrl, 'chatty', 'c1');
    const { entries, pages } = await allLogs(local.apiUrl, 'chatty', 'c1', 2);
    assert.deepEqual(
      entries.map((entry) => [entry.level, entry.message]),
      [
        ['INFO', 'hello { n: 7 }'],
        ['INFO', 'info line'],
        ['WARN', 'careful'],
        ['ERROR', 'bad news'],
        ['DEBUG', 'details'],
        ['INFO', 'raw write'],
      ],
    );
    assert.equal(pages, 3);
    assert.deepEqual(new Set(entries.map((entry) => entry.stepName)), new Set(['chatty_step']));
    const callIds = new Set(entries.map((entry) => entry.callId));
    assert.equal(callIds.size, 1);
    assert.match([...callIds][0] as string, /^c1-/);
    for (const entry of entries) assert.match(String(entry.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The same lines were told as activity, beside the history events.
    assert.ok(activities.some((a) => a.kind === 'log' && a.entry.message === 'careful'));
    assert.ok(activities.some((a) => a.kind === 'event' && a.event.type === 'TaskSucceeded'));
  });

  it('keeps a thrown error with its stack, file:line of the function first', async () => {
    await startExecution(local.apiUrl, 'boom', 'b1');
    const { execution } = await endedWithHistory(local.apiUrl, 'boom', 'b1');
    assert.deepEqual([execution.error, execution.cause], ['Tools.Boom', 'it broke']);
    const [entry] = (await allLogs(local.apiUrl, 'boom', 'b1', 100)).entries;
    assert.equal(entry?.level, 'ERROR');
    const [first, frame] = String(entry?.message).split('\n');
    assert.equal(first, 'Tools.Boom: it broke');
    assert.match(frame ?? '', /at handler \(.*\/tools\/boom\.mjs:2:\d+\)$/);
  });

  it('says the file and line of a syntax error, in JavaScript and in TypeScript', async () => {
    for (const [flow, file] of [
      ['broken_js', 'broken_js.mjs'],
      ['broken_ts', 'broken_ts.ts'],
    ] as const) {
      await startExecution(local.apiUrl, flow, 's1');
      const { execution } = await endedWithHistory(local.apiUrl, flow, 's1');
      assert.equal(execution.error, 'FC.InternalServerError');
      assert.match(
        String(execution.cause),
        new RegExp(`^function 'tools/${flow}' cannot be loaded: .*/tools/${file.replace('.', '\\.')}:2:\\d+`),
      );
    }
  });

  it('answers ExecutionNotExists and InvalidArgument like the other routes', async () => {
    const missing = await call(local.apiUrl, 'GET', '/flows/chatty/executions/nobody/logs');
    assert.deepEqual([missing.status, missing.body.code], [404, 'ExecutionNotExists']);
    const badToken = await call(local.apiUrl, 'GET', '/flows/chatty/executions/c1/logs?nextToken=zzz');
    assert.deepEqual([badToken.status, badToken.body.code], [400, 'InvalidArgument']);
    const badLimit = await call(local.apiUrl, 'GET', '/flows/chatty/executions/c1/logs?limit=0');
    assert.deepEqual([badLimit.status, badLimit.body.code], [400, 'InvalidArgument']);
  });

  it('prints them with flowback logs, readable or as JSON lines', async () => {
    const io = captureIo();
    assert.equal(await runCli(['logs', 'chatty', 'c1', '--endpoint', local.apiUrl], io), 0);
    const lines = io.stdout.trim().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[2] ?? '', /^\S+Z WARN step=chatty_step call=c1-\S+ careful$/);
    const json = captureIo();
    assert.equal(
      await runCli(['logs', 'chatty', 'c1', '--format', 'json', '--endpoint', local.apiUrl], json),
      0,
    );
    assert.deepEqual(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
      ['hello { n: 7 }', 'info line', 'careful', 'bad news', 'details', 'raw write'],
    );
    const missing = captureIo();
    assert.equal(await runCli(['logs', 'chatty', 'nobody', '--endpoint', local.apiUrl], missing), 1);
    assert.match(missing.stderr, /^ExecutionNotExists: /);
  });

  it('keeps the logs of a data folder across a restart', async () => {
    const before = (await allLogs(local.apiUrl, 'chatty', 'c1', 100)).entries;
    await local.stop();
    local = await startOn(root.path, false);
    assert.deepEqual((await allLogs(local.apiUrl, 'chatty', 'c1', 100)).entries, before);
    await startExecution(local.apiUrl, 'chatty', 'c2', { n: 1 });
    await endedWithHistory(local.apiUrl, 'chatty', 'c2');
    assert.equal((await allLogs(local.apiUrl, 'chatty', 'c2', 100)).entries.length, 6);
  });
});
