import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { tempDir, waitForToken } from '../local/local-helpers.ts';
import { type CliRun, failed, okJson, runBin, startCliRuntime } from './cli-helpers.ts';

interface Execution {
  name: string;
  status: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
}

describe('flowback execution and task commands against a local runtime', () => {
  let local: LocalRuntime;
  let run: (...argv: string[]) => Promise<CliRun>;
  let files: { path: string; remove(): Promise<void> };

  /** Starts an execution of the callback flow with the CLI and returns its task token. */
  async function started(name: string, ...extra: string[]): Promise<string> {
    const execution = okJson<Execution>(
      await run('start-execution', '--flow-name', 'callback', '--execution-name', name, ...extra),
    );
    assert.equal(execution.status, 'Running');
    return waitForToken(local.apiUrl, 'callback', name);
  }

  const describeExecution = async (name: string, ...extra: string[]) =>
    okJson<Execution>(
      await run('describe-execution', '--flow-name', 'callback', '--execution-name', name, ...extra),
    );

  /** `describe-execution … --wait ARGS` of an execution that does not succeed: exit 1, its JSON. */
  async function notSucceeded(name: string, ...wait: string[]): Promise<Execution> {
    const answer = await run(
      'describe-execution',
      '--flow-name',
      'callback',
      '--execution-name',
      name,
      '--wait',
      ...wait,
    );
    assert.equal(answer.code, 1, `exit 1 unless it Succeeded (${answer.stdout})`);
    assert.equal(answer.stderr, '');
    return JSON.parse(answer.stdout) as Execution;
  }

  before(async () => {
    ({ local, run } = await startCliRuntime());
    files = await tempDir('cli-executions');
  });

  after(async () => {
    await local.stop();
    await files.remove();
  });

  it('start-execution with inline --input; report-task-succeeded with inline --output; --wait', async () => {
    const token = await started('inline', '--input', '{"who":"inline"}');
    const waiting = await notSucceeded('inline', '1');
    assert.equal(waiting.status, 'Running', 'still waiting for its callback after --wait 1');
    assert.deepEqual(waiting.input, { who: 'inline' });
    const reported = okJson(
      await run('report-task-succeeded', '--task-token', token, '--output', '{"status":"ok"}'),
    );
    assert.equal(typeof reported.eventId, 'number');
    const ended = await describeExecution('inline', '--wait');
    assert.equal(ended.status, 'Succeeded', 'a bare --wait waits until it ends: exit 0 when it Succeeded');
    assert.deepEqual(ended.output, { s: 'ok' });
    failed(
      await run('report-task-succeeded', '--task-token', token, '--output', '{}'),
      1,
      'TaskAlreadyCompleted',
    );
  });

  it('--input @file.json and --output @file.json', async () => {
    await writeFile(join(files.path, 'input.json'), '{"who": "file"}\n');
    await writeFile(join(files.path, 'output.json'), '{"status": "from a file"}\n');
    const token = await started('files', '--input', `@${join(files.path, 'input.json')}`);
    okJson(
      await run(
        'report-task-succeeded',
        '--task-token',
        token,
        '--output',
        `@${join(files.path, 'output.json')}`,
      ),
    );
    const ended = await describeExecution('files', '--wait', '5');
    assert.deepEqual(ended.output, { s: 'from a file' });
    assert.deepEqual(ended.input, { who: 'file' });
  });

  it('report-task-heartbeat prints {}; report-task-failed fails the execution', async () => {
    const token = await started('failing');
    assert.deepEqual(okJson(await run('report-task-heartbeat', '--task-token', token)), {});
    const reported = okJson(
      await run(
        'report-task-failed',
        '--task-token',
        token,
        '--error',
        'Worker.Broke',
        '--cause',
        'disk full',
      ),
    );
    assert.equal(typeof reported.eventId, 'number');
    const ended = await notSucceeded('failing');
    assert.equal(ended.status, 'Failed');
    assert.equal(ended.error, 'Worker.Broke');
    assert.equal(
      (await run('describe-execution', '--flow-name', 'callback', '--execution-name', 'failing')).code,
      0,
      'without --wait, describing a failed execution is a success',
    );
    failed(await run('report-task-heartbeat', '--task-token', token), 1, 'TaskAlreadyCompleted');
  });

  it('stop-execution stops a running execution; list-executions filters by --status', async () => {
    await started('to-stop');
    const stopped = okJson<Execution>(
      await run(
        'stop-execution',
        '--flow-name',
        'callback',
        '--execution-name',
        'to-stop',
        '--error',
        'Manual',
        '--cause',
        'test',
      ),
    );
    assert.equal(stopped.status, 'Stopped');
    failed(
      await run('stop-execution', '--flow-name', 'callback', '--execution-name', 'to-stop'),
      1,
      'ExecutionAlreadyCompleted',
    );
    await started('still-running');
    const names = async (status: string) =>
      okJson<{ executions: Execution[] }>(
        await run('list-executions', '--flow-name', 'callback', '--status', status),
      ).executions.map((execution) => execution.name);
    assert.deepEqual(await names('Running'), ['still-running']);
    assert.deepEqual(await names('Stopped'), ['to-stop']);
    assert.ok((await names('Succeeded')).includes('inline'));
    failed(await run('list-executions', '--flow-name', 'callback', '--status', 'Done'), 1, 'InvalidArgument');
  });

  it('get-execution-history prints the events, page by page with --limit', async () => {
    const all = okJson<{ events: { eventId: number; type: string }[] }>(
      await run('get-execution-history', '--flow-name', 'callback', '--execution-name', 'inline'),
    ).events;
    assert.equal(all[0]?.type, 'ExecutionStarted');
    assert.equal(all.at(-1)?.type, 'ExecutionSucceeded');
    assert.ok(all.some((event) => event.type === 'TaskSubmitted'));
    const first = okJson<{ events: unknown[]; nextToken?: string }>(
      await run(
        'get-execution-history',
        '--flow-name',
        'callback',
        '--execution-name',
        'inline',
        '--limit',
        '2',
      ),
    );
    assert.equal(first.events.length, 2);
    assert.equal(typeof first.nextToken, 'string');
    const second = okJson<{ events: { eventId: number }[] }>(
      await run(
        'get-execution-history',
        '--flow-name',
        'callback',
        '--execution-name',
        'inline',
        '--limit',
        '2',
        '--next-token',
        first.nextToken ?? '',
      ),
    );
    assert.deepEqual(
      second.events.map((event) => event.eventId),
      [3, 4],
    );
  });

  it('helpful messages, exit 2: invalid JSON, not an object, unreadable file, a bad number', async () => {
    const start = (...extra: string[]) => run('start-execution', '--flow-name', 'callback', ...extra);
    failed(
      await start('--input', '{who: 1}'),
      2,
      'InvalidArgument',
      /--input: the value is not valid JSON: .*\(quote it for the shell, e\.g\. --input '\{"a":1\}', or give @file\.json\)/,
    );
    failed(
      await start('--input', '[1, 2]'),
      2,
      'InvalidArgument',
      /--input: expected a JSON object .*got \[1,2\]/,
    );
    failed(
      await start('--input', `@${join(files.path, 'absent.json')}`),
      2,
      'InvalidArgument',
      /--input: cannot read .*absent\.json: no such file/,
    );
    await writeFile(join(files.path, 'broken.json'), '{"a": 1,}');
    failed(
      await run(
        'report-task-succeeded',
        '--task-token',
        't',
        '--output',
        `@${join(files.path, 'broken.json')}`,
      ),
      2,
      'InvalidArgument',
      /--output: the file .*broken\.json is not valid JSON/,
    );
    failed(
      await run('report-task-succeeded', '--task-token', 't', '--output', '{status: ok}'),
      2,
      'InvalidArgument',
      /^InvalidArgument: --output: the value is not valid JSON: .*e\.g\. --output '\{"a":1\}', or give @file\.json\)$/m,
    );
    failed(
      await run('report-task-succeeded', '--task-token', 't'),
      2,
      'InvalidArgument',
      /'--output <json>'/,
    );
    for (const wait of ['soon', '-1', '1.5']) {
      failed(
        await run(
          'describe-execution',
          '--flow-name',
          'callback',
          '--execution-name',
          'inline',
          '--wait',
          wait,
        ),
        2,
        'InvalidArgument',
        /--wait: expected a whole number from 0 to /,
      );
    }
    failed(await run('start-execution', '--input', '{}'), 2, 'InvalidArgument', /'--flow-name <name>'/);
  });

  it('API errors exit 1 with their code; a token that starts with a dash is still a token', async () => {
    failed(
      await run('describe-execution', '--flow-name', 'callback', '--execution-name', 'never'),
      1,
      'ExecutionNotExists',
    );
    failed(await run('start-execution', '--flow-name', 'no-such-flow'), 1, 'FlowNotExists');
    const answer = await run('report-task-heartbeat', '--task-token', '-AbC_x');
    assert.equal(answer.code, 1, answer.stderr);
    assert.doesNotMatch(answer.stderr, /^InvalidArgument: (unknown option|option)/);
  });

  it('the bin reports an API error on stderr as one line and exits 1 (child process)', async () => {
    failed(
      await runBin([
        'report-task-succeeded',
        '--task-token',
        'unknown',
        '--output',
        '{}',
        '--endpoint',
        local.apiUrl,
      ]),
      1,
      'TaskNotExists',
    );
  });
});
