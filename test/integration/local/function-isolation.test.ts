/**
 * Local functions run like Lambda's: each call in a worker thread of its module, outside the server's
 * event loop. A hang, a crash, an exit, a busy loop or running out of memory fails that call with a
 * clear `FC.*` error and cause; the API and the other calls carry on, and the next call gets a new
 * thread. Real threads, real HTTP; functions that must stay busy wait for a release file the test
 * writes, so that nothing depends on how fast this machine is.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import {
  call,
  endedWithHistory,
  eventually,
  ofType,
  startExecution,
  startWithFiles,
  tempDir,
} from './local-helpers.ts';

/** A flow of one task calling `tools/{name}`, with extra task fields. */
function taskFlow(name: string, fields = ''): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: work
    resourceArn: acs:fc:::services/tools/functions/${name}
${fields}`;
}

/** The functions, given the folder of release files. */
function functions(releases: string): Record<string, string> {
  const released = (name: string) => JSON.stringify(join(releases, name));
  return {
    'tools/echo.js': 'module.exports.handler = (event) => event;\n',
    'tools/hang.js':
      "module.exports.handler = () => { console.log('hanging'); return new Promise(() => {}); };\n",
    'tools/spin.js': "module.exports.handler = () => { console.log('spinning'); for (;;) {} };\n",
    'tools/crash.mjs':
      "export const handler = () => new Promise(() => { setTimeout(() => { throw new TypeError('late boom'); }, 5); });\n",
    'tools/quit.js': 'exports.handler = () => { process.exit(7); };\n',
    'tools/hog.js':
      'exports.handler = () => { const kept = []; for (;;) kept.push(new Array(1e5).fill({ n: Math.random() })); };\n',
    // Busy (its thread's loop blocked) until the test writes the release file.
    'tools/busy.js': `const { existsSync } = require('node:fs');
exports.handler = (event) => {
  console.log('busy');
  while (!existsSync(${released('busy')})) {}
  return { released: true };
};
`,
    // Waits (its thread idle) until the test writes the release file.
    'tools/wait.js': `const { existsSync } = require('node:fs');
