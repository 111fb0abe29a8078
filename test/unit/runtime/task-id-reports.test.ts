/**
 * Reports by task id (api.md `POST /tasks/{taskId}/succeeded|failed|heartbeat`) take the very path of
 * reports by token: the same report gets the same answer, late reports `TaskTimedOut`, a second
 * different one `TaskAlreadyCompleted`, heartbeats restart the clock, and refusals change nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import { callbackFlow, createFlow, history, rejectsWith, setup, start, tokens } from './runtime-helpers.ts';

/** A started execution `e` of a callback flow, its token and its task id. */
async function waiting(
  m: MemoryRuntime,
  options: { timeoutSeconds?: number; heartbeatSeconds?: number } = {},
) {
  await createFlow(m, 'cb', callbackFlow(options));
  await start(m, 'cb', 'e');
  const [token] = await tokens(m, 'cb', 'e');
  const [task] = (await m.operations.listTasks({ flowName: 'cb' })).tasks;
  assert.ok(token && task);
  return { token, taskId: task.taskId };
}

async function status(m: MemoryRuntime): Promise<string> {
  return (await m.operations.describeExecution({ flowName: 'cb', executionName: 'e' })).status;
}

describe('reports by task id', () => {
  it('succeeds the task and answers a repeat, by id or by token, with the original answer', async () => {
    const m = setup();
    const { token, taskId } = await waiting(m, { timeoutSeconds: 60 });
    const answer = await m.operations.reportTaskSucceededById({ taskId, output: { status: 'ok' } });
    assert.ok(answer.eventId !== undefined);
    assert.deepEqual(
      await m.operations.reportTaskSucceededById({ taskId, output: '{"status":"ok"}' }),
      answer,
    );
    assert.deepEqual(
      await m.operations.reportTaskSucceeded({ taskToken: token, output: { status: 'ok' } }),
      answer,
    );
    await rejectsWith(
      m.operations.reportTaskSucceededById({ taskId, output: { status: 'other' } }),
      'TaskAlreadyCompleted',
    );
    await rejectsWith(m.operations.reportTaskFailedById({ taskId, error: 'E' }), 'TaskAlreadyCompleted');
    await rejectsWith(m.operations.reportTaskHeartbeatById({ taskId }), 'TaskAlreadyCompleted');
    await m.drain();
    assert.equal(await status(m), 'Succeeded');
    assert.equal((await history(m, 'cb', 'e')).filter((event) => event.type === 'TaskSucceeded').length, 1);
  });

  it('fails the task with the error and cause given', async () => {
    const m = setup();
    const { taskId } = await waiting(m);
    await m.operations.reportTaskFailedById({ taskId, error: 'Rejected', cause: 'no budget' });
    await m.drain();
    const execution = await m.operations.describeExecution({ flowName: 'cb', executionName: 'e' });
    assert.deepEqual(
      [execution.status, execution.error, execution.cause],
      ['Failed', 'Rejected', 'no budget'],
    );
  });

  it('answers TaskTimedOut after the deadline, whether or not the timer has fired', async () => {
    const m = setup();
    const { taskId } = await waiting(m, { timeoutSeconds: 5 });
    // Time passes without the timer being delivered (a lost or late timer message).
    m.clock.attach({ nextFireAt: () => undefined, fireDue: async () => {} });
    await m.clock.advanceBy(5000);
    await rejectsWith(m.operations.reportTaskSucceededById({ taskId, output: {} }), 'TaskTimedOut');
    await rejectsWith(m.operations.reportTaskSucceededById({ taskId, output: {} }), 'TaskTimedOut');
    assert.equal(await status(m), 'Failed');
  });

  it('restarts the heartbeat clock with a heartbeat by id', async () => {
    const m = setup();
    const { taskId } = await waiting(m, { heartbeatSeconds: 10 });
    for (let round = 0; round < 3; round++) {
      await m.clock.advanceBy(8000);
      assert.deepEqual(await m.operations.reportTaskHeartbeatById({ taskId }), {});
    }
    assert.equal(await status(m), 'Running');
    await m.clock.advanceBy(10_000);
    assert.equal(await status(m), 'Failed');
    await rejectsWith(m.operations.reportTaskHeartbeatById({ taskId }), 'TaskTimedOut');
  });

  it('refuses unknown and malformed ids and bad outputs, and the task keeps waiting', async () => {
    const m = setup();
    const { taskId } = await waiting(m);
    await rejectsWith(
      m.operations.reportTaskSucceededById({ taskId: `${taskId}x`, output: {} }),
      'TaskNotExists',
    );
    await rejectsWith(m.operations.reportTaskSucceededById({ taskId: 'a b', output: {} }), 'InvalidArgument');
    await rejectsWith(m.operations.reportTaskSucceededById({ taskId, output: '[1]' }), 'InvalidArgument');
    await rejectsWith(m.operations.reportTaskFailedById({ taskId, error: '' }), 'InvalidArgument');
    assert.equal(await status(m), 'Running');
    assert.equal((await m.operations.describeTask({ taskId })).status, 'waiting');
  });
});
