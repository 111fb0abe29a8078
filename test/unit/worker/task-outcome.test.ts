import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowbackClient } from '../../../lib/client/index.ts';
import { FlowbackClient as Client } from '../../../lib/client/index.ts';
import type { CommandResult } from '../../../lib/worker/run-command.ts';
import { runCommand } from '../../../lib/worker/run-command.ts';
import { sendReport } from '../../../lib/worker/send-report.ts';
import { taskOutcome } from '../../../lib/worker/task-outcome.ts';

/** A command result. */
function result(parts: Partial<CommandResult>): CommandResult {
  return { exitCode: 0, signal: null, stdout: '', stdoutTruncated: false, stderrTail: '', ...parts };
}

describe('taskOutcome: what a command’s end reports', () => {
  it('exit 0: stdout’s JSON object (none: {}); anything else is Worker.InvalidOutput', () => {
    assert.deepEqual(taskOutcome(result({ stdout: ' {"a":1}\n' })), { kind: 'succeeded', output: '{"a":1}' });
    assert.deepEqual(taskOutcome(result({ stdout: '' })), { kind: 'succeeded', output: '{}' });
    assert.equal((taskOutcome(result({ stdout: '[1]' })) as { error: string }).error, 'Worker.InvalidOutput');
    assert.equal(
      (taskOutcome(result({ stdout: '{', stdoutTruncated: true })) as { error: string }).error,
      'Worker.InvalidOutput',
    );
  });

  it('a failure: Worker.ExitCode<n> / Worker.Killed<SIGNAL> with the stderr tail, or the error the command chose', () => {
    assert.deepEqual(taskOutcome(result({ exitCode: 3, stderrTail: 'boom' })), {
      kind: 'failed',
      error: 'Worker.ExitCode3',
      cause: 'boom',
    });
    assert.equal(
      (taskOutcome(result({ exitCode: null, signal: 'SIGKILL' })) as { error: string }).error,
      'Worker.KilledSIGKILL',
    );
    assert.deepEqual(
      taskOutcome(result({ exitCode: 1, stdout: '{"error":"Resize.Bad","cause":"too big"}' })),
      {
        kind: 'failed',
        error: 'Resize.Bad',
        cause: 'too big',
      },
    );
    assert.deepEqual(taskOutcome(result({ exitCode: null, spawnError: 'spawn nope ENOENT' })), {
      kind: 'failed',
      error: 'Worker.CommandNotStarted',
      cause: 'spawn nope ENOENT',
    });
    const long = taskOutcome(
      result({ exitCode: 1, stdout: JSON.stringify({ error: 'E'.repeat(500), cause: 'c'.repeat(5000) }) }),
    );
    assert.deepEqual(
      [(long as { error: string }).error.length, (long as { cause: string }).cause.length],
      [128, 4096],
    );
  });
});

describe('runCommand', () => {
  it('passes the body on stdin and the environment, and collects stdout and the stderr tail', async () => {
    const running = runCommand(
      [process.execPath, '-e', 'process.stdin.pipe(process.stdout); console.error(process.env.X)'],
      '{"n":1}',
      { env: { X: 'from env' } },
    );
    const ended = await running.result;
    assert.deepEqual([ended.exitCode, ended.stdout, ended.stderrTail], [0, '{"n":1}', 'from env\n']);
  });

  it('reports a command that cannot start, and one that is killed', async () => {
    const missing = await runCommand(['/no/such/command'], '').result;
    assert.match(missing.spawnError ?? '', /ENOENT/);
    const slow = runCommand([process.execPath, '-e', 'setTimeout(() => {}, 60000)'], '');
    slow.kill('SIGKILL');
    assert.equal((await slow.result).signal, 'SIGKILL');
  });
});

describe('sendReport', () => {
  /** A client whose every call answers `answers[i]` (status, body) in turn, recording the bodies sent. */
  function client(answers: [number, object][]): { client: FlowbackClient; sent: unknown[] } {
    const sent: unknown[] = [];
    const fetch = (async (_url: URL, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      const [status, body] = answers.shift() ?? [500, { code: 'InternalServerError', message: 'x' }];
      return new Response(JSON.stringify(body), { status });
    }) as unknown as typeof globalThis.fetch;
    return { client: new Client({ endpoint: 'http://127.0.0.1:1', fetch }), sent };
  }

  it('is done once accepted, or when the task is over', async () => {
    for (const answer of [
      [200, { eventId: 5 }],
      [400, { code: 'TaskAlreadyCompleted', message: 'done' }],
      [400, { code: 'TaskTimedOut', message: 'late' }],
      [404, { code: 'TaskNotExists', message: '?' }],
    ] as [number, object][]) {
      const fake = client([answer]);
      assert.equal(await sendReport(fake.client, 't', { kind: 'succeeded', output: '{}' }), 'done');
      assert.equal(fake.sent.length, 1);
    }
  });

  it('reports a refused output as the failure Worker.InvalidOutput', async () => {
    const fake = client([
      [400, { code: 'EntityTooLarge', message: 'output is larger than 262144 bytes' }],
      [200, { eventId: 5 }],
    ]);
    assert.equal(await sendReport(fake.client, 't', { kind: 'succeeded', output: '{}' }), 'done');
    assert.deepEqual(fake.sent[1], {
      taskToken: 't',
      error: 'Worker.InvalidOutput',
      cause: 'EntityTooLarge: output is larger than 262144 bytes',
    });
  });

  it('retries what may pass later, and leaves the message for redelivery when it does not', async () => {
    const flaky = client([
      [503, { code: 'InternalServerError', message: 'x' }],
      [409, { code: 'TaskInvalidState', message: 'retry' }],
      [200, {}],
    ]);
    assert.equal(
      await sendReport(flaky.client, 't', { kind: 'failed', error: 'E', cause: '' }, { backoffMs: 1 }),
      'done',
    );
    assert.equal(flaky.sent.length, 3);
    const down = client([]);
    assert.equal(
      await sendReport(
        down.client,
        't',
        { kind: 'failed', error: 'E', cause: '' },
        { backoffMs: 1, attempts: 3 },
      ),
      'retry',
    );
    assert.equal(down.sent.length, 3);
  });
});
