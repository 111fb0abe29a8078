import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../lib/cli/main.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { assertValidMermaid, mermaidNodeIds } from '../../support/mermaid-check.ts';
import { eventually, startWithFiles } from '../local/local-helpers.ts';
import {
  CALLBACK_FLOW,
  captureIo,
  cli,
  FAILING_FLOW,
  FUNCTIONS,
  failed,
  okJson,
  ROOT,
} from './cli-helpers.ts';

/** The escape character of terminal control sequences. */
const ESC = String.fromCharCode(27);
const EVERY_STEP_FILE = `${ROOT}test/fixtures/graph/every-step.yaml`;

describe('flowback watch and graph --execution against a local runtime', () => {
  let local: LocalRuntime;
  const run = (...argv: string[]) => cli([...argv, '--endpoint', local.apiUrl]);

  /** Starts `watch FLOW EXECUTION` in-process; its output grows while it runs. */
  function watch(flow: string, execution: string, isTty = false) {
    const io = captureIo(isTty);
    const done = runCli(['watch', flow, execution, '--endpoint', local.apiUrl], io);
    return { io, done };
  }

  before(async () => {
    local = await startWithFiles(
      { callback: CALLBACK_FLOW, failing: FAILING_FLOW, 'every-step': readFileSync(EVERY_STEP_FILE, 'utf8') },
      {
        ...FUNCTIONS,
        'graph/echo.js': 'export const handler = (event) => event;\n',
        'graph/check.js': [
          'export function handler(event) {',
          '  if (event.ok === true) return { checked: true };',
          "  throw Object.assign(new Error('not ok'), { errorType: 'Bad.Input' });",
          '}',
          '',
        ].join('\n'),
      },
    );
  });

  after(async () => {
    await local.stop();
  });

  it('follows a callback execution: prints the token, then ends with ■ Succeeded and exit 0', async () => {
    okJson(await run('start-execution', '--flow-name', 'callback', '--execution-name', 'watched'));
    const { io, done } = watch('callback', 'watched');
    const token = await eventually(
      async () => /waits for a callback(?: \(task id \S+\))?, task token: (\S+)\n/.exec(io.stdout)?.[1],
      10_000,
      'the task token in watch output',
    );
    okJson(await run('report-task-succeeded', '--task-token', token, '--output', '{"status":"ok"}'));
    assert.equal(await done, 0, io.stderr);
    assert.equal(io.stderr, '');
    const lines = io.stdout.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^\d\d:\d\d:\d\d\.\d{3} /, 'plain timestamped lines');
    assert.ok(
      !io.stdout.includes('\r') && !io.stdout.includes(ESC),
      'no terminal control when not a terminal',
    );
    assert.match(lines[0] ?? '', /started with input \{\}$/);
    assert.ok(lines.some((line) => line.endsWith('▶ mytask')));
    assert.ok(lines.some((line) => line.includes('✓ mytask {"s":"ok"}')));
    assert.match(lines.at(-1) ?? '', / ■ Succeeded with output \{"s":"ok"\}$/);
    assert.equal(lines.filter((line) => line.includes('task token')).length, 1, 'each event once');
  });

  it('a failing execution ends with ■ Failed and exit 1', async () => {
    okJson(await run('start-execution', '--flow-name', 'failing', '--execution-name', 'boom'));
    const { io, done } = watch('failing', 'boom');
    assert.equal(await done, 1);
    assert.equal(io.stderr, '');
    assert.match(io.stdout.trimEnd().split('\n').at(-1) ?? '', / ■ Failed: Boom: on purpose$/);
  });

  it('on a terminal, shows a status line with what the execution waits for', async () => {
    okJson(await run('start-execution', '--flow-name', 'callback', '--execution-name', 'tty'));
    const { io, done } = watch('callback', 'tty', true);
    const token = await eventually(
      async () =>
        io.stdout.includes('waiting for mytask') ? /task token: (\S+)\n/.exec(io.stdout)?.[1] : undefined,
      10_000,
      'the status line',
    );
    await run('report-task-succeeded', '--task-token', token, '--output', '{"status":"tty"}');
    assert.equal(await done, 0);
    assert.match(io.stdout, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting for mytask/);
    assert.match(
      io.stdout,
      new RegExp(`waiting for mytask\r${ESC}\\[K\\d\\d:`),
      'the status line is cleared before new lines',
    );
    assert.match(io.stdout, /\n\d\d:\d\d:\d\d\.\d{3} ■ Succeeded with output \{"s":"tty"\}\n$/);
  });

  it('watch of an unknown execution exits 1 with ExecutionNotExists', async () => {
    failed(await run('watch', 'callback', 'never-started'), 1, 'ExecutionNotExists');
  });

  it('graph --execution colours each step by its state in a real execution', async () => {
    okJson(
      await run(
        'start-execution',
        '--flow-name',
        'every-step',
        '--execution-name',
        'happy',
        '--input',
        '{"kind":"nested","n":2,"ok":true,"items":[1,2]}',
      ),
    );
    okJson(
      await run(
        'start-execution',
        '--flow-name',
        'every-step',
        '--execution-name',
        'caught',
        '--input',
        '{"kind":"x","ok":false}',
      ),
    );
    for (const [name, status, code] of [
      ['happy', 'Succeeded', 0],
      ['caught', 'Failed', 1],
    ] as const) {
      const answer = await run(
        'describe-execution',
        '--flow-name',
        'every-step',
        '--execution-name',
        name,
        '--wait',
      );
      // --wait exits 1 unless the execution Succeeded.
      assert.deepEqual(
        [answer.code, (JSON.parse(answer.stdout) as { status: string }).status],
        [code, status],
      );
    }

    const states = async (execution: string): Promise<Map<string, string>> => {
      const chart = okChart(await run('graph', EVERY_STEP_FILE, '--execution', execution));
      for (const state of ['running', 'succeeded', 'failed'])
        assert.match(chart, new RegExp(`^  classDef ${state} `, 'm'));
      const names = new Map([...mermaidNodeIds(chart)].map(([name, id]) => [id, name]));
      return new Map(
        [...chart.matchAll(/^ {2}class (\S+) (\S+)$/gm)].map((m) => [
          names.get(m[1] as string) ?? '?',
          m[2] as string,
        ]),
      );
    };
    const happy = await states('happy');
    for (const step of [
      'prepare',
      'route',
      'nested_pass',
      'check',
      'fan-out',
      'left',
      'right',
      'each',
      'per_item',
      'done',
    ]) {
      assert.equal(happy.get(step), 'succeeded', `${step} in ${JSON.stringify([...happy])}`);
    }
    for (const step of ['pause', 'rejected']) assert.equal(happy.has(step), false, `${step} did not run`);

    const caught = await states('caught');
    assert.equal(caught.get('pause'), 'succeeded');
    assert.equal(caught.get('rejected'), 'failed');
    assert.equal(caught.has('fan-out'), false);

    failed(
      await run('graph', EVERY_STEP_FILE, '--execution', 'caught', '--flow-name', 'callback'),
      1,
      'ExecutionNotExists',
    );
  });
});

/** A successful `graph` run's chart, checked to be valid Mermaid. */
function okChart(answer: { code: unknown; stdout: string; stderr: string }): string {
  assert.equal(answer.stderr, '');
  assert.equal(answer.code, 0);
  assertValidMermaid(answer.stdout);
  return answer.stdout;
}
