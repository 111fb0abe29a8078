import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import { MAX_PAYLOAD_BYTES } from '../../../lib/runtime/index.ts';
import { SEED_EVENT_TYPES } from '../../support/seed-flow.ts';
import {
  assertGapFree,
  callbackFlow,
  createFlow,
  history,
  rejectsWith,
  SEED_FLOW,
  setup,
  start,
  tokens,
} from './runtime-helpers.ts';

const flowName = 'cb';

/** A started seed execution `e` and its token. */
async function waiting(m: MemoryRuntime, definition = SEED_FLOW): Promise<string> {
  await createFlow(m, flowName, definition);
  await start(m, flowName, 'e');
  const [token] = await tokens(m, flowName, 'e');
  assert.ok(token);
  return token;
}

async function status(m: MemoryRuntime): Promise<string> {
  return (await m.operations.describeExecution({ flowName, executionName: 'e' })).status;
}

describe('reports on task tokens', () => {
  it('accepts a report made from inside the function, before its invocation returns (no eventId)', async () => {
    const answers: unknown[] = [];
    const m: MemoryRuntime = setup({
      functions: {
        'fnf-demo/echo': async (event) => {
          const taskToken = (event as { taskToken: string }).taskToken;
          answers.push(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'early' } }));
          return event;
        },
      },
    });
    await createFlow(m, flowName, SEED_FLOW);
    await start(m, flowName, 'e');
    assert.deepEqual(answers, [{}]);
    const execution = await m.operations.describeExecution({ flowName, executionName: 'e' });
    assert.equal(execution.status, 'Succeeded');
    assert.deepEqual(execution.output, { s: 'early' });
    const events = await history(m, flowName, 'e');
    assertGapFree(events);
    assert.deepEqual(
      events.map((e) => e.type),
      SEED_EVENT_TYPES,
    );
    // Repeating that report gets the same answer as the first time.
    const taskToken = String(events[3]?.detail.taskToken);
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'early' } }), {});
  });

  it('answers an identical repeat with the original answer, and a different one with TaskAlreadyCompleted', async () => {
    const m = setup();
    const taskToken = await waiting(m);
    assert.deepEqual(
      await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok', n: [1, 2] } }),
      {
        eventId: 5,
      },
    );
    // Same output given as JSON text with another key order: the same report.
    assert.deepEqual(
      await m.operations.reportTaskSucceeded({ taskToken, output: '{"n":[1,2],"status":"ok"}' }),
      {
        eventId: 5,
      },
    );
    await rejectsWith(
      m.operations.reportTaskSucceeded({ taskToken, output: { status: 'other' } }),
      'TaskAlreadyCompleted',
    );
    await rejectsWith(m.operations.reportTaskFailed({ taskToken, error: 'E' }), 'TaskAlreadyCompleted');
    await rejectsWith(m.operations.reportTaskHeartbeat({ taskToken }), 'TaskAlreadyCompleted');
    const events = await history(m, flowName, 'e');
    assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 1);
  });

  it('repeats of ReportTaskFailed match on error and cause', async () => {
    const m = setup();
    const taskToken = await waiting(m);
    assert.deepEqual(await m.operations.reportTaskFailed({ taskToken, error: 'E', cause: 'c' }), {
      eventId: 5,
    });
    assert.deepEqual(await m.operations.reportTaskFailed({ taskToken, error: 'E', cause: 'c' }), {
      eventId: 5,
    });
    await rejectsWith(
      m.operations.reportTaskFailed({ taskToken, error: 'E', cause: 'other' }),
      'TaskAlreadyCompleted',
    );
  });

  it('answers TaskTimedOut after the task timeout, once the timer has fired', async () => {
    const m = setup();
    const taskToken = await waiting(m, callbackFlow({ timeoutSeconds: 10 }));
    await m.clock.advanceBy(10_000);
    assert.equal(await status(m), 'Failed');
    await rejectsWith(m.operations.reportTaskSucceeded({ taskToken, output: {} }), 'TaskTimedOut');
    await rejectsWith(m.operations.reportTaskHeartbeat({ taskToken }), 'TaskTimedOut');
    const events = await history(m, flowName, 'e');
    assertGapFree(events);
    assert.ok(events.some((e) => e.type === 'TaskTimedOut'));
  });

  it('answers TaskTimedOut after the deadline even when the timer has not fired yet', async () => {
    const m = setup();
    const taskToken = await waiting(m, callbackFlow({ timeoutSeconds: 10 }));
    // Time passes without the timer being delivered (a lost or late timer message).
    m.clock.attach({ nextFireAt: () => undefined, fireDue: async () => {} });
    await m.clock.advanceBy(10_001);
    await rejectsWith(m.operations.reportTaskSucceeded({ taskToken, output: {} }), 'TaskTimedOut');
    assert.equal(await status(m), 'Failed');
    assert.equal((await history(m, flowName, 'e')).filter((e) => e.type === 'TaskSucceeded').length, 0);
  });

  it('accepts heartbeats and times out without them (FnF.HeartbeatTimeout)', async () => {
    const m = setup();
    const taskToken = await waiting(m, callbackFlow({ heartbeatSeconds: 5 }));
    await m.clock.advanceBy(4_000);
    assert.deepEqual(await m.operations.reportTaskHeartbeat({ taskToken }), {});
    await m.clock.advanceBy(4_000);
    assert.equal(await status(m), 'Running');
    await m.clock.advanceBy(1_001);
    const execution = await m.operations.describeExecution({ flowName, executionName: 'e' });
    assert.equal(execution.status, 'Failed');
    assert.equal(execution.error, 'FnF.HeartbeatTimeout');
    await rejectsWith(m.operations.reportTaskHeartbeat({ taskToken }), 'TaskTimedOut');
  });

  it('answers TaskAlreadyCompleted after StopExecution', async () => {
    const m = setup();
    const taskToken = await waiting(m);
    const stopped = await m.operations.stopExecution({
      flowName,
      executionName: 'e',
      error: 'Halt',
      cause: 'test',
    });
    assert.equal(stopped.status, 'Stopped');
    await rejectsWith(m.operations.reportTaskSucceeded({ taskToken, output: {} }), 'TaskAlreadyCompleted');
    await rejectsWith(
      m.operations.stopExecution({ flowName, executionName: 'e' }),
      'ExecutionAlreadyCompleted',
    );
    const events = await history(m, flowName, 'e');
    assertGapFree(events);
    assert.equal(events.at(-1)?.type, 'ExecutionStopped');
  });

  it('refuses an output over 256 KiB with EntityTooLarge and keeps the task waiting', async () => {
    const m = setup();
    const taskToken = await waiting(m);
    const big = { data: 'x'.repeat(MAX_PAYLOAD_BYTES) };
    await rejectsWith(m.operations.reportTaskSucceeded({ taskToken, output: big }), 'EntityTooLarge');
    await rejectsWith(
      m.operations.reportTaskSucceeded({ taskToken, output: JSON.stringify(big) }),
      'EntityTooLarge',
    );
    await rejectsWith(m.operations.reportTaskSucceeded({ taskToken, output: [1] }), 'InvalidArgument');
    assert.equal(await status(m), 'Running');
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
  });

  it('applies concurrent reports on two parallel-branch tokens, both', async () => {
    const m = setup();
    const branch = (name: string) => `      - steps:
          - type: task
            name: ${name}
            resourceArn: acs:fc:::services/fnf-demo/functions/echo
            pattern: waitForCallback
            inputMappings:
              - target: taskToken
                source: $context.task.token
`;
    await createFlow(
      m,
      flowName,
      `version: v1
type: flow
steps:
  - type: parallel
    name: both
    branches:
${branch('left')}${branch('right')}`,
    );
    await start(m, flowName, 'e');
    const [left, right] = await tokens(m, flowName, 'e');
    assert.ok(left && right);
    const conflictsBefore = m.stores.executions.stats.conflicts;
    const answers = await Promise.all([
      m.operations.reportTaskSucceeded({ taskToken: left, output: { a: 1 } }),
      m.operations.reportTaskSucceeded({ taskToken: right, output: { b: 2 } }),
    ]);
    assert.ok(answers.every((answer) => typeof answer.eventId === 'number'));
    assert.ok(m.stores.executions.stats.conflicts > conflictsBefore, 'the two reports raced');
    assert.equal(await status(m), 'Succeeded');
    const events = await history(m, flowName, 'e');
    assertGapFree(events);
    assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 2);
  });

  it('applies concurrent reports on all 100 tokens of a foreach, none failing because of another', async () => {
    const m = setup();
    await createFlow(
      m,
      flowName,
      `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: t
        resourceArn: acs:fc:::services/fnf-demo/functions/echo
        pattern: waitForCallback
        inputMappings:
          - target: taskToken
            source: $context.task.token
`,
    );
    await start(m, flowName, 'e', { items: Array.from({ length: 100 }, (_, i) => i) });
    const all = await tokens(m, flowName, 'e');
    assert.equal(all.length, 100);
    const answers = await Promise.all(
      all.map((taskToken, i) => m.operations.reportTaskSucceeded({ taskToken, output: { i } })),
    );
    assert.equal(new Set(answers.map((answer) => answer.eventId)).size, 100);
    assert.equal(await status(m), 'Succeeded');
    assertGapFree(await history(m, flowName, 'e'));
  });

  it('answers TaskInvalidState when every attempt loses its race, and changes nothing', async () => {
    const m = setup({ maxApplyAttempts: 3 });
    const taskToken = await waiting(m);
    m.stores.executions.faults.failNext('commit', 'conflict', 3);
    await rejectsWith(
      m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }),
      'TaskInvalidState',
    );
    assert.equal(await status(m), 'Running');
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
  });

  it('answers TaskNotExists for an unknown token', async () => {
    const m = setup();
    await rejectsWith(m.operations.reportTaskSucceeded({ taskToken: 'nope', output: {} }), 'TaskNotExists');
    await rejectsWith(m.operations.reportTaskFailed({ taskToken: 'nope', error: 'E' }), 'TaskNotExists');
    await rejectsWith(m.operations.reportTaskHeartbeat({ taskToken: 'nope' }), 'TaskNotExists');
  });
});