exports.handler = () => new Promise((resolve) => {
  console.log('waiting');
  const timer = setInterval(() => { if (existsSync(${released('wait')})) { clearInterval(timer); resolve({ released: true }); } }, 10);
});
`,
    'tools/typed.ts': `interface Context {
  callId: string;
  stepName: string;
  functionName: string;
  scheduleEventId: number;
  executionKey: { flowName: string; executionName: string };
  getRemainingTimeInMillis(): number;
}
export function handler(event: { n: number }, context: Context): Record<string, unknown> {
  console.log('typed call', context.callId);
  const { getRemainingTimeInMillis, ...fields } = context;
  return { doubled: event.n * 2, ...fields, remaining: typeof getRemainingTimeInMillis() };
}
`,
  };
}

const FLOWS: Record<string, string> = {
  echo: taskFlow('echo'),
  hang: taskFlow('hang'),
  spin: taskFlow('spin'),
  crash: taskFlow('crash'),
  quit: taskFlow('quit'),
  hog: taskFlow('hog'),
  busy: taskFlow('busy'),
  wait: taskFlow('wait'),
  typed: taskFlow('typed'),
  // The task's deadline (1 s) comes before the function timeout (2 s).
  deadline: taskFlow('hang', '    timeoutSeconds: 1\n'),
};

/** A local runtime serving `FLOWS` with `functions(releases)` and the given function timeout. */
function harness(functionTimeoutSeconds: number) {
  const state: { local?: LocalRuntime; releases?: { path: string; remove(): Promise<void> } } = {};
  before(async () => {
    state.releases = await tempDir('releases');
    state.local = await startWithFiles(FLOWS, functions(state.releases.path), {
      functionTimeoutSeconds,
      functionMemoryMb: 32,
    });
  });
  after(async () => {
    await state.local?.stop();
    await state.releases?.remove();
  });
  const api = (): string => state.local!.apiUrl;

  /** Runs `flow` once and returns the ended execution and its history. */
  async function run(flow: string, name: string, input: Record<string, unknown> = {}) {
    await startExecution(api(), flow, name, input);
    return endedWithHistory(api(), flow, name, 60_000);
  }

  /** The execution's log entries (GET …/logs). */
  async function logs(flow: string, name: string): Promise<Record<string, unknown>[]> {
    const answer = await call(api(), 'GET', `/flows/${flow}/executions/${name}/logs`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.logs as Record<string, unknown>[];
  }

  /** Waits until the execution's function has logged `text`. */
  function logged(flow: string, name: string, text: string): Promise<true> {
    return eventually(
      async () => ((await logs(flow, name)).some((entry) => entry.message === text) ? true : undefined),
      60_000,
      `'${text}' in the logs of ${flow}/${name}`,
    );
  }

  /** Asserts that an echo call still works. */
  async function echoWorks(name: string): Promise<void> {
    const { execution } = await run('echo', name, { still: 'fine' });
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { still: 'fine' }]);
  }

  /** Writes the release file of `name`. */
  const release = (name: string) => writeFile(join(state.releases!.path, name), '');
  return { api, run, logs, logged, echoWorks, release };
}

describe('local functions in worker threads, with a 2 s function timeout', { concurrency: true }, () => {
  const { api, run, logs, echoWorks } = harness(2);

  it('fails a call that never returns with FC.FunctionTimeout at the function timeout', async () => {
    const { execution } = await run('hang', 'h1');
    assert.equal(execution.error, 'FC.FunctionTimeout');
    assert.match(String(execution.cause), /function 'tools\/hang' did not return within 2 s/);
    await echoWorks('after-hang');
  });

  it('ends a busy loop that never stops at the timeout (its thread is terminated)', async () => {
    const { execution } = await run('spin', 's1');
    assert.equal(execution.error, 'FC.FunctionTimeout');
    assert.deepEqual(
      (await logs('spin', 's1')).map((entry) => [entry.level, String(entry.message).split(':')[0]]),
      [
        ['INFO', 'spinning'],
        ['ERROR', 'FC.FunctionTimeout'],
      ],
    );
    await echoWorks('after-spin');
  });

  it('fails a call whose thread dies of an uncaught error with FC.FunctionCrashed, the stack in the logs', async () => {
    const { execution } = await run('crash', 'c1');
    assert.equal(execution.error, 'FC.FunctionCrashed');
    assert.match(
      String(execution.cause),
      /crashed before it returned: uncaught TypeError: late boom \(at \/.*crash\.mjs:1:\d+\)/,
    );
    const error = (await logs('crash', 'c1')).find((entry) => entry.level === 'ERROR');
    assert.match(String(error?.message), /^FC\.FunctionCrashed: .*\n\s+at .*crash\.mjs:1:\d+/);
    await echoWorks('after-crash');
  });

  it('fails a call that calls process.exit(7) with FC.FunctionCrashed; the server carries on', async () => {
    const { execution } = await run('quit', 'q1');
    assert.equal(execution.error, 'FC.FunctionCrashed');
    assert.match(String(execution.cause), /exited with code 7 before it returned/);
    assert.equal((await call(api(), 'GET', '/flows')).status, 200);
    await echoWorks('after-quit');
  });

  it('fails a call over its heap limit with FC.FunctionOutOfMemory', async () => {
    const { execution } = await run('hog', 'm1');
    assert.equal(execution.error, 'FC.FunctionOutOfMemory');
    assert.match(String(execution.cause), /heap limit is 32 MB/);
    await echoWorks('after-hog');
  });

  it('never lets a call outlive its task’s deadline: the task times out', async () => {
    const { execution, events } = await run('deadline', 'd1');
    // Whichever the engine sees first, the deadline's timer or the cut-off call, the task timed out.
    assert.deepEqual([execution.status, execution.error], ['Failed', 'FnF.TaskTimeout']);
    assert.deepEqual([ofType(events, 'TaskTimedOut').length, ofType(events, 'TaskFailed').length], [1, 0]);
    const cut = await eventually(
      async () =>
        (await logs('deadline', 'd1')).find((entry) => /at the task's deadline/.test(String(entry.message))),
      60_000,
      'the log of the call cut off at the deadline',
    );
    assert.match(String(cut.message), /^FnF\.TaskTimeout: function 'tools\/hang' was cut off after/);
  });
});

describe('local functions in worker threads, with a long function timeout', { concurrency: true }, () => {
  const { api, run, logs, logged, echoWorks, release } = harness(120);

  it('keeps the API and other calls going while a function keeps its thread busy', async () => {
    await startExecution(api(), 'busy', 'b1');
    await logged('busy', 'b1', 'busy');
    assert.equal((await call(api(), 'GET', '/flows')).status, 200);
    await echoWorks('beside-busy');
    const meanwhile = await call(api(), 'GET', '/flows/busy/executions/b1');
    assert.equal(meanwhile.body.status, 'Running', 'the API answered while the function was busy');
    await release('busy');
    const { execution } = await endedWithHistory(api(), 'busy', 'b1', 60_000);
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { released: true }]);
  });

  it('runs other calls while a call waits', async () => {
    await startExecution(api(), 'wait', 'w1');
    await logged('wait', 'w1', 'waiting');
    await echoWorks('beside-wait');
    assert.equal((await call(api(), 'GET', '/flows/wait/executions/w1')).body.status, 'Running');
    await release('wait');
    const { execution } = await endedWithHistory(api(), 'wait', 'w1', 60_000);
    assert.deepEqual(execution.output, { released: true });
  });

  it('loads TypeScript modules and gives the handler the call id and the other context fields', async () => {
    const { execution } = await run('typed', 't1', { n: 21 });
    const output = execution.output as Record<string, unknown>;
    assert.match(String(output.callId), /^c1-[0-9a-f]{13}-\d+$/);
    assert.deepEqual(output, {
      doubled: 42,
      callId: output.callId,
      stepName: 'work',
      functionName: 'tools/typed',
      scheduleEventId: 3,
      executionKey: { flowName: 'typed', executionName: 't1' },
      remaining: 'number',
    });
    const [line] = await logs('typed', 't1');
    assert.deepEqual(
      [line?.message, line?.callId, line?.stepName],
      [`typed call ${output.callId}`, output.callId, 'work'],
    );
  });
});
