/**
 * `flowback serve` as a user runs it (a child process): one activity line per history event and per
 * line a function logs (readable, or JSON with `--log-format json`, none with `--quiet`), and one
 * SIGINT stopping the server within a bounded time even while a function hangs.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { end, type Served, serve } from '../../support/served.ts';
import { eventually, startExecution, tempDir, waitForEnd, writeFiles, writeFlows } from './local-helpers.ts';

/** How long the server may take to exit after one signal (a bound, not a measurement). */
const EXIT_LIMIT_MS = 60_000;

/** Waits for the child's exit; kills it and fails when it has not exited within `EXIT_LIMIT_MS`. */
function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flowback serve did not exit within ${EXIT_LIMIT_MS} ms of one SIGINT`));
    }, EXIT_LIMIT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** A one-task flow on `tools/{name}`. */
function taskFlow(name: string): string {
  return `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: work\n    resourceArn: acs:fc:::services/tools/functions/${name}\n`;
}

describe('flowback serve: activity lines and stopping', () => {
  let folder: { path: string; remove(): Promise<void> };
  let args: string[];
  const running: Served[] = [];

  before(async () => {
    folder = await tempDir('serve-activity');
    await writeFlows(folder.path, { echo: taskFlow('echo'), hang: taskFlow('hang') });
    await writeFiles(folder.path, {
      'tools/echo.js': "exports.handler = (event) => { console.log('echoing', event.n); return event; };\n",
      'tools/hang.js': "exports.handler = () => { console.log('hanging'); return new Promise(() => {}); };\n",
    });
    args = ['--memory', '--port', '0', '--sqs-port', '0', '--flows', folder.path, '--functions', folder.path];
  });

  after(async () => {
    for (const served of running) await end(served.child, 'SIGKILL');
    await folder.remove();
  });

  /** Starts a server with extra flags. */
  async function start(extra: string[]): Promise<Served> {
    const served = await serve([...args, ...extra]);
    running.push(served);
    return served;
  }

  it('prints one readable line per history event and per function log line', async () => {
    const served = await start([]);
    await startExecution(served.apiUrl, 'echo', 'e1', { n: 5 });
    assert.equal((await waitForEnd(served.apiUrl, 'echo', 'e1')).status, 'Succeeded');
    const lines = await eventually(
      async () =>
        served.stdout.some((line) => / echo\/e1 ExecutionSucceeded$/.test(line)) ? served.stdout : undefined,
      30_000,
      'the ExecutionSucceeded line',
    );
    const clock = String.raw`\d\d:\d\d:\d\d\.\d{3}`;
    assert.match(lines[0] ?? '', new RegExp(`^${clock} echo/e1 ExecutionStarted$`));
    assert.ok(
      lines.some((line) =>
        new RegExp(`^${clock} echo/e1 TaskScheduled step=work resource=acs:fc`).test(line),
      ),
    );
    assert.ok(lines.some((line) => new RegExp(`^${clock} echo/e1 TaskSucceeded step=work$`).test(line)));
    assert.ok(
      lines.some((line) => new RegExp(`^${clock} echo/e1 step=work call=c1-\\S+ INFO echoing 5$`).test(line)),
      lines.join('\n'),
    );
    await end(served.child, 'SIGTERM');
  });

  it('prints nothing but the ready line with --quiet', async () => {
    const served = await start(['--quiet']);
    await startExecution(served.apiUrl, 'echo', 'q1', { n: 1 });
    assert.equal((await waitForEnd(served.apiUrl, 'echo', 'q1')).status, 'Succeeded');
    assert.deepEqual(served.stdout, []);
    await end(served.child, 'SIGTERM');
  });

  it('prints JSON lines with --log-format json, and stops on one SIGINT while a function hangs', async () => {
    const served = await start(['--log-format', 'json', '--function-timeout', '900']);
    await startExecution(served.apiUrl, 'hang', 'h1');
    const logLine = await eventually(
      async () =>
        served.stdout
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry.kind === 'log' && entry.message === 'hanging'),
      30_000,
      'the hanging function’s log line',
    );
    assert.deepEqual(
      [logLine.flowName, logLine.executionName, logLine.stepName, logLine.level],
      ['hang', 'h1', 'work', 'INFO'],
    );
    assert.match(String(logLine.callId), /^c1-/);
    const events = served.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(
      events.some((entry) => entry.kind === 'event' && entry.type === 'TaskScheduled' && entry.eventId === 3),
    );

    const exited = exitOf(served.child);
    served.child.kill('SIGINT');
    assert.equal(await exited, 0, served.stderr.join('\n'));
    assert.ok(served.stderr.some((line) => line.includes('SIGINT, stopping')));
  });
});
