/**
 * ListTasks, DescribeTask and DescribeExecution's waitingTasks (api.md "Task") on the memory
 * runtime: tasks across executions oldest first, in pages, filtered, never with a token.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import { callbackFlow, createFlow, rejectsWith, SEED_FLOW, setup, start, tokens } from './runtime-helpers.ts';

/** Asserts that no token of `m`'s executions appears in `answer`. */
async function assertNoToken(
  m: MemoryRuntime,
  answer: unknown,
  executions: [string, string][],
): Promise<void> {
  const text = JSON.stringify(answer);
  for (const [flowName, executionName] of executions) {
    for (const token of await tokens(m, flowName, executionName))
      assert.ok(!text.includes(token), 'a token in an answer');
  }
  for (const record of m.stores.tokens.all())
    assert.ok(!text.includes(record.tokenHash), 'a token hash in an answer');
}

/** Three flows' executions started one second apart: a1, b1, a2, a3 (`a` with a heartbeat). */
async function fourWaiting(m: MemoryRuntime): Promise<[string, string][]> {
  await createFlow(m, 'a', callbackFlow({ timeoutSeconds: 3600, heartbeatSeconds: 600 }));
  await createFlow(m, 'b', SEED_FLOW);
  const started: [string, string][] = [
    ['a', 'a1'],
    ['b', 'b1'],
    ['a', 'a2'],
    ['a', 'a3'],
  ];
  for (const [flow, name] of started) {
    await start(m, flow, name);
    await m.clock.advanceBy(1000);
  }
  return started;
}

describe('ListTasks', () => {
  it('lists the waiting tasks of every execution oldest first, paged, with no token', async () => {
    const m = setup();
    const started = await fourWaiting(m);
    const first = await m.operations.listTasks({ limit: 3 });
    assert.deepEqual(
      first.tasks.map((task) => task.executionName),
      ['a1', 'b1', 'a2'],
    );
    assert.ok(first.nextToken);
    const second = await m.operations.listTasks({ limit: 3, nextToken: first.nextToken });
    assert.deepEqual(
      second.tasks.map((task) => task.executionName),
      ['a3'],
    );
    assert.equal(second.nextToken, undefined);
    const [task] = first.tasks;
    assert.deepEqual(Object.keys(task ?? {}).sort(), [
      'deadline',
      'executionName',
      'flowName',
      'pattern',
      'resourceArn',
      'scheduleEventId',
      'scheduledTime',
      'status',
      'stepName',
      'taskId',
    ]);
    assert.equal(task?.status, 'waiting');
    assert.match(task?.taskId ?? '', /^[A-Za-z0-9_-]+$/);
    await assertNoToken(m, [first, second], started);
  });

  it('filters by flow, step and age, and lists ended tasks apart', async () => {
    const m = setup();
    await fourWaiting(m);
    const onA = await m.operations.listTasks({ flowName: 'a' });
    assert.deepEqual(
      onA.tasks.map((task) => task.executionName),
      ['a1', 'a2', 'a3'],
    );
    assert.deepEqual((await m.operations.listTasks({ stepName: 'other' })).tasks, []);
    // a1 was scheduled 4 s ago, b1 3 s, a2 2 s, a3 1 s.
    const old = await m.operations.listTasks({ olderThanSeconds: '2' });
    assert.deepEqual(
      old.tasks.map((task) => task.executionName),
      ['a1', 'b1', 'a2'],
    );
    const [token] = await tokens(m, 'b', 'b1');
    await m.operations.reportTaskSucceeded({ taskToken: token, output: { status: 'ok' } });
    const ended = await m.operations.listTasks({ status: 'ended' });
    assert.deepEqual(
      ended.tasks.map((task) => [task.executionName, task.status, task.outcome]),
      [['b1', 'ended', 'succeeded']],
    );
    assert.deepEqual(
      (await m.operations.listTasks()).tasks.map((task) => task.executionName),
      ['a1', 'a2', 'a3'],
    );
  });

  it('refuses bad filters, page sizes and page tokens with clear messages, changing nothing', async () => {
    const m = setup();
    await fourWaiting(m);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ status: 'running' }, /status must be 'waiting' or 'ended'/],
      [{ flowName: 'no spaces' }, /flow name/i],
      [{ stepName: '9x!' }, /step name/i],
      [{ olderThanSeconds: '-1' }, /olderThanSeconds must be an integer from 0/],
      [{ olderThanSeconds: '1h' }, /olderThanSeconds must be an integer/],
      [{ limit: '0' }, /limit must be an integer from 1 to 1000/],
      [{ limit: '1001' }, /limit must be an integer from 1 to 1000/],
      [{ nextToken: 'garbage' }, /nextToken is invalid/],
    ];
    for (const [request, message] of cases) {
      const error = await rejectsWith(m.operations.listTasks(request), 'InvalidArgument');
      assert.match(error.message, message, JSON.stringify(request));
    }
    const page = await m.operations.listTasks({ limit: 1 });
    await rejectsWith(
      m.operations.listTasks({ status: 'ended', nextToken: page.nextToken }),
      'InvalidArgument',
    );
    assert.equal((await m.operations.listTasks({ limit: 1000 })).tasks.length, 4);
  });
});

describe('DescribeTask and waitingTasks', () => {
  it('describes a waiting task with its heartbeat deadline, then the ended task with its outcome', async () => {
    const m = setup();
    await fourWaiting(m);
    const [listed] = (await m.operations.listTasks({ flowName: 'a', limit: 1 })).tasks;
    assert.ok(listed);
    const waiting = await m.operations.describeTask({ taskId: listed.taskId });
    assert.deepEqual(
      { ...waiting, heartbeatDeadline: undefined },
      { ...listed, heartbeatDeadline: undefined },
    );
    assert.ok(waiting.heartbeatDeadline, 'a submitted task with a heartbeat has a heartbeat deadline');
    await m.operations.reportTaskFailedById({ taskId: listed.taskId, error: 'No', cause: 'rejected' });
    const ended = await m.operations.describeTask({ taskId: listed.taskId });
    assert.deepEqual([ended.status, ended.outcome, ended.heartbeatDeadline], ['ended', 'failed', undefined]);
  });

  it('answers TaskNotExists for an unknown task id and InvalidArgument for a malformed one', async () => {
    const m = setup();
    await rejectsWith(m.operations.describeTask({ taskId: 'dW5rbm93bg' }), 'TaskNotExists');
    await rejectsWith(m.operations.describeTask({ taskId: 'not/an/id' }), 'InvalidArgument');
    await rejectsWith(m.operations.describeTask({ taskId: '' }), 'InvalidArgument');
  });

  it('adds waitingTasks to DescribeExecution while it runs, and none once it has ended', async () => {
    const m = setup();
    await fourWaiting(m);
    const running = await m.operations.describeExecution({ flowName: 'b', executionName: 'b1' });
    assert.deepEqual(
      running.waitingTasks?.map((task) => [task.stepName, task.status]),
      [['mytask', 'waiting']],
    );
    const [listed] = (await m.operations.listTasks({ flowName: 'b' })).tasks;
    assert.deepEqual(running.waitingTasks?.[0], listed);
    await assertNoToken(m, running, [['b', 'b1']]);
    await m.operations.reportTaskSucceededById({ taskId: listed?.taskId, output: { status: 'ok' } });
    const done = await m.operations.describeExecution({ flowName: 'b', executionName: 'b1' });
    assert.equal(done.status, 'Succeeded');
    assert.equal(done.waitingTasks, undefined);
  });
});
