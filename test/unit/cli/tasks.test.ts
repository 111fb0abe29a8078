/**
 * `flowback list-tasks` and `describe-task`, run against the REST API over a memory runtime (the
 * CLI's fetch goes straight to the HTTP handler): a table on a terminal, JSON when piped, the
 * filters, durations, bad options, and `watch` naming each waiting task's id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHttpApi } from '../../../lib/api/rest.ts';
import { durationSeconds, shortDuration, taskTable } from '../../../lib/cli/commands/tasks.ts';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { describeEvent } from '../../../lib/cli/watch/describe-event.ts';
import type { TaskView } from '../../../lib/runtime/operations/index.ts';
import { callbackFlow, createFlow, setup, start } from '../runtime/runtime-helpers.ts';

/** A memory runtime with two waiting executions of `cb`, and a fetch that serves its REST API. */
async function served() {
  const m = setup();
  await createFlow(m, 'cb', callbackFlow({ timeoutSeconds: 3600 }));
  await start(m, 'cb', 'first');
  await m.clock.advanceBy(60_000);
  await start(m, 'cb', 'second');
  const api = createHttpApi(m.operations);
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const answer = await api({
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {},
      requestId: 'r',
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  return { m, fetch: fetchImpl as typeof fetch };
}

/** Runs the CLI with `args`, on a terminal or piped. */
async function cli(args: string[], fetchImpl: typeof fetch, isTty = false) {
  let out = '';
  let err = '';
  const io = {
    out: (text: string) => {
      out += text;
    },
    err: (text: string) => {
      err += text;
    },
    isTty,
  };
  const code = await runCli(args, io, { fetch: fetchImpl });
  return { code, out, err };
}

describe('flowback list-tasks', () => {
  it('prints JSON when piped and a table with age, deadline, flow/execution/step and task id on a terminal', async () => {
    const { fetch } = await served();
    const piped = await cli(['list-tasks'], fetch);
    assert.equal(piped.code, ExitCode.Success, piped.err);
    const answer = JSON.parse(piped.out) as { tasks: TaskView[] };
    assert.deepEqual(
      answer.tasks.map((task) => task.executionName),
      ['first', 'second'],
    );
    const table = await cli(['list-tasks'], fetch, true);
    const lines = table.out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^AGE\s+DEADLINE\s+FLOW\/EXECUTION\/STEP\s+TASK ID$/);
    assert.match(lines[1] ?? '', /cb\/first\/mytask\s+\S+$/);
    assert.ok(lines[1]?.endsWith(answer.tasks[0]?.taskId ?? '?'));
  });

  it('filters with --flow-name, --status and --older-than; describe-task shows one task', async () => {
    const { fetch } = await served();
    const old = JSON.parse((await cli(['list-tasks', '--older-than', '30s'], fetch)).out) as {
      tasks: TaskView[];
    };
    assert.deepEqual(
      old.tasks.map((task) => task.executionName),
      ['first'],
    );
    const none = JSON.parse((await cli(['list-tasks', '--flow-name', 'other'], fetch)).out) as {
      tasks: TaskView[];
    };
    assert.deepEqual(none.tasks, []);
    const ended = JSON.parse((await cli(['list-tasks', '--status', 'ended'], fetch)).out) as {
      tasks: TaskView[];
    };
    assert.deepEqual(ended.tasks, []);
    const taskId = old.tasks[0]?.taskId ?? '';
    const described = await cli(['describe-task', '--task-id', taskId], fetch);
    assert.equal((JSON.parse(described.out) as TaskView).executionName, 'first');
    const unknown = await cli(['describe-task', '--task-id', 'dW5rbm93bg'], fetch);
    assert.deepEqual([unknown.code, unknown.err.split(':')[0]], [ExitCode.Failure, 'TaskNotExists']);
  });

  it('refuses bad options with a message naming them', async () => {
    const { fetch } = await served();
    for (const [args, message] of [
      [['--older-than', 'soon'], /--older-than: expected a duration/],
      [['--status', 'done'], /--status: expected waiting or ended/],
      [['--limit', '0'], /--limit: expected a whole number from 1 to 1000/],
      [['--format', 'xml'], /--format: expected table or json/],
    ] as const) {
      const run = await cli(['list-tasks', ...args], fetch);
      assert.equal(run.code, ExitCode.Usage, args.join(' '));
      assert.match(run.err, message);
    }
    const missing = await cli(['describe-task'], fetch);
    assert.match(missing.err, /--task-id/);
  });
});

describe('task durations and the table', () => {
  it('reads durations as seconds and prints ages with two units', () => {
    assert.deepEqual(
      ['90s', '30m', '1h', '2d', '1h30m', '600'].map((text) => durationSeconds('--older-than', text)),
      [90, 1800, 3600, 172_800, 5400, 600],
    );
    assert.deepEqual([0, 42, 725, 3600, 273_600].map(shortDuration), [
      '0s',
      '42s',
      '12m 5s',
      '1h 0m',
      '3d 4h',
    ]);
  });

  it('shows overdue deadlines, ended outcomes and the next page', () => {
    const now = Date.parse('2026-01-01T01:00:00.000Z');
    const task: TaskView = {
      taskId: 'abc',
      flowName: 'f',
      executionName: 'e',
      stepName: 's',
      scheduleEventId: 3,
      status: 'waiting',
      pattern: 'waitForCallback',
      resourceArn: 'acs:fc:::services/s/functions/f',
      scheduledTime: '2026-01-01T00:00:00.000Z',
      deadline: '2026-01-01T00:30:00.000Z',
    };
    const table = taskTable([task, { ...task, status: 'ended', outcome: 'timedOut' }], now, 'NEXT');
    assert.match(table, /1h 0m\s+overdue 30m 0s\s+f\/e\/s\s+abc/);
    assert.match(table, /timedOut/);
    assert.match(table, /more: --next-token NEXT\n$/);
  });
});

describe('watch', () => {
  it('names a waiting task by its id, keeping the token last on the line', () => {
    const event = {
      eventId: 4,
      type: 'TaskSubmitted' as const,
      stepName: 'approve',
      time: '2026-01-01T00:00:00.000Z',
      scheduleEventId: 3,
      detail: { taskToken: 'T0K3N' },
    };
    assert.equal(
      describeEvent(event, (sid) => `id-${sid}`),
      '⏸ approve waits for a callback (task id id-3), task token: T0K3N',
    );
  });
});
